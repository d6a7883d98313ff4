import { spawn } from 'node:child_process';
import type { Argv } from 'yargs';
import { ExitCode, UserError } from '../exit-codes.js';
import { DEFAULT_LAB_NAME, isServerKind, LAB_ENV, labDown, labExecArgs, labRestart, labStats, labStatus, labUp, listLabNames, SERVER_KINDS, validateLabName, type LabInfo, type ServerKind } from '../lab/index.js';
import { formatLabInfo, formatStatistics } from '../lab/present.js';
import { controlAgentUrl } from '../lab/control-agent.js';
import { requireNetAdmin } from '../lab/privilege.js';
import { epilogue, Group } from './help.js';
import { registered, type Command } from './command.js';
import { whileInterruptible } from '../os/interrupt.js';

interface NameArgs {
	name: string;
}

interface JsonArgs extends NameArgs {
	json: boolean;
}

interface UpArgs extends JsonArgs {
	server: string;
	config?: string;
	install: boolean;
	replace: boolean;
	'control-agent': boolean;
}

interface RestartArgs extends JsonArgs {
	config?: string;
}

interface ExecArgs extends NameArgs {
	cmd?: (string | number)[];
	'--'?: (string | number)[];
}

/**
 * The command `lab exec` runs, word for word. yargs turns words such as `-4` into numbers even
 * after `--`, so the words are taken from the process's own argument vector when it has `--`.
 */
function commandAfterDashes(argv: ExecArgs): string[] {
	const dashes = process.argv.indexOf('--');
	if (dashes >= 0) return process.argv.slice(dashes + 1);
	return [...(argv.cmd ?? []), ...(argv['--'] ?? [])].map(String);
}

const nameOption = {
	type: 'string',
	default: DEFAULT_LAB_NAME,
	describe: 'lab name (several labs can run side by side)',
} as const;

const jsonOption = { type: 'boolean', default: false, describe: 'print one JSON object' } as const;

/** The options of `lab status` and `lab stats`. */
function namedWithJson(y: Argv): Argv {
	return y.option('name', nameOption).option('json', jsonOption).group(['name'], Group.target).group(['json'], Group.output).epilogue(LAB_EPILOGUE);
}

const LAB_EPILOGUE = epilogue({
	exitCodes: [
		'0 OK       done; lab status: the lab runs',
		'2 CRITICAL lab status: the lab is not running',
		'3 UNKNOWN  bad flag or value, missing privilege, or a server that',
		'           rejects --config',
		"lab exec exits with the command's own code",
	],
});

/**
 * Runs `up` with SIGINT/SIGTERM turned into an abort, so an interrupted `up` removes everything
 * it made before the process exits.
 */
async function upInterruptibly(args: UpArgs): Promise<LabInfo> {
	const controller = new AbortController();
	return whileInterruptible(
		(signal) => controller.abort(signal),
		async () => {
			if (!isServerKind(args.server)) throw new UserError(`--server ${args.server}: not one of ${SERVER_KINDS.join(', ')}`);
			return labUp({ name: args.name, server: args.server as ServerKind, config: args.config, install: args.install, replace: args.replace, controlAgent: args['control-agent'], signal: controller.signal });
		},
	);
}

/** Prints the absent lab's name and, to help, the labs that do exist. */
function notFound(name: string): string {
	const others = listLabNames().filter((n) => n !== name);
	return `lab ${name}: not found${others.length > 0 ? ` (labs: ${others.join(', ')})` : ''}\n`;
}

const up: Command = {
	command: 'up',
	describe: 'Create the namespaces, start a real DHCP server in them and wait until it answers',
	builder: (y: Argv) =>
		y
			.option('name', nameOption)
			.option('server', { type: 'string', choices: SERVER_KINDS, default: 'kea4', describe: 'which real server to run' })
			.option('config', { type: 'string', describe: "the server's own configuration file instead of the generated one" })
			.option('install', { type: 'boolean', default: false, describe: "install the server's Debian package if it is missing (root, Debian)" })
			.option('replace', { type: 'boolean', default: false, describe: 'take down a lab of this name first (running, or the leftovers of a killed up), as lab down does' })
			.option('control-agent', {
				type: 'boolean',
				default: false,
				describe: `Kea: also run the Kea Control Agent (kea-ctrl-agent) at ${controlAgentUrl()}, reachable from the client namespace, with basic auth; credentials in the state directory (mode 0600)`,
			})
			.option('json', jsonOption)
			.group(['name', 'server', 'config', 'install', 'replace', 'control-agent'], Group.target)
			.group(['json'], Group.output)
			.epilogue(LAB_EPILOGUE),
	async handler(raw) {
		const argv = raw as unknown as UpArgs;
		const info = await upInterruptibly(argv);
		process.stdout.write(argv.json ? `${JSON.stringify(info)}\n` : formatLabInfo(info));
	},
};

const status: Command = {
	command: 'status',
	describe: 'Say whether a lab runs (exit 0) or not (exit 2); --json gives everything about it',
	builder: (y: Argv) => namedWithJson(y),
	handler(raw) {
		const argv = raw as unknown as JsonArgs;
		const info = labStatus(argv.name);
		if (!info) {
			process.stdout.write(argv.json ? `${JSON.stringify({ name: argv.name, running: false })}\n` : notFound(argv.name));
			return ExitCode.CRITICAL;
		}
		process.stdout.write(argv.json ? `${JSON.stringify(info)}\n` : formatLabInfo(info));
		// Without the privilege to see the server, say so (UNKNOWN) rather than guess "down".
		return info.running ? ExitCode.OK : info.unknown ? ExitCode.UNKNOWN : ExitCode.CRITICAL;
	},
};

const restart: Command = {
	command: 'restart',
	describe: "Restart the lab's server in its namespace (after a crash, a kill, or with another --config), and wait until it answers",
	builder: (y: Argv) =>
		y
			.option('name', nameOption)
			.option('config', { type: 'string', describe: "the server's own configuration file to restart with (default: the current one)" })
			.option('json', jsonOption)
			.group(['name', 'config'], Group.target)
			.group(['json'], Group.output)
			.epilogue(LAB_EPILOGUE),
	async handler(raw) {
		const argv = raw as unknown as RestartArgs;
		const info = await labRestart(argv.name, argv.config !== undefined ? { config: argv.config } : {});
		process.stdout.write(argv.json ? `${JSON.stringify(info)}\n` : formatLabInfo(info));
	},
};

const exec: Command = {
	command: 'exec [cmd..]',
	describe: "Run a command inside the lab's client namespace (put it after --)",
	builder: (y: Argv) =>
		y
			.option('name', nameOption)
			.positional('cmd', { type: 'string', array: true, describe: 'the command and its arguments' })
			.parserConfiguration({ 'populate--': true })
			.group(['name'], Group.target)
			.epilogue(LAB_EPILOGUE),
	async handler(raw) {
		const argv = raw as unknown as ExecArgs;
		validateLabName(argv.name);
		requireNetAdmin('dhcpulse lab exec');
		const info = labStatus(argv.name);
		if (!info) throw new UserError(notFound(argv.name).trim());
		const cmd = commandAfterDashes(argv);
		if (cmd.length === 0) throw new UserError('lab exec: name the command to run after --, e.g. dhcpulse lab exec -- ip addr');
		const [prefix0, ...prefix] = labExecArgs(info);
		// The lab's name goes with the command, so a `perf` inside finds its server's side (perf-ledger.ts).
		const child = spawn(prefix0!, [...prefix, ...cmd], { stdio: 'inherit', env: { ...process.env, [LAB_ENV]: info.name } });
		// A terminal's Ctrl-C reaches the child directly (same process group); a SIGTERM sent to
		// us alone is passed on so the command can clean up.
		return whileInterruptible(
			(signal) => {
				if (signal === 'SIGTERM') child.kill(signal);
			},
			() =>
				new Promise<number>((resolve) => {
					child.on('error', (error) => {
						process.stderr.write(`dhcpulse: lab exec: ${error.message}\n`);
						resolve(ExitCode.UNKNOWN);
					});
					child.on('close', (c, signal) => resolve(c ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15)));
				}),
		);
	},
};

const stats: Command = {
	command: 'stats',
	describe: "Show the lab server's own statistics (Kea statistic-get-all; lease counts for dnsmasq and dhcpd)",
	builder: (y: Argv) => namedWithJson(y),
	async handler(raw) {
		const argv = raw as unknown as JsonArgs;
		const info = labStatus(argv.name);
		if (!info) throw new UserError(notFound(argv.name).trim());
		if (info.unknown) throw new UserError(`lab ${argv.name}: ${info.unknown}`);
		if (!info.running) throw new UserError(`lab ${argv.name}: not running; start its server again with: dhcpulse lab restart --name ${argv.name}`);
		const values = await labStats(info);
		process.stdout.write(argv.json ? `${JSON.stringify(values)}\n` : formatStatistics(values));
	},
};

const down: Command = {
	command: 'down',
	describe: 'Stop the lab server and remove the namespaces and state (safe to repeat, cleans up after a crash)',
	builder: (y: Argv) => y.option('name', nameOption).group(['name'], Group.target).epilogue(LAB_EPILOGUE),
	async handler(raw) {
		const argv = raw as unknown as NameArgs;
		const r = await labDown(argv.name);
		process.stdout.write(r.removed ? `lab ${argv.name}: removed\n` : `lab ${argv.name}: nothing to remove\n`);
	},
};

const command: Command = {
	command: 'lab <command>',
	describe: 'A throw-away network with a real DHCP server (Kea, dnsmasq, ISC dhcpd) in namespaces',
	builder: (y: Argv) =>
		y
			.command(registered(up))
			.command(registered(status))
			.command(registered(restart))
			.command(registered(exec))
			.command(registered(stats))
			.command(registered(down))
			.demandCommand(1, 'name a lab command: up, status, restart, exec, stats or down')
			.epilogue(LAB_EPILOGUE),
	handler() {
		// The sub-commands do the work.
	},
};

export default command;
