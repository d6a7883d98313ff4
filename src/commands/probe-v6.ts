import { parseHardwareAddress } from '../codec/types/index.js';
import { dhcp6Options, duidBytes, duidLL, parseDuid } from '../codec/dhcp6/index.js';
import { UserError } from '../exit-codes.js';
import { discover6, inform6, lease6, type Probe6Settings } from '../probe/dhcp6.js';
import type { Path } from '../transport/path.js';
import { nameServersOnLink } from '../probe/neighbours.js';
import type { ProbeOutcome } from '../probe/outcome.js';
import { outcome6 } from '../probe/view6.js';
import { allowList, macFrom, parseOptions, parseRequestList, runProbe, totalWait, type LeaseArgs, type ProbeArgs } from './probe-common.js';

/**
 * The client DUID: `--duid` as hex (`00:03:00:01:02:00:00:00:00:01`) or in the text form
 * (`type=LL, htype=1, lladdr=…`), else DUID-LL (RFC 8415 §11.4) of --mac or of a random MAC.
 */
export function clientDuid(args: Pick<ProbeArgs, 'duid' | 'mac'>): Uint8Array {
	if (args.duid !== undefined) {
		let bytes: Uint8Array;
		try {
			bytes = duidBytes(parseDuid(String(args.duid)));
		} catch (error) {
			throw new UserError(`--duid ${args.duid}: ${(error as Error).message}`);
		}
		// RFC 8415 §11.1: a DUID is 2 octets of type plus at most 128 octets of identifier.
		if (bytes.length < 3 || bytes.length > 130) throw new UserError(`--duid ${args.duid}: a DUID is 3 to 130 bytes, got ${bytes.length}`);
		return bytes;
	}
	return duidBytes(duidLL(macFrom(args.mac, parseHardwareAddress)));
}

/** DHCPv6 flavours of the probe commands: discover (SOLICIT), ping (INFORMATION-REQUEST), lease (SARR). */
export async function probe6(command: 'discover' | 'ping' | 'lease', args: ProbeArgs, path: Path): Promise<number> {
	if (path.family !== 6) throw new Error('probe6 needs a DHCPv6 path');
	const lease = args as LeaseArgs;
	const iaPd = lease['ia-pd'] === true;
	// IA_NA is the default; --ia-pd alone asks for a prefix only.
	const iaNa = lease['ia-na'] === true || !iaPd;
	if (lease.decline && lease.keep) throw new UserError('--decline and --keep contradict each other');
	if (lease.decline && !iaNa) throw new UserError('--decline needs --ia-na: DHCPv6 DECLINE is for addresses only (RFC 8415 §18.2.8)');
	if (lease.confirm && !iaNa) throw new UserError('--confirm needs --ia-na: CONFIRM checks addresses only (RFC 8415 §18.2.3)');
	const oro = parseRequestList(args.request, dhcp6Options);
	const settings: Probe6Settings = {
		path,
		duid: clientDuid(args),
		...(oro ? { requestList: oro } : {}),
		options: parseOptions(args.option, dhcp6Options),
		// Hundredths of a second (RFC 8415 §21.9); familyOf checked the range.
		elapsed: Math.round((args.secs ?? 0) * 100),
		iaNa,
		iaPd,
		rapidCommit: lease['rapid-commit'] === true,
		tries: args.tries,
		timeoutMs: args.timeout * 1000,
		wait: args.wait === true,
	};
	const waitedS = totalWait(args.tries, args.timeout);
	const run = async (s: Probe6Settings): Promise<ProbeOutcome> => {
		switch (command) {
			case 'discover':
				return outcome6(await discover6(s), 'discover', waitedS);
			case 'ping':
				return outcome6(await inform6(s), 'ping', waitedS);
			case 'lease':
				return outcome6(
					await lease6(s, {
						keep: lease.keep === true,
						renew: lease.renew === true,
						rebind: lease.rebind === true,
						confirm: lease.confirm === true,
						decline: lease.decline === true,
					}),
					'lease',
					waitedS,
				);
		}
	};
	return runProbe(args, dhcp6Options, async (signal) => {
		const outcome = await run({ ...settings, signal });
		// On-link, servers answer from their link-local address; a user names them by any other.
		if (path.kind === 'onlink' && args['allow-server']) await nameServersOnLink(outcome, path.iface, allowList(args['allow-server']));
		return outcome;
	});
}
