import { connect } from 'node:net';

/** Kea's answer to a control command: `result` 0 is success (Kea control channel docs). */
export interface KeaResponse {
	result: number;
	text?: string;
	arguments?: Record<string, unknown>;
}

/**
 * Sends one command over a Kea unix control socket and resolves to Kea's answer.
 * Kea answers with one JSON object and may or may not close the connection, so the reply is
 * read until it parses. Rejects on connection errors and after `timeoutMs`.
 */
export function keaSocketCommand(
	socketPath: string,
	command: string,
	args?: Record<string, unknown>,
	timeoutMs = 5_000,
): Promise<KeaResponse> {
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
			try {
				const parsed = JSON.parse(text) as KeaResponse | KeaResponse[];
				// Some Kea commands answer with a one-element list (the agent's format).
				finish(null, Array.isArray(parsed) ? parsed[0]! : parsed);
			} catch {
				if (final) finish(new Error(`Kea control socket ${socketPath}: unparsable answer to ${command}`));
			}
		};
		sock.on('connect', () => {
			sock.write(JSON.stringify(args ? { command, arguments: args } : { command }));
		});
		sock.on('data', (b: Buffer) => {
			chunks.push(b);
			tryParse(false);
		});
		sock.on('end', () => tryParse(true));
		sock.on('error', (error) => finish(new Error(`Kea control socket ${socketPath}: ${error.message}`)));
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
