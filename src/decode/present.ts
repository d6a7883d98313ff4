/**
 * How `dhcpulse decode` prints frames: a text block per DHCP packet (a header line, then the
 * codec's dump) or one JSON object per line, and the one-line reports for malformed packets and
 * undecodable frames.
 */
import * as dhcp4 from '../codec/dhcp4/index.js';
import * as dhcp6 from '../codec/dhcp6/index.js';
import type { DhcpFrame, Endpoints, MalformedFrame, UndecodableFrame } from './frame.js';

export type TimePrecision = 'us' | 'ns';

/** Date's range: ±8.64e15 ms around the epoch (ECMA-262 §21.4.1.1). */
const DATE_LIMIT_S = 8_640_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
	const q = a / b;
	return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` for any whole second, beyond Date's range too (a pcapng timestamp is 64
 * bits of ticks): days to civil date after H. Hinnant's `civil_from_days`, years past 9999 in
 * ISO 8601's expanded form (`+275761-…`).
 */
function civil(seconds: bigint): string {
	if (seconds > -DATE_LIMIT_S && seconds < DATE_LIMIT_S) return new Date(Number(seconds) * 1000).toISOString().slice(0, -5);
	const days = floorDiv(seconds, 86_400n);
	const secs = seconds - days * 86_400n;
	const z = days + 719_468n;
	const era = floorDiv(z, 146_097n);
	const doe = z - era * 146_097n;
	const yoe = (doe - doe / 1460n + doe / 36_524n - doe / 146_096n) / 365n;
	const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
	const mp = (5n * doy + 2n) / 153n;
	const day = doy - (153n * mp + 2n) / 5n + 1n;
	const month = mp < 10n ? mp + 3n : mp - 9n;
	const year = yoe + era * 400n + (month <= 2n ? 1n : 0n);
	const yearText = year >= 0n && year <= 9999n ? year.toString().padStart(4, '0') : `${year < 0n ? '-' : '+'}${(year < 0n ? -year : year).toString().padStart(6, '0')}`;
	const two = (n: bigint): string => n.toString().padStart(2, '0');
	return `${yearText}-${two(month)}-${two(day)}T${two(secs / 3600n)}:${two((secs / 60n) % 60n)}:${two(secs % 60n)}`;
}

/**
 * ISO 8601 UTC with the capture's precision: `2026-11-20T23:40:01.123456Z` (µs) or
 * `…01.123456789Z` (ns). Exact for any 64-bit timestamp, negative ones included.
 */
export function formatTime(ns: bigint, precision: TimePrecision): string {
	const seconds = floorDiv(ns, 1_000_000_000n);
	const digits = (ns - seconds * 1_000_000_000n).toString().padStart(9, '0');
	return `${civil(seconds)}.${precision === 'us' ? digits.slice(0, 6) : digits}Z`;
}

/** `198.18.0.1:67`, `[fe80::1]:546`. */
export function formatEndpoint(family: 4 | 6, address: string, port: number): string {
	return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `DHCPOFFER`; `BOOTREQUEST`/`BOOTREPLY` when there is no (well-formed) message type option. */
function dhcp4Name(message: dhcp4.Dhcp4Message): string {
	const mt = dhcp4.mergeOptions(message.options).find((o) => o.code === 53);
	if (mt && mt.data.length === 1) {
		const name = dhcp4.MESSAGE_TYPES[mt.data[0]!];
		return name ? `DHCP${name.toUpperCase()}` : `DHCP message type ${mt.data[0]}`;
	}
	return message.op === dhcp4.BOOTREQUEST ? 'BOOTREQUEST' : message.op === dhcp4.BOOTREPLY ? 'BOOTREPLY' : `BOOTP op ${message.op}`;
}

/** `SOLICIT`; a relay message names what it carries: `RELAY-FORW(SOLICIT)`, `RELAY-REPL(RELAY-REPL(ADVERTISE))`. */
function dhcp6Name(message: dhcp6.Dhcp6Message): string {
	const names: string[] = [];
	let m: dhcp6.Dhcp6Message | undefined = message;
	let depth = 0;
	while (m) {
		names.push(dhcp6.msgTypeName(m.msgType));
		if (!dhcp6.isRelay(m)) break;
		// decode() already checked the framing of every relayed message, so this cannot throw.
		m = dhcp6.relayedMessage(m, ++depth);
	}
	return names.reduceRight((inner, outer) => `${outer}(${inner})`);
}

export function messageName(result: DhcpFrame): string {
	return result.family === 4 ? dhcp4Name(result.message as dhcp4.Dhcp4Message) : dhcp6Name(result.message as dhcp6.Dhcp6Message);
}

function route(e: Endpoints): string {
	return `${formatEndpoint(e.family, e.src, e.sport)} → ${formatEndpoint(e.family, e.dst, e.dport)}`;
}

/** `#12 2026-11-20T23:40:01.123456Z 198.18.0.1:67 → 255.255.255.255:68 DHCPOFFER (342 bytes)`, then the dump. */
export function formatPacketText(result: DhcpFrame, precision: TimePrecision): string {
	const header = `#${result.frame} ${formatTime(result.timestamp, precision)} ${route(result)} ${messageName(result)} (${result.payload.length} bytes)`;
	return `${header}\n${dump(result.family, result.message)}\n`;
}

/**
 * `#12 … 198.18.0.1:67 → 255.255.255.255:68 malformed: ERR_TRUNCATED at offset 57: …` (offset within
 * the UDP payload), or `… truncated at frame byte 342: …` for a frame that ends before its IP/UDP
 * length says, then the dump of what decoded there, if it did.
 */
export function formatMalformedText(result: MalformedFrame, precision: TimePrecision): string {
	const e = result.error;
	const t = result.truncated;
	const what = e === t ? `truncated at frame byte ${e.offset}: ${e.message}` : `${e.code} at offset ${e.offset}: ${e.message}${t ? `; truncated at frame byte ${t.offset}: ${t.message}` : ''}`;
	const line = `#${result.frame} ${formatTime(result.timestamp, precision)} ${route(result)} malformed (${result.payload.length} bytes): ${what}\n`;
	return result.message ? `${line}${dump(result.family, result.message)}\n` : line;
}

function dump(family: 4 | 6, message: dhcp4.Dhcp4Message | dhcp6.Dhcp6Message): string {
	return family === 4 ? dhcp4.formatMessage(message as dhcp4.Dhcp4Message) : dhcp6.formatMessage(message as dhcp6.Dhcp6Message, '  ');
}

/** The stderr line for a frame whose link/IP/UDP headers do not parse. */
export function formatUndecodable(result: UndecodableFrame): string {
	const e = result.error;
	const cut = result.cut ? `; the capture kept ${result.captured} of its ${result.origLength} bytes` : '';
	return `frame ${result.frame}: not a readable IP/UDP frame: ${e.code} at offset ${e.offset}: ${e.message}${cut}`;
}

/** `{frame, time, src, dst, sport, dport, family, packet}` (packet: docs/json-schema.md). */
export function packetJSON(result: DhcpFrame, precision: TimePrecision): Record<string, unknown> {
	const packet = packetOf(result.family, result.message);
	return { frame: result.frame, time: formatTime(result.timestamp, precision), src: result.src, dst: result.dst, sport: result.sport, dport: result.dport, family: result.family, packet };
}

/** `{frame, time, src, dst, sport, dport, family, error: {code, offset, message}}`; offset within the UDP payload. */
export function malformedJSON(result: MalformedFrame, precision: TimePrecision): Record<string, unknown> {
	return {
		frame: result.frame,
		time: formatTime(result.timestamp, precision),
		src: result.src,
		dst: result.dst,
		sport: result.sport,
		dport: result.dport,
		family: result.family,
		error: result.error.toJSON(),
		...(result.truncated ? { truncated: result.truncated.toJSON() } : {}),
		...(result.message ? { packet: packetOf(result.family, result.message) } : {}),
	};
}

function packetOf(family: 4 | 6, message: dhcp4.Dhcp4Message | dhcp6.Dhcp6Message): unknown {
	return family === 4 ? dhcp4.toJSON(message as dhcp4.Dhcp4Message) : dhcp6.messageToJSON(message as dhcp6.Dhcp6Message);
}
