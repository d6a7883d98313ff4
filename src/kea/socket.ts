import { connect } from 'node:net';

/** Kea's answer to a control command: `result` 0 is success (Kea control channel docs). */
export interface KeaResponse {
	result: number;
	text?: string;
	arguments?: Record<string, unknown>;
}

/**
 * Kea's answer checked for shape: it comes from another process (or across the network through
 * the Control Agent), so it is untrusted input. An agent answers with a list, one element per
 * service asked; the first is the one. Null when it is not `{ result: number, text?: string,
 * arguments?: object }`.
 */
export function keaResponseOf(parsed: unknown): KeaResponse | null {
	const r = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
	if (typeof r !== 'object' || r === null || Array.isArray(r)) return null;
	const o = r as Record<string, unknown>;
	if (typeof o.result !== 'number') return null;
	if (o.text !== undefined && typeof o.text !== 'string') return null;
	const args = o.arguments;
	if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return null;
	return { result: o.result, ...(o.text !== undefined ? { text: o.text } : {}), ...(args !== undefined ? { arguments: args as Record<string, unknown> } : {}) };
}

/**
 * Sends one command over a Kea unix control socket and resolves to Kea's answer.
 * Kea answers with one JSON object and may or may not close the connection, so the reply is
 * read until it parses. Rejects on connection errors and after `timeoutMs`.
 */
export function keaSocketCommand(socketPath: string, command: string, args?: Record<string, unknown>, timeoutMs = 5_000): Promise<KeaResponse> {
	return new Promise((resolve, reject) => {
		const sock = connect(socketPath);
		const chunks: Buffer[] = [];
		let done = false;
		const finish = (error: Error | null, value?: KeaResponse): void => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			if (error) reject(error);
			else resolve(value!);
		};
		const timer = setTimeout(() => finish(new Error(`Kea control socket ${socketPath}: no answer to ${command} within ${timeoutMs} ms`)), timeoutMs);
		const tryParse = (final: boolean): void => {
			const text = Buffer.concat(chunks).toString('utf8');
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				if (final) finish(new Error(`Kea control socket ${socketPath}: unparsable answer to ${command}`));
				return;
			}
			const response = keaResponseOf(parsed);
			if (response) finish(null, response);
			else finish(new Error(`Kea control socket ${socketPath}: an answer to ${command} that is not Kea's {result, text, arguments}`));
		};
		sock.on('connect', () => {
			sock.write(JSON.stringify(args ? { command, arguments: args } : { command }));
		});
		sock.on('data', (b: Buffer) => {
			chunks.push(b);
			tryParse(false);
		});
		sock.on('end', () => tryParse(true));
		// The errno code (ENOENT, ECONNREFUSED, EACCES) stays on the error for the caller to word.
		sock.on('error', (error: NodeJS.ErrnoException) => finish(Object.assign(new Error(`Kea control socket ${socketPath}: ${error.message}`), { code: error.code })));
	});
}

/**
 * Flattens `statistic-get-all`'s arguments (`{ name: [[value, timestamp], …] }`, newest first)
 * to `{ name: value }`.
 */
export function latestStatistics(args: Record<string, unknown> | undefined): Record<string, number | string> {
	const out: Record<string, number | string> = {};
	for (const [name, samples] of Object.entries(args ?? {})) {
		if (Array.isArray(samples) && Array.isArray(samples[0])) {
			const value = (samples[0] as unknown[])[0];
			if (typeof value === 'number' || typeof value === 'string') out[name] = value;
		}
	}
	return out;
}
