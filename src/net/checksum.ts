/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum of
 * the data taken as big-endian 16-bit words. Used by the IPv4 header (RFC 791 §3.1) and by UDP
 * over a pseudo-header (RFC 768 for IPv4, RFC 8200 §8.1 for IPv6).
 */

/**
 * Adds `buf[start, end)` to a running ones' complement sum and returns the new, unfolded sum.
 * An odd trailing byte is padded with a zero byte on the right (RFC 1071 §4.1). Chain calls
 * only on even-length pieces, as a pseudo-header and a segment are.
 */
export function onesComplementSum(buf: Uint8Array, start = 0, end = buf.length, sum = 0): number {
	let i = start;
	for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
	if (i < end) sum += buf[i]! << 8;
	// Fold often enough that the sum stays a safe integer on any input length (RFC 1071 §2(B): deferred carries).
	return sum > 0x7fffffff ? foldSum(sum) : sum;
}

/** Folds carries back into 16 bits (end-around carry, RFC 1071 §2(A)). */
export function foldSum(sum: number): number {
	while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
	return sum;
}

/** The checksum of `buf[start, end)`: complement of the folded sum. 0 when the data already contains a correct checksum. */
export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length, initial = 0): number {
	return ~foldSum(onesComplementSum(buf, start, end, initial)) & 0xffff;
}

/** Sum of the IPv4 UDP pseudo-header: source, destination, zero, protocol 17, UDP length (RFC 768). */
export function pseudoHeaderSumV4(src: Uint8Array, dst: Uint8Array, udpLength: number, protocol = 17): number {
	return onesComplementSum(dst, 0, 4, onesComplementSum(src, 0, 4)) + protocol + udpLength;
}

/** Sum of the IPv6 pseudo-header: source, destination, 32-bit upper-layer length, next header (RFC 8200 §8.1). */
export function pseudoHeaderSumV6(src: Uint8Array, dst: Uint8Array, upperLength: number, nextHeader = 17): number {
	const sum = onesComplementSum(dst, 0, 16, onesComplementSum(src, 0, 16));
	return sum + Math.floor(upperLength / 0x10000) + (upperLength & 0xffff) + nextHeader;
}

/**
 * The value to put in a UDP checksum field for the segment `udp` (header with a zero checksum
 * field, plus payload). A computed 0 is sent as 0xffff because 0 means "no checksum"
 * (RFC 768; RFC 8200 §8.1 keeps the rule for IPv6, where 0 is not allowed at all).
 */
export function udpChecksum(src: Uint8Array, dst: Uint8Array, udp: Uint8Array): number {
	const pseudo = src.length === 4 ? pseudoHeaderSumV4(src, dst, udp.length) : pseudoHeaderSumV6(src, dst, udp.length);
	const value = internetChecksum(udp, 0, udp.length, pseudo);
	return value === 0 ? 0xffff : value;
}

/**
 * Whether a received UDP segment's checksum is right: the sum over pseudo-header and segment,
 * checksum included, folds to 0xffff. `'none'` for an IPv4 segment that carries no checksum (0).
 */
export function verifyUdpChecksum(src: Uint8Array, dst: Uint8Array, udp: Uint8Array): 'ok' | 'bad' | 'none' {
	if (udp.length < 8) return 'bad';
	const field = (udp[6]! << 8) | udp[7]!;
	if (field === 0) return src.length === 4 ? 'none' : 'bad';
	const pseudo = src.length === 4 ? pseudoHeaderSumV4(src, dst, udp.length) : pseudoHeaderSumV6(src, dst, udp.length);
	return foldSum(onesComplementSum(udp, 0, udp.length, pseudo)) === 0xffff ? 'ok' : 'bad';
}
