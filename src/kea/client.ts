/**
 * One way to talk to a Kea server, whichever road leads there: its unix control socket, or the
 * Kea Control Agent's HTTP API. Every failure to reach it (no socket, refused connection, wrong
 * password, an answer that is not Kea's) is a one-line UserError (exit 3) naming the flag; the
 * password is never part of any message.
 */
import { readFileSync } from 'node:fs';
import { escapeControls } from '../codec/types/text.js';
import { UserError } from '../exit-codes.js';
import { KEA_PASSWORD_ENV, KEA_USER_ENV, type KeaArgs } from './flags.js';
import { KeaHttpError, keaHttpCommand, type Credentials } from './http.js';
import { keaSocketCommand, latestStatistics, type KeaResponse } from './socket.js';

export type KeaService = 'dhcp4' | 'dhcp6';
export const KEA_SERVICES: readonly KeaService[] = ['dhcp4', 'dhcp6'];

export interface KeaClient {
	/** How the client reaches Kea, as the user named it (`--kea-socket PATH`), for messages. */
	readonly where: string;
	/**
	 * Kea's answer to one command (its `result` may be non-zero: the caller decides what a refusal
	 * means). `service` picks the server behind a Control Agent; a control socket is the server's own.
	 */
	command(name: string, args?: Record<string, unknown>, service?: KeaService): Promise<KeaResponse>;
	/** `statistic-get-all`, newest value of each statistic: `{ 'subnet[1].assigned-addresses': 5, … }`. */
	statisticGetAll(service?: KeaService): Promise<Record<string, number | string>>;
	/** A command whose non-zero result is a UserError; resolves to its arguments. */
	ask(name: string, args?: Record<string, unknown>, service?: KeaService): Promise<Record<string, unknown>>;
}

export interface KeaClientOptions {
	/** Kea's unix control socket. */
	socket?: string;
	/** The Control Agent's URL. */
	api?: string;
	/** --kea-api: a file with `user:password`. */
	credentialsFile?: string;
	/** Where DHCPULSE_KEA_USER / DHCPULSE_KEA_PASSWORD are read (default: process.env). */
	env?: NodeJS.ProcessEnv;
	/** The server behind the Control Agent when a command names none (default dhcp4). */
	service?: KeaService;
	timeoutMs?: number;
	/** How messages name the road (default: the flag and its value, `--kea-socket PATH`). */
	label?: string;
}

/** The client `options` describe; a UserError when they name no road, two, or a bad one. */
export function openKeaClient(options: KeaClientOptions): KeaClient {
	if (options.socket !== undefined && options.api !== undefined) throw new UserError('--kea-socket and --kea-api exclude each other: name one way to reach Kea');
	if (options.socket !== undefined) {
		if (options.credentialsFile !== undefined) throw new UserError('--kea-credentials: only for --kea-api (a control socket has no password; its file mode guards it)');
		if (options.socket === '') throw new UserError('--kea-socket: give the path of the control socket');
		return socketClient(options.socket, options.timeoutMs, options.label);
	}
	if (options.api !== undefined) return httpClient(checkUrl(options.api), credentialsOf(options), options.service ?? 'dhcp4', options.timeoutMs, options.label);
	throw new UserError('name the Kea server to ask: --kea-socket PATH or --kea-api URL');
}

/** {@link openKeaClient} from the rows of KEA_FLAGS. */
export function keaClientFromArgs(args: KeaArgs, env: NodeJS.ProcessEnv = process.env): KeaClient {
	if (args['kea-service'] !== undefined && args['kea-api'] === undefined) throw new UserError("--kea-service: only with --kea-api (a control socket is one server's own)");
	return openKeaClient({
		...(args['kea-socket'] !== undefined ? { socket: args['kea-socket'] } : {}),
		...(args['kea-api'] !== undefined ? { api: args['kea-api'] } : {}),
		...(args['kea-credentials'] !== undefined ? { credentialsFile: args['kea-credentials'] } : {}),
		...(args['kea-service'] !== undefined ? { service: serviceOf(args['kea-service']) } : {}),
		env,
	});
}

export function serviceOf(text: string): KeaService {
	if ((KEA_SERVICES as readonly string[]).includes(text)) return text as KeaService;
	throw new UserError(`--kea-service ${escapeControls(text)}: expected ${KEA_SERVICES.join(' or ')}`);
}

/** The agent's URL, refused when it carries credentials: they would be on the command line. */
function checkUrl(text: string): URL {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new UserError(`--kea-api ${escapeControls(text)}: not a URL (e.g. http://198.19.0.1:8000/)`);
	}
	// The URL is not echoed here: it holds a password.
	if (url.username || url.password) throw new UserError(`--kea-api: credentials in the URL would be visible to every user (ps); put USER:PASSWORD in a --kea-credentials file or ${KEA_USER_ENV}/${KEA_PASSWORD_ENV}`);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--kea-api ${escapeControls(text)}: expected an http:// or https:// URL`);
	return url;
}

/**
 * Basic-auth credentials: the --kea-credentials file (`user:password`, Kea's own password-file
 * form, a trailing newline ignored), else the two environment variables, else none.
 */
export function credentialsOf(options: Pick<KeaClientOptions, 'credentialsFile' | 'env'>): Credentials | undefined {
	const file = options.credentialsFile;
	if (file !== undefined) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			throw new UserError(`--kea-credentials ${escapeControls(file)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
		const line = text.replace(/\r?\n$/, '');
		const colon = line.indexOf(':');
		// The file's content is not quoted: it is a password.
		if (colon <= 0 || line.includes('\n')) throw new UserError(`--kea-credentials ${escapeControls(file)}: expected one line USER:PASSWORD`);
		return { user: line.slice(0, colon), password: line.slice(colon + 1) };
	}
	const env = options.env ?? process.env;
	const user = env[KEA_USER_ENV];
	const password = env[KEA_PASSWORD_ENV];
	if (user === undefined && password === undefined) return undefined;
	if (!user || password === undefined) throw new UserError(`${KEA_USER_ENV} and ${KEA_PASSWORD_ENV}: set both, or neither`);
	return { user, password };
}

/** Shared by both roads: the statistics and the checked command on top of `command`. */
function clientOver(where: string, command: KeaClient['command']): KeaClient {
	const ask: KeaClient['ask'] = async (name, args, service) => {
		const r = await command(name, args, service);
		if (r.result !== 0) throw new UserError(`${where}: Kea refused ${name}: ${escapeControls(r.text ?? `result ${r.result}`)}`);
		return r.arguments ?? {};
	};
	return { where, command, ask, statisticGetAll: async (service) => latestStatistics(await ask('statistic-get-all', undefined, service)) };
}

function socketClient(path: string, timeoutMs = 5_000, label?: string): KeaClient {
	const where = label ?? `--kea-socket ${escapeControls(path)}`;
	return clientOver(where, async (name, args) => {
		try {
			return await keaSocketCommand(path, name, args, timeoutMs);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new UserError(`${where}: ${code ? `cannot connect (${code})` : escapeControls((error as Error).message.replace(`Kea control socket ${path}: `, ''))}`);
		}
	});
}

function httpClient(url: URL, credentials: Credentials | undefined, defaultService: KeaService, timeoutMs = 5_000, label?: string): KeaClient {
	const where = label ?? `--kea-api ${escapeControls(url.href)}`;
	return clientOver(where, async (name, args, service) => {
		try {
			return await keaHttpCommand(url.href, name, { service: service ?? defaultService, ...(args ? { args } : {}), ...(credentials ? { credentials } : {}), timeoutMs });
		} catch (error) {
			if (!(error instanceof KeaHttpError)) throw error;
			const f = error.failure;
			switch (f.kind) {
				case 'unreachable':
					throw new UserError(`${where}: cannot connect (${escapeControls(f.code)})`);
				case 'timeout':
					throw new UserError(`${where}: no answer to ${name} within ${timeoutMs} ms`);
				case 'unauthorized':
					throw new UserError(
						credentials
							? `${where}: the Control Agent refused the credentials of user ${escapeControls(credentials.user)} (HTTP ${f.status})`
							: `${where}: the Control Agent asks for credentials (HTTP ${f.status}): give --kea-credentials FILE or ${KEA_USER_ENV}/${KEA_PASSWORD_ENV}`,
					);
				case 'status':
					throw new UserError(`${where}: HTTP ${f.status} to ${name}`);
				case 'malformed':
					throw new UserError(`${where}: an answer to ${name} that is not Kea's [{result, text, arguments}]`);
			}
		}
	});
}
