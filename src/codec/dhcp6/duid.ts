/**
 * DHCP Unique Identifiers (RFC 8415 §11): the content of the Client Identifier and Server
 * Identifier options. DUID-LLT, DUID-EN, DUID-LL (RFC 8415 §11.2–§11.4) and DUID-UUID (RFC 6355)
 * are read into their fields; any other type, or a known type whose length does not fit it,
 * stays raw bytes, so every DUID re-encodes to exactly the bytes it came from.
 */
import { OptionValueError } from '../../wire/errors.js';
import { formatHex, normalizeName, parseHardwareAddress, parseHex, parseInteger, splitKeyValue, splitTopLevel, stripComment, unbracket, type ValueType } from '../types/index.js';
import { DUID_TYPE_NAMES, DuidType } from './constants.js';

export type Duid =
	| { type: 'LLT'; htype: number; time: number; lladdr: Uint8Array }
	| { type: 'EN'; enterprise: number; identifier: Uint8Array }
	| { type: 'LL'; htype: number; lladdr: Uint8Array }
	| { type: 'UUID'; uuid: Uint8Array }
	/** Any other DUID: all its bytes, type field included. */
	| { type: 'raw'; bytes: Uint8Array };

/** RFC 8415 §11.2: DUID-LLT time counts seconds since midnight UTC, 1 January 2000, modulo 2^32. */
export const DUID_EPOCH_UNIX = 946684800;

/** Hardware type 1 is Ethernet (IANA ARP hardware types, RFC 826). */
export const HTYPE_ETHERNET = 1;

function u16(buf: Uint8Array, at: number): number {
	return (buf[at]! << 8) | buf[at + 1]!;
}

function u32(buf: Uint8Array, at: number): number {
	return ((buf[at]! << 24) >>> 0) + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
}

/** Reads the DUID occupying `[offset, end)`. Never throws: what does not fit a known type is raw. */
export function decodeDuid(buf: Uint8Array, offset = 0, end = buf.length): Duid {
	const len = end - offset;
	const type = len >= 2 ? u16(buf, offset) : -1;
	if (type === DuidType.LLT && len >= 8) {
		return { type: 'LLT', htype: u16(buf, offset + 2), time: u32(buf, offset + 4), lladdr: buf.subarray(offset + 8, end) };
	}
	if (type === DuidType.EN && len >= 6) return { type: 'EN', enterprise: u32(buf, offset + 2), identifier: buf.subarray(offset + 6, end) };
	if (type === DuidType.LL && len >= 4) return { type: 'LL', htype: u16(buf, offset + 2), lladdr: buf.subarray(offset + 4, end) };
	if (type === DuidType.UUID && len === 18) return { type: 'UUID', uuid: buf.subarray(offset + 2, end) };
	return { type: 'raw', bytes: buf.subarray(offset, end) };
}

export function duidLength(duid: Duid): number {
	switch (duid.type) {
		case 'LLT':
			return 8 + duid.lladdr.length;
		case 'EN':
			return 6 + duid.identifier.length;
		case 'LL':
			return 4 + duid.lladdr.length;
		case 'UUID':
			return 18;
		case 'raw':
			return duid.bytes.length;
	}
}

function put16(buf: Uint8Array, at: number, v: number): void {
	buf[at] = v >> 8;
	buf[at + 1] = v & 0xff;
}

function put32(buf: Uint8Array, at: number, v: number): void {
	buf[at] = v >>> 24;
	buf[at + 1] = (v >>> 16) & 0xff;
	buf[at + 2] = (v >>> 8) & 0xff;
	buf[at + 3] = v & 0xff;
}

/** Writes `duid` at `offset`; returns the bytes written. */
export function encodeDuid(duid: Duid, buf: Uint8Array, offset: number): number {
	switch (duid.type) {
		case 'LLT':
			put16(buf, offset, DuidType.LLT);
			put16(buf, offset + 2, duid.htype);
			put32(buf, offset + 4, duid.time);
			buf.set(duid.lladdr, offset + 8);
			break;
		case 'EN':
			put16(buf, offset, DuidType.EN);
			put32(buf, offset + 2, duid.enterprise);
			buf.set(duid.identifier, offset + 6);
			break;
		case 'LL':
			put16(buf, offset, DuidType.LL);
			put16(buf, offset + 2, duid.htype);
			buf.set(duid.lladdr, offset + 4);
			break;
		case 'UUID':
			if (duid.uuid.length !== 16) throw new OptionValueError(`a DUID-UUID holds 16 bytes, got ${duid.uuid.length}`);
			put16(buf, offset, DuidType.UUID);
			buf.set(duid.uuid, offset + 2);
			break;
		case 'raw':
			buf.set(duid.bytes, offset);
			break;
	}
	return duidLength(duid);
}

/** The wire bytes of a DUID (a fresh buffer). */
export function duidBytes(duid: Duid): Buffer {
	const buf = Buffer.alloc(duidLength(duid));
	encodeDuid(duid, buf, 0);
	return buf;
}

function colonHex(bytes: Uint8Array): string {
	return bytes.length === 0 ? '""' : formatHex(bytes, ':').toLowerCase();
}

function spacedHex(bytes: Uint8Array): string {
	return bytes.length === 0 ? '""' : formatHex(bytes);
}

function uuidText(b: Uint8Array): string {
	const h = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function timeComment(time: number): string {
	return new Date((DUID_EPOCH_UNIX + time) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Text form: `type=LLT, htype=1, time=725846400 (2023-01-01T00:00:00Z), lladdr=02:00:00:00:00:01`,
 * `type=EN, enterprise=2495, identifier=0C C0 80 01`, `type=LL, htype=1, lladdr=…`,
 * `type=UUID, uuid=…`; any other DUID prints as plain hex.
 */
export function formatDuid(duid: Duid): string {
	switch (duid.type) {
		case 'LLT':
			return `type=LLT, htype=${duid.htype}, time=${duid.time} (${timeComment(duid.time)}), lladdr=${colonHex(duid.lladdr)}`;
		case 'EN':
			return `type=EN, enterprise=${duid.enterprise}, identifier=${spacedHex(duid.identifier)}`;
		case 'LL':
			return `type=LL, htype=${duid.htype}, lladdr=${colonHex(duid.lladdr)}`;
		case 'UUID':
			return `type=UUID, uuid=${uuidText(duid.uuid)}`;
		case 'raw':
			return spacedHex(duid.bytes);
	}
}

function hexField(text: string): Buffer {
	const t = stripComment(text.trim());
	return t === '""' ? Buffer.alloc(0) : parseHex(t);
}

/** Parses the text form of {@link formatDuid}, or plain hex of a whole DUID. Throws OptionValueError. */
export function parseDuid(text: string): Duid {
	const t = unbracket(text.trim());
	if (!/^type\s*=/i.test(t)) {
		const bytes = hexField(t);
		return bytes.length === 0 ? { type: 'raw', bytes } : decodeDuid(bytes);
	}
	const fields = new Map<string, string>();
	for (const part of splitTopLevel(t, ',')) {
		const kv = splitKeyValue(part);
		if (!kv) throw new OptionValueError(`expected name=value in a DUID, got ${JSON.stringify(part)}`);
		fields.set(normalizeName(kv.key), unbracket(kv.value));
	}
	const field = (name: string): string => {
		const v = fields.get(name);
		if (v === undefined) throw new OptionValueError(`DUID type ${fields.get('type')} needs ${name}=…`);
		return v;
	};
	const typeText = stripComment(field('type'));
	const typeCode = Object.entries(DUID_TYPE_NAMES).find(([, n]) => normalizeName(n) === normalizeName(typeText))?.[0] ?? (/^\d+$/.test(typeText) ? typeText : undefined);
	switch (Number(typeCode)) {
		case DuidType.LLT:
			return {
				type: 'LLT',
				htype: parseInteger(field('htype'), 0, 0xffff, 'DUID hardware type'),
				time: parseInteger(field('time'), 0, 0xffffffff, 'DUID time (seconds since 2000-01-01)'),
				lladdr: hexField(field('lladdr')),
			};
		case DuidType.EN:
			return { type: 'EN', enterprise: parseInteger(field('enterprise'), 0, 0xffffffff, 'enterprise number'), identifier: hexField(field('identifier')) };
		case DuidType.LL:
			return { type: 'LL', htype: parseInteger(field('htype'), 0, 0xffff, 'DUID hardware type'), lladdr: hexField(field('lladdr')) };
		case DuidType.UUID: {
			const uuid = hexField(field('uuid'));
			if (uuid.length !== 16) throw new OptionValueError(`a DUID-UUID holds 16 bytes, got ${uuid.length}`);
			return { type: 'UUID', uuid };
		}
		default:
			throw new OptionValueError(`unknown DUID type ${JSON.stringify(typeText)} (LLT, EN, LL or UUID; write other DUIDs as hex)`);
	}
}

export function duidToJSON(duid: Duid): Record<string, unknown> {
	const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
	switch (duid.type) {
		case 'LLT':
			return { type: 'LLT', htype: duid.htype, time: duid.time, lladdr: formatHex(duid.lladdr, ':').toLowerCase() };
		case 'EN':
			return { type: 'EN', enterprise: duid.enterprise, identifier: hex(duid.identifier) };
		case 'LL':
			return { type: 'LL', htype: duid.htype, lladdr: formatHex(duid.lladdr, ':').toLowerCase() };
		case 'UUID':
			return { type: 'UUID', uuid: uuidText(duid.uuid) };
		case 'raw':
			return { type: 'raw', hex: hex(duid.bytes) };
	}
}

/** The DUID value type of the clientid and serverid options (and relay-id, RFC 5460 §5.4.1). */
export const duidType: ValueType<Duid> = {
	kind: 'duid',
	encodingLength: duidLength,
	encode: encodeDuid,
	decode: (buf, offset, end) => decodeDuid(buf, offset, end),
	format: formatDuid,
	parse: parseDuid,
	toJSON: duidToJSON,
};

/** Seconds since 2000-01-01 UTC, modulo 2^32, for DUID-LLT (RFC 8415 §11.2). */
export function duidTime(date: Date = new Date()): number {
	return (Math.floor(date.getTime() / 1000) - DUID_EPOCH_UNIX) >>> 0;
}

/** DUID-LLT (RFC 8415 §11.2) from a link-layer address (`02:00:00:00:00:01` or bytes). */
export function duidLLT(mac: string | Uint8Array, time: number | Date = new Date(), htype = HTYPE_ETHERNET): Duid {
	return { type: 'LLT', htype, time: typeof time === 'number' ? time >>> 0 : duidTime(time), lladdr: parseHardwareAddress(mac) };
}

/** DUID-LL (RFC 8415 §11.4). */
export function duidLL(mac: string | Uint8Array, htype = HTYPE_ETHERNET): Duid {
	return { type: 'LL', htype, lladdr: parseHardwareAddress(mac) };
}

/** DUID-EN (RFC 8415 §11.3): an enterprise number and an identifier (bytes, or hex text). */
export function duidEN(enterprise: number, identifier: string | Uint8Array): Duid {
	return { type: 'EN', enterprise: enterprise >>> 0, identifier: typeof identifier === 'string' ? parseHex(identifier) : identifier };
}

/** DUID-UUID (RFC 6355 §4) from `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` or 16 bytes. */
export function duidUUID(uuid: string | Uint8Array): Duid {
	const bytes = typeof uuid === 'string' ? parseHex(uuid) : uuid;
	if (bytes.length !== 16) throw new OptionValueError(`a UUID is 16 bytes, got ${bytes.length}`);
	return { type: 'UUID', uuid: bytes };
}

/** Accepts a DUID value, its wire bytes, or its text form. */
export function toDuidBytes(duid: Duid | Uint8Array | string): Uint8Array {
	if (typeof duid === 'string') return duidBytes(parseDuid(duid));
	if (duid instanceof Uint8Array) return duid;
	return duidBytes(duid);
}
