/**
 * `dhcpulse perf` flags → a PerfConfig, with every check a user can fail turned into a one-line
 * UserError. perfdhcp's flags keep their meaning (perfdhcp(8), Kea 2.2) except where its
 * default is a trap: -R defaults to 10,000 clients (perfdhcp: 1), and a run with neither -p nor -n
 * stops after 10 s (perfdhcp floods until Ctrl-C). -W is seconds here (perfdhcp: µs).
 *
 * `--scenario avalanche` (shapes/avalanche.ts) starts every client at once and retransmits; pacing and
 * population flags (-r, -n, -f, -F, -P) have no meaning there and are refused rather than
 * ignored (perfdhcp ignores -p and forces its drop time to 1000 s). -d is each client's
 * give-up time from its first transmission (default 60 s); -p, when given, still ends the run.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dhcp4Options } from '../codec/dhcp4/option-defs.js';
import { dhcp6Options } from '../codec/dhcp6/option-defs.js';
import { OptionValueError } from '../wire/errors.js';
import type { Option } from '../codec/option-space.js';
import { parseHex } from '../codec/types/text.js';
import { UserError } from '../exit-codes.js';
import { checkNumber, flagLabel, refuseInstead, typedFlag } from '../flags.js';
import { interfaceExists } from '../transport/raw4.js';
import { localPortOf, serverPortOf } from '../transport/path.js';
import { DEFAULT_BASE_MAC, parseMac48, type Mac48, type MacList } from './clients.js';
import type { PerfConfig, PerfPath } from './config.js';
import { KEA_FLAGS } from '../kea/flags.js';
import { DEFAULTS, MAX_RATE, PERF_FLAGS, perfFlag, type PerfArgs, type PerfFlag, type PerfFlagName } from './flags.js';
import { SHAPE_NAMES, shapeNamed } from './shapes/index.js';
import { CLIENT, clientOptionOf, clientWidth, isPerClient, MAC, RELAY, type ClientOptionFields } from './client-options.js';
import { parseStages, stagesLengthS } from './shapes/stages.js';
import type { LeaseType } from './exchange6.js';
import { CLIENT_ID_KINDS, type ClientIdKind } from './exchange4.js';
import type { RelayOption6 } from './relay-options.js';
import { MAX_VARIANTS, type WeightedOption } from './weighted-options.js';
import type { MaxDrop } from './lifecycle.js';
import { checkTemplates4, parseTemplateHex, type TemplateOffsets, type Templates4 } from './templates.js';

export type { PerfArgs } from './flags.js';

export interface ParsedPerf {
	config: PerfConfig;
	/** `-r 100 (default)` … : what the run will do, said before it starts. */
	defaultsLine: string;
}

/** `-o code,hex` (perfdhcp): a raw option added to every packet. */
export function parseRawOption(spec: string, family: 4 | 6, shown = `-o ${spec}`): Option {
	const m = /^\s*(\d+)\s*,\s*([0-9a-fA-F:\s]*)$/.exec(spec);
	if (!m) throw new UserError(`${shown}: expected CODE,HEX such as 60,646863707075`);
	const code = Number(m[1]);
	const max = family === 4 ? 254 : 65535;
	if (code < 1 || code > max) throw new UserError(`${shown}: option code must be 1 to ${max} for DHCPv${family}`);
	const hex = m[2]!.replace(/[:\s]/g, '');
	if (hex.length % 2 !== 0) throw new UserError(`${shown}: the hex value has an odd number of digits`);
	return { code, data: Buffer.from(hex, 'hex') };
}

/** The digits of {client} and of {relay} (0: there is no -J list, and no {relay}; null: not known yet, checked later). */
interface PlaceholderWidths {
	clients: number;
	relays: number | null;
}

/** `text`'s option with its placeholders' places (client-options.ts); {relay} needs -J's list. */
function perClientOption(flag: string, text: string, widths: PlaceholderWidths, parse: (text: string) => Option): { option: Option; fields: ClientOptionFields } {
	if (text.includes(RELAY) && widths.relays === 0) throw new UserError(`${flag} '${text}': ${RELAY} is the index of the client's relay in the -J list; give -J FILE`);
	return clientOptionOf(text, widths.clients, parse, widths.relays ?? 1);
}

/** --option values; those with {client}, {mac} or {relay} (client-options.ts) also give where each client's characters go. */
function parseOptionLanguage(specs: readonly string[], family: 4 | 6, widths: PlaceholderWidths): { options: Option[]; clientOptions: ClientOptionFields[] } {
	const space = family === 4 ? dhcp4Options : dhcp6Options;
	const clientOptions: ClientOptionFields[] = [];
	const options = specs.map((spec) => {
		try {
			if (!isPerClient(spec)) return space.parseOption(String(spec));
			const { option, fields } = perClientOption('--option', spec, widths, (text) => space.parseOption(text));
			clientOptions.push(fields);
			return option;
		} catch (error) {
			if (error instanceof OptionValueError || error instanceof RangeError) throw new UserError(`--option '${spec}': ${(error as Error).message}`);
			throw error;
		}
	});
	return { options, clientOptions };
}

/**
 * --option-weighted values, `WEIGHT:CODE[FMT]=VALUE`, grouped by option code in the order first
 * given (weighted-options.ts). Like --option's values, they go in every message a client sends.
 */
function parseWeighted(specs: readonly string[], family: 4 | 6, templates: Templates4 | null, fixed: readonly Option[]): WeightedOption[] {
	if (specs.length === 0) return [];
	const first = `--option-weighted '${specs[0]}'`;
	if (templates !== null) throw new UserError(`${first}: not with -T (a template is one message for every client)`);
	const lists: WeightedOption[] = [];
	for (const spec of specs) {
		const m = /^\s*(\d+(?:\.\d+)?)\s*:(.*)$/s.exec(spec);
		if (!m || !(Number(m[1]) > 0)) throw new UserError(`--option-weighted '${spec}': expected WEIGHT:CODE[FMT]=VALUE with a weight above 0, e.g. '3:60="MSFT 5.0"'`);
		if (isPerClient(m[2]!)) throw new UserError(`--option-weighted '${spec}': ${CLIENT}, ${MAC} and ${RELAY} belong in --option`);
		let option: Option;
		try {
			option = (family === 4 ? dhcp4Options : dhcp6Options).parseOption(m[2]!);
		} catch (error) {
			if (error instanceof OptionValueError) throw new UserError(`--option-weighted '${spec}': ${error.message}`);
			throw error;
		}
		if (fixed.some((o) => o.code === option.code)) throw new UserError(`--option-weighted '${spec}': option ${option.code} is also given by --option or -o (one value or a drawn one)`);
		const list = lists.find((l) => l.code === option.code) ?? lists[lists.push({ code: option.code, choices: [] }) - 1]!;
		list.choices.push({ weight: Number(m[1]), option });
	}
	const count = lists.reduce((n, l) => n * l.choices.length, 1);
	if (count > MAX_VARIANTS) throw new UserError(`--option-weighted: ${count} combinations of values, and at most ${MAX_VARIANTS} are kept (a template each)`);
	return lists;
}

/** --client-id: DHCPv4's option 61, or none; a DHCPv6 client always has its DUID (RFC 8415 §21.2). */
function parseClientId(given: string | undefined, family: 4 | 6, templates: Templates4 | null): ClientIdKind {
	if (given === undefined) return 'mac';
	if (family === 6) throw new UserError(`--client-id ${given}: DHCPv4's option 61; a DHCPv6 client always sends its DUID (RFC 8415 §21.2), set with -b duid=…`);
	if (templates !== null) throw new UserError(`--client-id ${given}: the -T template sends its own option 61, or none`);
	if (!(CLIENT_ID_KINDS as readonly string[]).includes(given)) throw new UserError(`--client-id ${given}: expected ${CLIENT_ID_KINDS.join(', ')}`);
	return given as ClientIdKind;
}

/** Relay options have a place only in DHCPv6 relay mode; elsewhere `shown` (the flag as typed) is refused in one line. */
function checkRelayPlace(shown: string, family: 4 | 6, levels: number): void {
	if (family === 4) throw new UserError(`${shown}: DHCPv4's relay agent options are option 82 (RFC 3046): --option '82=agentCircuitID="…", agentRemoteID="…"'`);
	if (levels === 0) throw new UserError(`${shown}: relay options need relay mode; give the SERVER address`);
}

/**
 * --relay-option values: `[LEVEL:]CODE[FMT]=VALUE`, DHCPv6 options of the RELAY-FORW at LEVEL (0,
 * the relay nearest the client, unless given; relay-options.ts), with {client}, {mac} and {relay}
 * filled per client as --option's. DHCPv4 has one relay agent and its options are option 82 (RFC 3046), which
 * --option already gives: one way to say it.
 */
function parseRelayOptions(specs: readonly string[], family: 4 | 6, levels: number, widths: PlaceholderWidths): RelayOption6[] {
	if (specs.length === 0) return [];
	checkRelayPlace(`--relay-option '${specs[0]}'`, family, levels);
	return specs.map((spec) => {
		const m = /^\s*(\d+):(.*)$/s.exec(spec);
		const level = m ? Number(m[1]) : 0;
		const text = m ? m[2]! : spec;
		if (level >= levels) throw new UserError(`--relay-option '${spec}': level ${level}, and -A ${levels} makes levels 0 to ${levels - 1} (0 is the relay nearest the client)`);
		try {
			if (!isPerClient(text)) return { level, option: dhcp6Options.parseOption(text), fields: null };
			const { option, fields } = perClientOption('--relay-option', text, widths, (t) => dhcp6Options.parseOption(t));
			return { level, option, fields };
		} catch (error) {
			if (error instanceof OptionValueError || error instanceof RangeError) throw new UserError(`--relay-option '${spec}': ${(error as Error).message}`);
			throw error;
		}
	});
}

/**
 * perfdhcp's --or LEVEL:CODE,HEX (Kea 2.4 and later, command_options.cc): a raw option in the
 * RELAY-FORW at encapsulation LEVEL, counted from 1, the relay nearest the client (perfdhcp takes
 * level 1 only). The same as --relay-option (LEVEL − 1):…, in perfdhcp's words.
 */
function parseOrOptions(specs: readonly string[], family: 4 | 6, levels: number): RelayOption6[] {
	return specs.map((spec) => {
		const shown = `--or ${spec}`;
		checkRelayPlace(shown, family, levels);
		const m = /^\s*(\d+)\s*:(.*)$/s.exec(spec);
		if (!m) throw new UserError(`${shown}: expected LEVEL:CODE,HEX such as 1:37,0000000901020304`);
		const level = Number(m[1]);
		if (level < 1 || level > levels) throw new UserError(`${shown}: level ${level}; -A ${levels} makes levels 1 to ${levels} (1 is the relay nearest the client)`);
		return { level: level - 1, option: parseRawOption(m[2]!, 6, shown), fields: null };
	});
}

/** Is `address` inside `cidr` (e.g. `198.19.0.2/16`)? */
function sameSubnet(address: string, cidr: string, family: 4 | 6): boolean {
	const [net, lenText] = cidr.split('/');
	const len = Number(lenText);
	const toBig = (a: string): bigint => {
		if (family === 4) return a.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
		const [head, tail] = a.split('%')[0]!.split('::') as [string, string | undefined];
		const h = head ? head.split(':') : [];
		const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
		const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
		return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
	};
	const bits = family === 4 ? 32 : 128;
	const shift = BigInt(bits - len);
	return toBig(address) >> shift === toBig(net!) >> shift;
}

function compareV4(x: string, y: string): number {
	const n = (a: string): number => a.split('.').reduce((v, o) => v * 256 + Number(o), 0);
	return n(x) - n(y);
}

interface LocalAddress {
	address: string;
	cidr: string;
	iface: string;
}

function localAddresses(family: 4 | 6): LocalAddress[] {
	const out: LocalAddress[] = [];
	for (const [iface, list] of Object.entries(networkInterfaces())) {
		for (const a of list ?? []) {
			if (a.internal || a.family !== (family === 4 ? 'IPv4' : 'IPv6')) continue;
			if (family === 6 && a.address.toLowerCase().startsWith('fe80:')) continue;
			if (a.cidr) out.push({ address: a.address, cidr: a.cidr, iface });
		}
	}
	return out;
}

/**
 * Relay mode's local addresses, one per worker: `-l` addresses or interfaces (all of their
 * addresses), or else every local address in the server's subnet. Replies come back to the
 * relay address (RFC 2131 §4.1 giaddr; RFC 8415 §19.3 the relay's source), so each worker binds
 * its own.
 */
function relayAddresses(family: 4 | 6, server: string, given: string[]): string[] {
	const locals = localAddresses(family);
	if (given.length === 0) {
		const found = locals.filter((l) => sameSubnet(server, l.cidr, family)).map((l) => l.address);
		// Lowest address first: deterministic, and the lab's first relay address (198.19.0.2, 2001:db8:2::2).
		found.sort((x, y) => (family === 4 ? compareV4(x, y) : x.localeCompare(y, 'en', { numeric: true })));
		if (found.length === 0) throw new UserError(`${server}: no local IPv${family} address is in its subnet; name the relay address to send from with -l ADDR (an interface without carrier lists no addresses)`);
		return found;
	}
	const out: string[] = [];
	for (const g of given) {
		if (isIP(g) === family) {
			if (!locals.some((l) => l.address === g)) throw new UserError(`-l ${g}: not an address of this host (relay emulation binds it)`);
			out.push(g);
		} else if (isIP(g) !== 0) {
			throw new UserError(`-l ${g}: not an IPv${family} address`);
		} else {
			const mine = locals.filter((l) => l.iface === g).map((l) => l.address);
			if (!interfaceExists(g)) throw new UserError(`-l ${g}: no such interface or address`);
			if (mine.length === 0) throw new UserError(`-l ${g}: the interface has no IPv${family} address to relay from`);
			out.push(...mine);
		}
	}
	return [...new Set(out)];
}

/**
 * perfdhcp's -M FILE: one MAC a line (blank lines and `#` comments skipped), client i the i-th.
 * perfdhcp picks one at random per exchange; here they are clients in their own right, used in
 * order (or in -s's scrambled order), so each exchange of a client keeps its MAC.
 */
function readMacList(file: string): MacList {
	const text = readListFile('-M', file);
	const list: MacList = { hi: [], lo: [] };
	text.split('\n').forEach((raw, i) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) return;
		try {
			const m = parseMac48(line);
			list.hi.push(m.hi);
			list.lo.push(m.lo);
		} catch (error) {
			throw new UserError(`-M ${file} line ${i + 1}: ${(error as Error).message}`);
		}
	});
	if (list.hi.length === 0) throw new UserError(`-M ${file}: no MAC in it (one a line)`);
	return list;
}

/**
 * perfdhcp's -J FILE: one address a line (blank lines and `#` comments skipped). DHCPv4: giaddrs,
 * each an address of this host: the server answers a relay at its giaddr (RFC 2131 §4.1), and
 * dhcpulse receives there (perfdhcp needs Kea's KEA_TEST_SEND_RESPONSES_TO_SOURCE instead).
 * DHCPv6: link-addresses for the innermost RELAY-FORW (RFC 8415 §19.1.1), any IPv6 address.
 */
function readRelayList(file: string, family: 4 | 6): string[] {
	const text = readListFile('-J', file);
	const mine = family === 4 ? new Set(localAddresses(4).map((l) => l.address)) : null;
	const list: string[] = [];
	text.split('\n').forEach((raw, i) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) return;
		if (isIP(line) !== family) throw new UserError(`-J ${file} line ${i + 1}: expected an IPv${family} address, got ${JSON.stringify(line)}`);
		if (mine && !mine.has(line)) throw new UserError(`-J ${file} line ${i + 1}: ${line} is not an address of this host (the server answers a relay at its giaddr)`);
		list.push(line);
	});
	if (list.length === 0) throw new UserError(`-J ${file}: no address in it (one a line)`);
	return list;
}

/** perfdhcp's -T (and its offsets, which need it): the DHCPv4 templates, checked (templates.ts). */
function readTemplates(a: PerfArgs, family: 4 | 6): Templates4 | null {
	const files = (a.template ?? []).map(String);
	const offsets: TemplateOffsets = {
		xid: (a['xid-offset'] ?? []).map((v) => checkNumber({ ...perfFlag('xid-offset'), check: { integer: true } }, String(v))!),
		random: (a['random-offset'] ?? []).map((v) => checkNumber({ ...perfFlag('random-offset'), check: { integer: true } }, String(v))!),
		elapsed: checkNumber(perfFlag('elapsed-offset'), a['elapsed-offset']),
		serverId: checkNumber(perfFlag('srvid-offset'), a['srvid-offset']),
		requestedIp: checkNumber(perfFlag('ip-offset'), a['ip-offset']),
	};
	if (files.length === 0) {
		const given = offsets.xid.length > 0 ? '-X' : offsets.random.length > 0 ? '-O' : offsets.elapsed !== undefined ? '-E' : offsets.serverId !== undefined ? '-S' : offsets.requestedIp !== undefined ? '-I' : null;
		if (given) throw new UserError(`${given}: a template offset; it needs -T FILE (as perfdhcp)`);
		return null;
	}
	if (family === 6) throw new UserError(`-T ${files[0]}: packet templates are done for DHCPv4 only yet`);
	if (files.length > 2) throw new UserError(`-T ${files.join(' ')}: at most two templates (DISCOVER, then REQUEST)`);
	if (files.length === 2 && a['two-way']) throw new UserError(`-T ${files[1]}: a second template is the REQUEST's, and -i sends none`);
	return checkTemplates4(
		files.map((file) => ({ file, bytes: parseTemplateHex(file, readListFile('-T', file)) })),
		offsets,
	);
}

function readListFile(flag: string, file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new UserError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}

/** `-b mac=…` / `-b duid=…` (perfdhcp): the base MAC (and DUID) client 0 gets. */
function parseBase(values: string[], family: 4 | 6): { mac: Mac48; duid: Uint8Array | null; given: boolean } {
	if (values.length === 0) return { mac: parseMac48(DEFAULT_BASE_MAC), duid: null, given: false };
	// perfdhcp takes -b more than once: a mac= and a duid= (DHCPv6: the DUID, its last 6 octets the clients' MACs from mac=).
	if (values.length > 1) {
		const parts = values.map((v) => parseOneBase(v, family));
		const kinds = values.map((v) =>
			v
				.slice(0, v.indexOf('='))
				.toLowerCase()
				.replace(/^ether$/, 'mac'),
		);
		if (values.length > 2 || kinds[0] === kinds[1]) throw new UserError(`-b ${values.join(' -b ')}: give at most one mac=… and one duid=…`);
		const mac = parts[kinds.indexOf('mac')]!;
		const duid = parts[kinds.indexOf('duid')]!;
		const d = Uint8Array.from(duid.duid!);
		d.set([mac.mac.hi >>> 8, mac.mac.hi & 0xff, mac.mac.lo >>> 24, (mac.mac.lo >>> 16) & 0xff, (mac.mac.lo >>> 8) & 0xff, mac.mac.lo & 0xff], d.length - 6);
		return { mac: mac.mac, duid: d, given: true };
	}
	return parseOneBase(values[0]!, family);
}

function parseOneBase(v: string, family: 4 | 6): { mac: Mac48; duid: Uint8Array | null; given: boolean } {
	const eq = v.indexOf('=');
	// perfdhcp takes ether= for mac= (Kea command_options.cc decodeBase).
	const kind =
		eq < 0
			? ''
			: v
					.slice(0, eq)
					.toLowerCase()
					.replace(/^ether$/, 'mac');
	const value = v.slice(eq + 1);
	if (kind === 'mac') {
		try {
			return { mac: parseMac48(value), duid: null, given: true };
		} catch (error) {
			throw new UserError(`-b ${v}: ${(error as Error).message}`);
		}
	}
	if (kind === 'duid') {
		if (family === 4) throw new UserError(`-b ${v}: a DUID base is for DHCPv6 (-6); use -b mac=… for DHCPv4`);
		let duid: Buffer;
		try {
			duid = parseHex(value);
		} catch {
			throw new UserError(`-b ${v}: expected the DUID in hex`);
		}
		// Each client's DUID ends with its 6-octet number, so the DUID needs room for it after its type.
		if (duid.length < 8 || duid.length > 130) throw new UserError(`-b ${v}: a base DUID needs 8 to 130 octets (its last 6 are numbered per client), got ${duid.length}`);
		const t = duid.subarray(duid.length - 6);
		return { mac: { hi: (t[0]! << 8) | t[1]!, lo: ((t[2]! << 24) | (t[3]! << 16) | (t[4]! << 8) | t[5]!) >>> 0 }, duid, given: true };
	}
	throw new UserError(`-b ${v}: expected mac=XX:XX:XX:XX:XX:XX or duid=HEX`);
}

/**
 * perfdhcp's -n, -D and -d take a value per exchange stage (perfdhcp(8): given twice, the second
 * is the REQUEST stage's): the values as typed, the first and the second.
 */
function perStage(a: PerfArgs, name: 'num-request' | 'max-drop' | 'drop-time'): [string | number | undefined, string | number | undefined] {
	const v = a[name];
	if (!Array.isArray(v)) return [v, undefined];
	if (v.length > 2) throw new UserError(`${flagLabel(perfFlag(name))} ${v.join(' ')}: at most two values (one per exchange stage: DISCOVER / SOLICIT, then REQUEST)`);
	return [v[0], v[1]];
}

/** -D N or -D N% (perfdhcp). */
function parseMaxDrop(typed: string): MaxDrop {
	const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(typed.trim());
	if (!m) throw new UserError(`-D ${typed}: expected a number of drops (N) or a percentage (N%)`);
	// perfdhcp(8): "Use -D 0 to abort if even a single request has been dropped": the same as -D 1.
	const maxDrop: MaxDrop = m[2] ? { pct: Number(m[1]) } : { count: Math.max(1, Number(m[1])) };
	if ('count' in maxDrop && !Number.isInteger(maxDrop.count)) throw new UserError(`-D ${typed}: the number of drops must be a whole number`);
	if ('pct' in maxDrop && (maxDrop.pct <= 0 || maxDrop.pct > 100)) throw new UserError(`-D ${typed}: the percentage must be above 0 and at most 100`);
	return maxDrop;
}

/**
 * perfdhcp's -x letters (perfdhcp -h, Kea 2.2): a, e, i, l are done here (a: the settings before
 * the run; e: the report says why the run stopped; i: the interval lines' rates; l: the leases);
 * s, t, T are the capture's job.
 */
function parseDiagnostics(selector: string | undefined): Set<string> {
	const letters = new Set(selector ?? '');
	for (const l of letters) {
		if ('sTt'.includes(l))
			throw new UserError(`-x ${selector}: '${l}' (${l === 's' ? 'the first server id' : l === 't' ? 'per-exchange timestamps' : 'the packet templates'}) is in a capture: use --pcap FILE, then dhcpulse decode FILE`);
		if (!'aeil'.includes(l)) throw new UserError(`-x ${selector}: '${l}' is not a selector letter; expected a (settings), e (exit reason), i (interval rates) or l (leases)`);
	}
	return letters;
}

export function parsePerfArgs(a: PerfArgs): ParsedPerf {
	const family: 4 | 6 = a['6'] ? 6 : 4;
	/** Statements about the run said before the defaults (the avalanche's shape). */
	const notes: string[] = [];
	/** The value chosen for each flag not given whose row says so, as said in the defaults line. */
	const chosen = new Map<PerfFlagName, string>();
	const num = (name: PerfFlagName): number | undefined => checkNumber(perfFlag(name), a[name as keyof PerfArgs] as number | undefined);
	// --stages, --max-in-flight and --lifecycle are load shapes of their own (shapes/stages.ts, shapes/closed-loop.ts, shapes/client-lifecycle.ts).
	const own = (
		[
			['stages', 'stages'],
			['max-in-flight', 'closed-loop'],
			['lifecycle', 'lifecycle'],
		] as const
	).filter(([flag]) => a[flag] !== undefined && a[flag] !== false);
	if (own.length > 1) throw new UserError(`${own.map(([flag]) => `--${flag}`).join(', ')}: two load shapes; give one`);
	const ownShape = own[0];
	if (ownShape && a.scenario !== undefined && a.scenario !== ownShape[1]) throw new UserError(`--${ownShape[0]}: a load shape of its own; it cannot be combined with --scenario ${a.scenario}`);
	const scenario = ownShape ? ownShape[1] : (a.scenario ?? 'basic');
	if (scenario === 'stages' && a.stages === undefined) throw new UserError('--scenario stages: needs --stages DURATION:RATE[,…]');
	if (scenario === 'closed-loop' && a['max-in-flight'] === undefined) throw new UserError('--scenario closed-loop: needs --max-in-flight N');
	const maxInFlight = num('max-in-flight') ?? null;
	const lifecycle = scenario === 'lifecycle';
	for (const flag of ['hold', 'decline-pct', 'inform-pct', 'confirm-pct', 'time-scale'] as const) {
		if (a[flag] !== undefined && !lifecycle) throw new UserError(`--${flag} ${a[flag]}: needs --lifecycle (clients that live through their leases)`);
	}
	// RFC 8415 §18.2.3: CONFIRM is DHCPv6's; a DHCPv4 client that may have moved reboots into INIT-REBOOT (RFC 2131 §3.2), which dhcpulse does not simulate.
	if (a['confirm-pct'] !== undefined && family === 4) throw new UserError(`--confirm-pct ${a['confirm-pct']}: CONFIRM is DHCPv6 (RFC 8415 §18.2.3); add -6`);
	const stages = a.stages === undefined ? null : parseStages(String(a.stages), MAX_RATE);
	const shape = shapeNamed(scenario);
	if (!shape) throw new UserError(`--scenario ${a.scenario}: expected ${SHAPE_NAMES.join(' or ')}`);
	for (const [name, why] of shape.refuses) {
		const value = a[name as keyof PerfArgs];
		if (value !== undefined) throw new UserError(`${flagLabel(perfFlag(name as PerfFlagName))} ${String(value)}: no meaning in --scenario ${scenario} (${why})`);
	}
	// perfdhcp's flags dhcpulse does another way: refused before anything is opened, naming that way.
	refuseInstead(PERF_FLAGS, a);
	for (const f of PERF_FLAGS as readonly PerfFlag[]) {
		const value = a[f.name as keyof PerfArgs];
		if (f.accepted && value !== undefined && value !== false) notes.push(`${typedFlag(f, value)}: ${f.accepted}`);
	}
	if (a['thread-mode'] !== undefined && !['single', 'multi'].includes(String(a['thread-mode']))) throw new UserError(`-g ${a['thread-mode']}: expected single or multi`);
	// -a is checked as a number, then ignored (its row's note says why).
	num('aggressivity');
	if (a.broadcast && family === 6) throw new UserError('-B: the broadcast flag is DHCPv4 (perfdhcp: DHCPv4 only); DHCPv6 on-link clients multicast');
	const diagnostics = parseDiagnostics(a.diagnostics);
	const templates = readTemplates(a, family);
	// perfdhcp: -Y and -y go together (Kea src/bin/perfdhcp/command_options.cc validate).
	const elapsedFrom = num('elapsed-from');
	const elapsedFor = num('elapsed-for');
	if ((elapsedFrom === undefined) !== (elapsedFor === undefined)) throw new UserError(elapsedFrom === undefined ? `-y ${elapsedFor}: needs -Y SECONDS (from when)` : `-Y ${elapsedFrom}: needs -y SECONDS (for how long)`);
	// -N 0 is perfdhcp's "the default".
	const serverPort = num('remote-port') || serverPortOf(family);
	if (shape.note) notes.push(shape.note);
	const avalanche = scenario === 'avalanche';
	// No asked rate where every client starts at once, nor in a closed loop (answers pace it).
	const unpaced = avalanche || scenario === 'closed-loop';
	const rate = unpaced ? 0 : (num('rate') ?? (stages ? 0 : DEFAULTS.rate));
	if (a.rate === undefined && !unpaced) chosen.set('rate', stages ? '0 (where the first stage starts)' : `${rate}`);
	const macFile = a['mac-list'];
	const macList = macFile === undefined ? null : readMacList(String(macFile));
	if (macList && a.base !== undefined) throw new UserError(`-M ${macFile}: not with -b (as in perfdhcp): the list gives every client's MAC`);
	const clients = num('clients') ?? (macList ? macList.hi.length : DEFAULTS.clients);
	// --lifecycle keeps 40 bytes per client, 48 in DHCPv6 (client-events.ts, exchange.ts ClientRequests): 10 million is 480 MB.
	if (lifecycle && clients > 10_000_000) throw new UserError(`-R ${clients}: --lifecycle keeps each client's lease, 10,000,000 clients at most`);
	if (macList && clients > macList.hi.length) throw new UserError(`-R ${clients}: the MAC list ${macFile} has ${macList.hi.length}`);
	if (a.clients === undefined) chosen.set('clients', macList ? `${clients} (the MACs of -M)` : `${clients}`);
	const [nFirst, nSecond] = perStage(a, 'num-request');
	const numRequests = checkNumber(perfFlag('num-request'), nFirst) ?? null;
	let periodS = stages ? stagesLengthS(stages) : (num('period') ?? null);
	if (periodS === null && numRequests === null && !avalanche) {
		periodS = DEFAULTS.periodS;
		chosen.set('period', `${periodS} (neither -p nor -n given: a bounded run, never an endless flood)`);
	}
	// The avalanche's give-up time may be long: its clients retransmit for up to an hour.
	const [dFirst, dSecond] = perStage(a, 'drop-time');
	const dropTimeS = checkNumber({ ...perfFlag('drop-time'), check: { max: avalanche ? 3600 : 60 } }, dFirst) ?? (avalanche ? DEFAULTS.avalancheDropTimeS : DEFAULTS.dropTimeS);
	if (a['drop-time'] === undefined) chosen.set('drop-time', `${dropTimeS}${avalanche ? ' (each client gives up this long after its first transmission)' : ''}`);
	const reportIntervalS = num('report') ?? DEFAULTS.reportIntervalS;
	if (a.report === undefined) chosen.set('report', `${reportIntervalS}`);
	const exitWaitS = num('exit-wait') ?? (avalanche ? DEFAULTS.avalancheExitWaitS : dropTimeS);
	if (a['exit-wait'] === undefined) chosen.set('exit-wait', `${exitWaitS}${avalanche ? ' (after -p or an interrupt)' : ' (the drop time)'}`);
	const renewRate = num('renew-rate') ?? 0;
	const releaseRate = num('release-rate') ?? 0;
	const preload = num('preload') ?? 0;
	const warmUpS = num('warm-up') ?? 0;
	if (a['warm-up-rate'] !== undefined && warmUpS === 0) throw new UserError(`--warm-up-rate ${a['warm-up-rate']}: needs --warm-up SECONDS`);
	// At the asked rate by default: the JIT compiles what the measured run will run, at its pace, and
	// the run starts without a rate step. Lab, DORA at 2,400/s after --warm-up 1, 5 alternating
	// pairs: warmed at 2,400/s, DISCOVER-OFFER p99 0.66–1.25 ms and mean 156–194 µs; warmed at a
	// quarter of it, p99 2.1–7.6 ms and mean 204–420 µs (V8 was still optimizing and deoptimizing
	// the hot paths in the measured run's first 0.3 s, where the sending loop stalled 22–33 times,
	// for 1–9 ms each).
	// Stages that start from 0 warm up at their first target: a warm-up at 0/s would send nothing.
	const warmFromStage = stages !== null && rate === 0;
	const warmUpRate = warmUpS === 0 ? 0 : (num('warm-up-rate') ?? (warmFromStage ? stages[0]!.target : rate));
	if (warmUpS > 0 && a['warm-up-rate'] === undefined) chosen.set('warm-up-rate', `${Math.round(warmUpRate * 100) / 100} (${warmFromStage ? "the first stage's target" : 'the rate of -r'})`);
	const seed = num('seed') ?? null;

	const [maxDropFirst, maxDropSecond] = perStage(a, 'max-drop');
	const maxDrop = maxDropFirst === undefined ? null : parseMaxDrop(String(maxDropFirst));
	// perfdhcp's second -n, -D, -d: the REQUEST stage's own (Kea src/bin/perfdhcp/basic_scen.cc checkExitConditions, one per exchange type).
	const requestStage: PerfConfig['requestStage'] = {
		numRequests: checkNumber(perfFlag('num-request'), nSecond) ?? null,
		maxDrop: maxDropSecond === undefined ? null : parseMaxDrop(String(maxDropSecond)),
		dropTimeS: checkNumber(perfFlag('drop-time'), dSecond) ?? null,
	};
	const second = [nSecond === undefined ? '' : '-n', maxDropSecond === undefined ? '' : '-D', dSecond === undefined ? '' : '-d'].filter(Boolean);
	if (second.length > 0 && (a['two-way'] || a['rapid-commit'])) throw new UserError(`${second[0]}: a second value is for the REQUEST stage, and ${a['two-way'] ? '-i' : '-c'} has none`);
	if (second.length > 0 && avalanche) throw new UserError(`${second[0]}: per-stage values have no meaning in --scenario avalanche (each client's give-up time is one -d)`);

	let leaseType: LeaseType = 'address-only';
	if (a['lease-type'] !== undefined) {
		if (family === 4) throw new UserError(`-e ${a['lease-type']}: lease types (IA_NA / IA_PD) are DHCPv6 only; add -6`);
		if (!['address-only', 'prefix-only', 'address-and-prefix'].includes(a['lease-type'])) {
			throw new UserError(`-e ${a['lease-type']}: expected address-only, prefix-only or address-and-prefix`);
		}
		leaseType = a['lease-type'] as LeaseType;
	}
	// RFC 8415 §18.2.8, §18.2.3: DECLINE and CONFIRM are about addresses (IA_NA); a delegated prefix has neither.
	if (leaseType === 'prefix-only') {
		for (const flag of ['decline-pct', 'confirm-pct'] as const) {
			if (a[flag] !== undefined && Number(a[flag]) > 0)
				throw new UserError(`--${flag} ${a[flag]}: ${flag === 'decline-pct' ? 'DECLINE' : 'CONFIRM'} is for addresses (RFC 8415 ${flag === 'decline-pct' ? '§18.2.8' : '§18.2.3'}), and -e prefix-only leases none`);
		}
	}
	// -i stops at the OFFER / ADVERTISE: there is never a lease to renew or release.
	if (a['two-way'] && (renewRate > 0 || releaseRate > 0)) throw new UserError(`${renewRate > 0 ? '-f' : '-F'}: renews and releases need leases, and -i (2-way) never takes one`);
	if (a['rapid-commit'] && family === 4) throw new UserError('-c: Rapid Commit here is the DHCPv6 option (RFC 8415 §21.14); add -6');

	const base = parseBase((a.base ?? []).map(String), family);
	// The option values are checked here, before the route; {relay}'s width waits for -J's list (below).
	const optionSpecs = (a.option ?? []).map(String);
	let language = parseOptionLanguage(optionSpecs, family, { clients: clientWidth(clients), relays: null });
	const rawOptions = (a['raw-option'] ?? []).map((o) => parseRawOption(String(o), family));
	const thresholds = { maxDropPct: num('max-drop-pct') ?? null, maxRejectPct: num('max-reject-pct') ?? null, maxP99Ms: num('max-p99') ?? null, minRate: num('min-rate') ?? null };
	if (family === 4 && a['relay-levels'] !== undefined) throw new UserError('-A: relay levels are for DHCPv6 RELAY-FORW; DHCPv4 relay emulation uses giaddr');
	if (a['metrics-linger'] !== undefined && a['metrics-listen'] === undefined) throw new UserError(`--metrics-linger ${a['metrics-linger']}: needs --metrics-listen ADDR:PORT`);
	const workersGiven = num('workers');
	// yargs reads `--json -` as an empty --json plus a lone `-` that can land in the SERVER slot.
	const server = typeof a.server === 'string' && a.server !== '' && a.server !== '-' ? a.server : undefined;
	let path: PerfPath;
	let localPort: number;
	const onlinkServer = server === undefined || server === 'all';
	const relayFile = a['relay-list'];
	let relayList: string[] | null = null;
	if (relayFile !== undefined) {
		if (onlinkServer) throw new UserError(`-J ${relayFile}: relay addresses are relay emulation; give the SERVER address`);
		// DHCPv4 answers come back to each giaddr, so they must be ours and one socket binds them all;
		// DHCPv6 answers come back to the relay's own address, whatever the link-address says.
		if (family === 4 && a.local !== undefined) throw new UserError(`-J ${relayFile}: not with -l (the list names the relay addresses)`);
		if (family === 4 && workersGiven !== undefined && workersGiven > 1) throw new UserError(`-J ${relayFile}: one worker receives for every giaddr of the list; drop --workers ${workersGiven}`);
		relayList = readRelayList(String(relayFile), family);
	}
	if (onlinkServer) {
		const iface = a.local?.[0];
		if (!iface || (a.local?.length ?? 0) > 1 || isIP(iface) !== 0) {
			throw new UserError('say where to load: a SERVER address (relay emulation), or -l IFACE alone for on-link clients (v4 broadcast, v6 multicast)');
		}
		if (!interfaceExists(iface)) throw new UserError(`-l ${iface}: no such interface`);
		if (workersGiven !== undefined && workersGiven > 1)
			throw new UserError(`--workers ${workersGiven}: on-link mode runs in one thread (raw sockets cannot live in worker threads); use relay mode (give a SERVER) to use more`);
		if (a['relay-levels'] !== undefined) throw new UserError('-A: relay levels need relay mode; give the SERVER address');
		if (renewRate > 0 && family === 4) throw new UserError('-f: on-link DHCPv4 renews are unicast to the leased address, which a simulated client cannot receive; use relay mode (give a SERVER)');
		if (lifecycle && family === 4) throw new UserError('--lifecycle: on-link DHCPv4 renews are unicast to the leased address, which a simulated client cannot receive; use relay mode (give a SERVER)');
		path = { kind: 'onlink', iface };
		localPort = localPortOf(family, 'onlink');
	} else {
		if (isIP(server) !== family) throw new UserError(`${server}: expected the server's IPv${family} address${family === 4 && isIP(server) === 6 ? ' (add -6 for DHCPv6)' : ''}`);
		// -J: every giaddr of the list receives its replies, so the one worker binds them all (0.0.0.0).
		const locals =
			relayList && family === 4
				? ['0.0.0.0']
				: relayAddresses(
						family,
						server,
						(a.local ?? [])
							.flatMap((l) => String(l).split(','))
							.map((l) => l.trim())
							.filter(Boolean),
					);
		path = { kind: 'relay', locals, server };
		localPort = localPortOf(family, 'relay');
	}
	const workers = workersGiven ?? DEFAULTS.workers;
	if (maxInFlight !== null && maxInFlight < workers) throw new UserError(`--max-in-flight ${maxInFlight}: fewer than the ${workers} workers, and each keeps at least one exchange outstanding`);
	if (a.workers === undefined) chosen.set('workers', `${workers}`);
	if (path.kind === 'relay' && path.locals.length < workers) {
		throw new UserError(`--workers ${workers}: each worker needs its own relay address and ${path.locals.length} found (${path.locals.join(', ')}); add addresses with -l`);
	}
	localPort = num('local-port') ?? localPort;
	const relayLevels = family === 6 && path.kind === 'relay' ? (num('relay-levels') ?? 1) : 0;
	// {relay}: the index of a client's relay in -J's list (client-options.ts).
	const widths = { clients: clientWidth(clients), relays: relayList === null ? 0 : clientWidth(relayList.length) };
	if (optionSpecs.some((s) => s.includes(RELAY))) language = parseOptionLanguage(optionSpecs, family, widths);
	const options = [...rawOptions, ...language.options];
	const relayOptions = [...parseRelayOptions((a['relay-option'] ?? []).map(String), family, relayLevels, widths), ...parseOrOptions((a.or ?? []).map(String), family, relayLevels)];
	const config: PerfConfig = {
		family,
		scenario,
		path,
		localPort,
		serverPort,
		rate,
		maxInFlight,
		stages,
		renewRate,
		releaseRate,
		holdS: num('hold') ?? null,
		declinePct: num('decline-pct') ?? 0,
		informPct: num('inform-pct') ?? 0,
		confirmPct: num('confirm-pct') ?? 0,
		timeScale: num('time-scale') ?? 1,
		clients,
		twoWay: a['two-way'] === true,
		baseMac: base.mac,
		macList,
		relayList,
		templates,
		raisedSecs: elapsedFrom === undefined || elapsedFor === undefined ? null : { fromS: elapsedFrom, forS: elapsedFor },
		baseDuid: base.duid,
		seed,
		dropTimeS,
		reportIntervalS,
		periodS,
		numRequests,
		maxDrop,
		requestStage,
		exitWaitS,
		preload,
		warmUpS,
		warmUpRate,
		options,
		clientOptions: language.clientOptions,
		clientId: parseClientId(a['client-id'], family, templates),
		weightedOptions: parseWeighted((a['option-weighted'] ?? []).map(String), family, templates, options),
		relayOptions,
		leaseType,
		rapidCommit: a['rapid-commit'] === true,
		relayLevels,
		workers,
		busyPoll: a['busy-poll'] === true,
		// yargs hands `--json -` over as an empty string; both mean stdout.
		json: a.json === undefined ? null : a.json === '' ? '-' : a.json,
		hdrLog: a['hdr-log'] ?? null,
		csv: a.csv ?? null,
		jsonl: a.jsonl ?? null,
		html: a.html ?? null,
		pcap: a.pcap ?? null,
		metricsListen: a['metrics-listen'] ?? null,
		metricsLingerS: num('metrics-linger') ?? DEFAULTS.metricsLingerS,
		kea: Object.fromEntries(KEA_FLAGS.filter((f) => a[f.name] !== undefined).map((f) => [f.name, a[f.name]])),
		lab: a.lab ?? null,
		thresholds,
		checkUnique: a.unique === true,
		printLeases: diagnostics.has('l'),
		printSettings: diagnostics.has('a'),
		leaseBook: a.unique === true || diagnostics.has('l'),
		wrapped: a.wrapped === undefined || a.wrapped === '' ? null : a.wrapped,
		echo: {},
	};
	config.echo = echoOf(config, a, server ?? null);
	for (const f of PERF_FLAGS) if ('sayDefault' in f && chosen.has(f.name)) notes.push(`${flagLabel(f)} ${chosen.get(f.name)}`);
	return { config, defaultsLine: notes.length > 0 ? `defaults: ${notes.join(', ')}` : '' };
}

/**
 * The JSON summary's \`settings\`: every flag row with a setting, as the run will use it (a
 * default included), or as it was typed (\`echo: 'given'\`); plus where the load goes.
 */
function echoOf(c: PerfConfig, a: PerfArgs, server: string | null): Record<string, unknown> {
	const echo: Record<string, unknown> = { server, local: c.path.kind === 'relay' ? c.path.locals.slice(0, c.workers) : c.path.iface };
	for (const f of PERF_FLAGS) {
		if (!('setting' in f) || ('echo' in f && f.echo === false)) continue;
		echo[f.setting] = 'echo' in f && f.echo === 'given' ? (a[f.name as keyof PerfArgs] ?? null) : c[f.setting];
	}
	// perfdhcp's second -n / -D / -d (the REQUEST stage's), only when one was given.
	const r = c.requestStage;
	if (r.numRequests !== null || r.maxDrop !== null || r.dropTimeS !== null) echo.requestStage = r;
	// Lease types are DHCPv6's (IA_NA / IA_PD): a DHCPv4 run has none.
	if (c.family === 4) echo.leaseType = null;
	return echo;
}
