/**
 * Text ↔ bytes for the addresses that appear in frame headers: IPv4 (dotted quad), IPv6
 * (RFC 5952 canonical text) and 48-bit MAC addresses. Pure functions, no `node:net`, so the
 * codecs stay free of I/O modules. The codecs and the frame layers (src/net) both read it: it
 * is below both.
 */

/** Formats 4 bytes at `offset` as a dotted quad. */
export function formatIPv4(buf: Uint8Array, offset = 0): string {
	return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

/** Parses a dotted quad (exactly four decimal parts 0–255, no leading zeros); undefined if it is not one. */
export function parseIPv4(text: string): Uint8Array | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	const out = new Uint8Array(4);
	for (let i = 0; i < 4; i++) {
		const part = parts[i]!;
		if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
		const n = Number(part);
		if (n > 255) return undefined;
		out[i] = n;
	}
	return out;
}

/**
 * Formats 16 bytes at `offset` as RFC 5952 §4 text: lower case, no leading zeros, the longest
 * run (first if tied) of two or more zero groups shortened to `::`, and IPv4-mapped addresses
 * (::ffff:0:0/96) written with a dotted quad tail (§5).
 */
export function formatIPv6(buf: Uint8Array, offset = 0): string {
	const groups: number[] = [];
	for (let i = 0; i < 8; i++) groups.push((buf[offset + 2 * i]! << 8) | buf[offset + 2 * i + 1]!);
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
		return `::ffff:${formatIPv4(buf, offset + 12)}`;
	}
	let bestStart = -1;
	let bestLength = 1;
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestStart < 0) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses IPv6 text (with `::` and an optional dotted-quad tail, no zone); undefined if it is not an address. */
export function parseIPv6(text: string): Uint8Array | undefined {
	let head = text;
	let v4Tail: Uint8Array | undefined;
	const lastColon = text.lastIndexOf(':');
	if (lastColon >= 0 && text.indexOf('.', lastColon) > lastColon) {
		v4Tail = parseIPv4(text.slice(lastColon + 1));
		if (!v4Tail) return undefined;
		head = `${text.slice(0, lastColon + 1)}0:0`;
	}
	const halves = head.split('::');
	if (halves.length > 2) return undefined;
	const parse = (part: string): number[] | undefined => {
		if (part === '') return [];
		const out: number[] = [];
		for (const g of part.split(':')) {
			if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
			out.push(parseInt(g, 16));
		}
		return out;
	};
	const left = parse(halves[0]!);
	const right = halves.length === 2 ? parse(halves[1]!) : [];
	if (!left || !right) return undefined;
	let groups: number[];
	if (halves.length === 2) {
		const missing = 8 - left.length - right.length;
		if (missing < 1) return undefined;
		groups = [...left, ...new Array<number>(missing).fill(0), ...right];
	} else {
		groups = left;
	}
	if (groups.length !== 8) return undefined;
	const out = new Uint8Array(16);
	groups.forEach((g, i) => {
		out[2 * i] = g >> 8;
		out[2 * i + 1] = g & 0xff;
	});
	if (v4Tail) out.set(v4Tail, 12);
	return out;
}

/**
 * A hardware address as `aa:bb:cc:dd:ee:ff`: `length` bytes at `offset` (a MAC-48 by default;
 * DHCP's chaddr may hold up to 16, RFC 2131 §2).
 */
export function formatMac(buf: Uint8Array, offset = 0, length = 6): string {
	const parts: string[] = [];
	for (let i = 0; i < length; i++) parts.push(buf[offset + i]!.toString(16).padStart(2, '0'));
	return parts.join(':');
}

/** Parses a MAC-48, `aa:bb:cc:dd:ee:ff` (or with `-`); undefined if it is not one. */
export function parseMac(text: string): Uint8Array | undefined {
	const parts = text.split(/[:-]/);
	if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
	return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** Address text or bytes → bytes of the expected length; throws TypeError for a caller's mistake. */
export function addressBytes(value: string | Uint8Array, length: 4 | 6 | 16): Uint8Array {
	if (typeof value !== 'string') {
		if (value.length !== length) throw new TypeError(`expected a ${length}-byte address, got ${value.length} bytes`);
		return value;
	}
	const parsed = length === 4 ? parseIPv4(value) : length === 16 ? parseIPv6(value) : parseMac(value);
	if (!parsed) throw new TypeError(`not a ${length === 4 ? 'IPv4' : length === 16 ? 'IPv6' : 'MAC'} address: ${value}`);
	return parsed;
}
