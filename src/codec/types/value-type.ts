/**
 * A wire value type: one generic codec per *type*, reused by every option of that type, the way
 * Kea's option definitions (src/lib/dhcp/std_option_defs.h) pair each option with a type name.
 * Every type keeps the encode / decode / encodingLength symmetry and a text form (format / parse)
 * in the option value language, which must round-trip to the same bytes.
 */
export interface ValueType<T = any> {
	/** Kea's type name where Kea has one (`uint32`, `ipv4-address`, `fqdn`, …), else ours. */
	readonly kind: string;
	/** Byte size when every value has the same size; undefined for variable-length types. */
	readonly fixedLength?: number;
	encodingLength(value: T): number;
	/** Writes `value` at `offset` and returns the number of bytes written. */
	encode(value: T, buf: Uint8Array, offset: number): number;
	/** Decodes the value occupying exactly `[offset, end)`; throws only DecodeError. */
	decode(buf: Uint8Array, offset: number, end: number): T;
	/**
	 * For self-delimiting types (fixed size, length-prefixed, DNS names): how many bytes the value
	 * at `offset` occupies. Arrays and records use it to find where the next element starts.
	 */
	measure?(buf: Uint8Array, offset: number, end: number): number;
	/** The text form in the option value language. */
	format(value: T): string;
	/** Inverse of format; throws OptionValueError. */
	parse(text: string): T;
	/** A JSON-friendly form (addresses and strings as strings, bytes as hex). */
	toJSON(value: T): unknown;
}

/** Encodes a value into a fresh buffer of exactly its encoding length. */
export function encodeValue<T>(type: ValueType<T>, value: T): Buffer {
	const buf = Buffer.alloc(type.encodingLength(value));
	const n = type.encode(value, buf, 0);
	return n === buf.length ? buf : buf.subarray(0, n);
}
