/**
 * Why a decode failed. Codes are stable strings so tests, JSON output and logs can compare them.
 */
export type DecodeErrorCode =
	| 'ERR_TRUNCATED' // the input ends before a field or a declared length does
	| 'ERR_BAD_LENGTH' // a length field is impossible for its type (e.g. an IPv4 list of 5 bytes)
	| 'ERR_BAD_VALUE' // a field holds a value its type forbids (hlen > 16, a bad label)
	| 'ERR_MAGIC_COOKIE' // DHCPv4 options do not start with 99.130.83.99 (RFC 2131 §3)
	| 'ERR_TOO_DEEP' // nesting (relay messages, sub-options) beyond the bound we accept
	| 'ERR_LOOP' // a compression pointer or overload chain that loops
	| 'ERR_UNSUPPORTED' // well-formed but outside what the decoder handles (e.g. a capture link type)
	| (string & {});

/**
 * The only exception a decoder throws. `offset` is the absolute byte offset in the buffer that
 * was handed to the top-level decode call, so a user can find the bad byte in a hex dump.
 */
export class DecodeError extends Error {
	readonly code: DecodeErrorCode;
	readonly offset: number;

	constructor(code: DecodeErrorCode, offset: number, message: string) {
		super(message);
		this.name = 'DecodeError';
		this.code = code;
		this.offset = offset;
	}

	toJSON(): { code: string; offset: number; message: string } {
		return { code: this.code, offset: this.offset, message: this.message };
	}
}

/**
 * A value written in the option value language (`--option CODE[FMT]=VALUE`) that does not
 * parse. The message names what was expected; the command layer prefixes the user's input.
 */
export class OptionValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OptionValueError';
	}
}

/** Throws ERR_TRUNCATED unless `n` bytes are available at `offset` before `end`. */
export function need(offset: number, n: number, end: number, what: string): void {
	if (offset + n > end) {
		throw new DecodeError('ERR_TRUNCATED', offset, `${what}: needs ${n} byte${n === 1 ? '' : 's'} at offset ${offset}, only ${Math.max(0, end - offset)} left`);
	}
}
