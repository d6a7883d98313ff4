/** Big-endian field access on plain Uint8Arrays (network byte order, RFC 1700 "Data Notations"). */

export function readU16(buf: Uint8Array, at: number): number {
	return (buf[at]! << 8) | buf[at + 1]!;
}

export function readU32(buf: Uint8Array, at: number): number {
	return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

export function writeU16(buf: Uint8Array, at: number, value: number): void {
	buf[at] = (value >>> 8) & 0xff;
	buf[at + 1] = value & 0xff;
}

export function writeU32(buf: Uint8Array, at: number, value: number): void {
	buf[at] = (value >>> 24) & 0xff;
	buf[at + 1] = (value >>> 16) & 0xff;
	buf[at + 2] = (value >>> 8) & 0xff;
	buf[at + 3] = value & 0xff;
}
