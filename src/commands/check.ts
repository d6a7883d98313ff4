import type { Argv } from 'yargs';
import { escapeControls } from '../codec/types/text.js';
import { UserError } from '../exit-codes.js';
import { addFlags, type ArgsOf, type FlagSpec } from '../flags.js';
import { keaClientFromArgs, openKeaClient, type KeaClient } from '../kea/client.js';
import { KEA_FLAGS, KEA_PASSWORD_ENV, KEA_USER_ENV } from '../kea/flags.js';
import { configuredSubnets, poolReport, selectFrom } from '../kea/pool.js';
import { DEFAULT_THRESHOLDS, judgePools, renderPools, thresholdsOf } from '../kea/pool-check.js';
import { labStatus, validateLabName } from '../lab/index.js';
import { registered, type Command } from './command.js';
import { footer, Group } from './help.js';

const POOL_FLAGS = [
	{ name: 'lab', type: 'string', group: Group.target, describe: 'the Kea server of this dhcpulse lab, through its control socket (instead of --kea-socket or --kea-api)' },
	{ name: 'subnet', type: 'string', group: Group.target, describe: 'check only this subnet (its Kea subnet ID or its prefix) or shared network (its name)' },
	{ name: 'warning', alias: 'w', type: 'string', group: Group.thresholds, describe: 'WARNING when a pool is used above this, in per cent', defaultText: `${DEFAULT_THRESHOLDS.warning}%` },
	{ name: 'critical', alias: 'c', type: 'string', group: Group.thresholds, describe: 'CRITICAL when a pool is used above this, in per cent', defaultText: `${DEFAULT_THRESHOLDS.critical}%` },
	{ name: 'json', type: 'boolean', group: Group.output, describe: 'one JSON document on stdout' },
	{ name: 'nagios', type: 'boolean', group: Group.output, describe: 'one monitoring-plugin line with perfdata on stdout' },
] as const satisfies readonly FlagSpec[];

type PoolArgs = ArgsOf<typeof KEA_FLAGS> & ArgsOf<typeof POOL_FLAGS>;

/** The Kea server to ask: the lab's control socket with --lab, else the --kea-* flags. */
function clientFor(args: PoolArgs): KeaClient {
	if (args.lab === undefined) return keaClientFromArgs(args);
	if (args['kea-socket'] !== undefined || args['kea-api'] !== undefined) throw new UserError('--lab names the Kea server already: leave out --kea-socket and --kea-api');
	const name = validateLabName(args.lab);
	const info = labStatus(name);
	if (!info) throw new UserError(`--lab ${name}: no such lab`);
	if (!info.controlSocket) throw new UserError(`--lab ${name}: its ${info.server} server has no Kea control socket; check pool reads Kea's statistics`);
	return openKeaClient({ socket: info.controlSocket });
}

const pool: Command = {
	command: 'pool',
	describe: "Check Kea's address and prefix pools: use per subnet and shared network, as a monitoring plugin",
	builder: (y: Argv) =>
		footer(addFlags(addFlags(y, KEA_FLAGS), POOL_FLAGS), {
			examples: [
				['dhcpulse check pool --kea-socket /run/kea/kea4-ctrl-socket --nagios', 'every v4 subnet, one plugin line with perfdata'],
				['dhcpulse check pool --kea-api http://10.0.0.2:8000/ --kea-service dhcp6 --kea-credentials FILE', `v6 NAs and PDs through the Control Agent (or ${KEA_USER_ENV}, ${KEA_PASSWORD_ENV})`],
				['dhcpulse check pool --lab default --subnet 198.18.0.0/16 -w 70% -c 90%', "one subnet of a lab's Kea"],
			],
			exitCodes: [
				'0 OK       every pool used at most -w',
				'1 WARNING  a subnet or shared network used above -w',
				'2 CRITICAL a subnet or shared network used above -c',
				'3 UNKNOWN  bad flag or value, unknown subnet, Kea unreachable,',
				"           credentials refused, or an answer that is not Kea's",
			],
		}),
	async handler(raw) {
		const args = raw as PoolArgs;
		if (args.json && args.nagios) throw new UserError('--json and --nagios exclude each other');
		const thresholds = thresholdsOf(args.warning, args.critical);
		const client = clientFor(args);
		const config = configuredSubnets(await client.ask('config-get'));
		if (!config) throw new UserError(`${client.where}: config-get answered without a Dhcp4 or Dhcp6 configuration`);
		let report = poolReport(config, await client.statisticGetAll());
		if (args.subnet !== undefined) {
			const picked = selectFrom(report, args.subnet);
			if (!picked) {
				const known = report.subnets.map((s) => `${s.id}${s.prefix !== null ? ` ${s.prefix}` : ''}`).join(', ');
				throw new UserError(`--subnet ${escapeControls(args.subnet)}: no such subnet ID, prefix or shared network in Kea's configuration (subnets: ${escapeControls(known) || 'none'})`);
			}
			report = picked;
		}
		const judgement = judgePools(report, thresholds);
		const out = renderPools(report, judgement, thresholds, client.where, args.json ? 'json' : args.nagios ? 'nagios' : 'text');
		process.stdout.write(out.stdout);
		process.stderr.write(out.stderr);
		return judgement.verdict.exitCode;
	},
};

const command: Command = {
	command: 'check <command>',
	describe: "Monitoring checks of a DHCP server's state (Kea's pools)",
	builder: (y: Argv) => y.command(registered(pool)).demandCommand(1, 'name a check: pool'),
	handler() {
		// The sub-commands do the work.
	},
};

export default command;
