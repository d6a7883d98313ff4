import { keaResponseOf, type KeaResponse } from './socket.js';

/** Basic-auth credentials for the Kea Control Agent (RFC 7617). */
export interface Credentials {
	user: string;
	password: string;
}

/** Why an HTTP command failed, for the caller to word (it knows which flag named the URL). */
export type KeaHttpFailure = { kind: 'unreachable'; code: string } | { kind: 'timeout' } | { kind: 'unauthorized'; status: number } | { kind: 'status'; status: number } | { kind: 'malformed' };

export class KeaHttpError extends Error {
	constructor(readonly failure: KeaHttpFailure) {
		super(failure.kind);
		this.name = 'KeaHttpError';
	}
}

/**
 * Sends one command to the Kea Control Agent's HTTP API: a JSON POST of `{command, service,
 * arguments}` whose answer is a list with one `{result, text, arguments}` per service (Kea ARM,
 * "Management API": the agent forwards the command to the named server's control socket).
 * The agent refuses a request without `Content-Type: application/json` (400). With
 * credentials, an `Authorization: Basic` header (RFC 7617); the agent answers 401 to a wrong or
 * missing one. Rejects with a {@link KeaHttpError} that never carries the password.
 */
export async function keaHttpCommand(url: string, command: string, options: { service?: string; args?: Record<string, unknown>; credentials?: Credentials; timeoutMs?: number } = {}): Promise<KeaResponse> {
	const body = { command, ...(options.service ? { service: [options.service] } : {}), ...(options.args ? { arguments: options.args } : {}) };
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (options.credentials) headers.authorization = `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`, 'utf8').toString('base64')}`;
	let res: Response;
	try {
		res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(options.timeoutMs ?? 5_000), redirect: 'error' });
	} catch (error) {
		const e = error as Error & { cause?: { code?: string } };
		if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new KeaHttpError({ kind: 'timeout' });
		throw new KeaHttpError({ kind: 'unreachable', code: e.cause?.code ?? e.message });
	}
	const text = await res.text().catch(() => '');
	if (res.status === 401 || res.status === 403) throw new KeaHttpError({ kind: 'unauthorized', status: res.status });
	if (!res.ok) throw new KeaHttpError({ kind: 'status', status: res.status });
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new KeaHttpError({ kind: 'malformed' });
	}
	const response = keaResponseOf(parsed);
	if (!response) throw new KeaHttpError({ kind: 'malformed' });
	return response;
}
