/**
 * How a command reaches a Kea server, declared once: `check pool` and `perf` take the same rows.
 * Credentials never come from the command line (other users see it in `ps`): a file, or the
 * environment.
 */
import type { ArgsOf, FlagSpec } from '../flags.js';

/** The environment variables that carry the Control Agent's basic-auth user and password. */
export const KEA_USER_ENV = 'DHCPULSE_KEA_USER';
export const KEA_PASSWORD_ENV = 'DHCPULSE_KEA_PASSWORD';

export const KEA_FLAGS = [
	{ name: 'kea-socket', type: 'string', group: 'Target:', describe: "Kea's unix control socket (the server's control-socket socket-name)" },
	{ name: 'kea-api', type: 'string', group: 'Target:', describe: "the Kea Control Agent's URL, e.g. http://198.19.0.1:8000/" },
	{
		name: 'kea-credentials',
		type: 'string',
		group: 'Target:',
		describe: `--kea-api: a file holding USER:PASSWORD for HTTP basic auth (the form of Kea's own password-file); without it, ${KEA_USER_ENV} and ${KEA_PASSWORD_ENV}`,
	},
	{ name: 'kea-service', type: 'string', group: 'Target:', describe: '--kea-api: the server the agent forwards to, dhcp4 or dhcp6', defaultText: 'dhcp4' },
] as const satisfies readonly FlagSpec[];

export type KeaArgs = ArgsOf<typeof KEA_FLAGS>;
