/**
 * The fuzzing loop (runs in a worker so the supervisor in run.ts can notice a hang). Case `i` is
 * fully determined by (seed, i): its own PRNG picks the target, the seed input and the
 * mutations, so any failure is replayed with `--seed S --only I`.
 *
 * Targets: the DHCPv4 and DHCPv6 decoders (and, for what decodes, byte-exact re-encoding and the
 * presenters), `decode`'s per-frame pipeline (link, IP and UDP headers through classifyFrame, then
 * the text and JSON presenters), and the capture reader (classic pcap and pcapng).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as dhcp4 from '../../src/codec/dhcp4/index.js';
import * as dhcp6 from '../../src/codec/dhcp6/index.js';
import { DecodeError } from '../../src/wire/errors.js';
import { classifyFrame, type FrameResult } from '../../src/decode/frame.js';
import { formatMalformedText, formatPacketText, malformedJSON, packetJSON } from '../../src/decode/present.js';
import { readCapture, type CaptureRecord } from '../../src/pcap/reader.js';
import { loadCorpus, type Frame } from './corpus.js';

export interface WorkerInput {
	seed: number;
	first: number;
	count: number;
	/** Two Int32 slots shared with the supervisor: [0] cases done, [1] index of the case being run. */
	progress: SharedArrayBuffer;
	/** Present every Nth decoded message through the text and JSON presenters (1 = all). */
	presentEvery: number;
}

export interface Failure {
	index: number;
	target: string;
	mutations: string;
	what: string;
}

export interface TargetStats {
	cases: number;
	decoded: number;
	errors: Record<string, number>;
}

export interface WorkerResult {
	targets: Record<string, TargetStats>;
	mutations: Record<string, number>;
	failures: Failure[];
	failureCount: number;
	maxCaseMs: number;
	maxCaseIndex: number;
	slowCases: number;
	elapsedMs: number;
}

/** Mulberry32. */
class Rng {
	private a: number;
	constructor(seed: number) {
		this.a = seed >>> 0;
	}
	next(): number {
		this.a = (this.a + 0x6d2b79f5) >>> 0;
		let t = this.a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(n: number): number {
		return Math.floor(this.next() * n);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}
}

/** A well-mixed 32-bit seed for case `i` (splitmix-style), so neighbouring cases are unrelated. */
export function caseSeed(seed: number, i: number): number {
	let z = (seed ^ Math.imul(i, 0x9e3779b9)) >>> 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
	return (z ^ (z >>> 16)) >>> 0;
}

const EXTREMES = [0x00, 0xff, 0x80, 0x7f, 0x01, 0xfe];

// --- generic mutators --------------------------------------------------------------------------

function truncate(r: Rng, b: Buffer): Buffer {
	return b.subarray(0, r.int(b.length + 1));
}

function bitFlips(r: Rng, b: Buffer): Buffer {
	if (b.length === 0) return b;
	const n = 1 + r.int(8);
	for (let k = 0; k < n; k++) b[r.int(b.length)]! ^= 1 << r.int(8);
	return b;
}

function byteSets(r: Rng, b: Buffer): Buffer {
	if (b.length === 0) return b;
	const n = 1 + r.int(4);
	for (let k = 0; k < n; k++) b[r.int(b.length)] = r.next() < 0.6 ? r.pick(EXTREMES) : r.int(256);
	return b;
}

function insertDelete(r: Rng, b: Buffer): Buffer {
	const at = r.int(b.length + 1);
	if (r.next() < 0.5) {
		const n = 1 + r.int(16);
		const junk = Buffer.alloc(n);
		for (let k = 0; k < n; k++) junk[k] = r.int(256);
		return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
	}
	return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(16)))]);
}

function splice(r: Rng, b: Buffer, others: readonly Buffer[]): Buffer {
	const other = r.pick(others);
	return Buffer.concat([b.subarray(0, r.int(b.length + 1)), other.subarray(r.int(other.length + 1))]);
}

/** A length value that lies: zero, off by one either way, the maximum, or anything. */
function lie(r: Rng, real: number, max: number): number {
	switch (r.int(5)) {
		case 0:
			return 0;
		case 1:
			return Math.min(max, real + 1);
		case 2:
			return Math.max(0, real - 1);
		case 3:
			return max;
		default:
			return r.int(max + 1);
	}
}

// --- DHCPv4 -----------------------------------------------------------------------------------

/** Offsets of the option headers in the options field (stops at END or a broken length). */
function v4OptionOffsets(b: Buffer): number[] {
	const out: number[] = [];
	let p = 240;
	while (p < b.length) {
		const code = b[p]!;
		if (code === 0) {
			p++;
			continue;
		}
		if (code === 255 || p + 1 >= b.length) break;
		out.push(p);
		p += 2 + b[p + 1]!;
	}
	return out;
}

function v4LyingLength(r: Rng, b: Buffer): Buffer {
	const at = v4OptionOffsets(b);
	if (at.length === 0) return byteSets(r, b);
	const p = r.pick(at);
	b[p + 1] = lie(r, b[p + 1]!, 255);
	return b;
}

/**
 * Option overload (RFC 2132 §9.3): option 52 in the options field with any value, and the file and
 * sname fields filled with option TLVs — themselves carrying option 52, pads, lying lengths, with
 * or without END — so the decoder must not chain or loop.
 */
function v4Overload(r: Rng, b: Buffer): Buffer {
	if (b.length < 241) return b;
	const value = r.next() < 0.8 ? 1 + r.int(3) : r.int(256);
	const fill = (start: number, size: number): void => {
		let p = start;
		const end = start + size;
		while (p < end - 1) {
			const kind = r.int(10);
			if (kind === 0) {
				b[p++] = 0;
				continue;
			}
			if (kind === 1) {
				b[p++] = 255;
				if (r.next() < 0.7) break;
				continue;
			}
			const code = kind === 2 ? 52 : 1 + r.int(254);
			const len = kind === 3 ? r.int(256) : r.int(Math.max(1, Math.min(16, end - p - 2)));
			b[p] = code;
			b[p + 1] = len;
			if (code === 52 && len >= 1 && p + 2 < end) b[p + 2] = 1 + r.int(3);
			p += 2 + Math.min(len, end - p - 2);
		}
	};
	fill(108, 128);
	fill(44, 64);
	const overload = Buffer.from([52, 1, value]);
	return Buffer.concat([b.subarray(0, 240), overload, b.subarray(240)]);
}

// --- DHCPv6 -----------------------------------------------------------------------------------

/** Offsets of every option header, descending into containers and relay messages. */
function v6OptionOffsets(b: Buffer): number[] {
	const out: number[] = [];
	const walk = (start: number, end: number, depth: number): void => {
		let p = start;
		while (p + 4 <= end && depth < 40) {
			const code = b.readUInt16BE(p);
			const len = b.readUInt16BE(p + 2);
			if (p + 4 + len > end) return;
			out.push(p);
			const head = code === 9 ? -1 : dhcp6.CONTAINER_HEADER.get(code);
			if (head === -1) {
				const inner = p + 4;
				if (len >= 1) walk(inner + (dhcp6.isRelayType(b[inner]!) ? 34 : 4), p + 4 + len, depth + 1);
			} else if (head !== undefined) walk(p + 4 + head, p + 4 + len, depth + 1);
			p += 4 + len;
		}
	};
	if (b.length > 0) walk(dhcp6.isRelayType(b[0]!) ? 34 : 4, b.length, 0);
	return out;
}

function v6LyingLength(r: Rng, b: Buffer): Buffer {
	const at = v6OptionOffsets(b);
	if (at.length === 0) return byteSets(r, b);
	const p = r.pick(at);
	b.writeUInt16BE(lie(r, b.readUInt16BE(p + 2), 0xffff), p + 2);
	return b;
}

/** Wraps the message in 1–40 RELAY-FORW/RELAY-REPL headers (the decoder's bound is 32). */
function v6DeepRelay(r: Rng, b: Buffer): Buffer {
	const depth = 1 + r.int(40);
	let m = b;
	for (let k = 0; k < depth; k++) {
		const head = Buffer.alloc(34 + 4);
		head[0] = r.next() < 0.5 ? 12 : 13;
		head[1] = r.int(256);
		head.writeUInt16BE(9, 34);
		head.writeUInt16BE(Math.min(0xffff, m.length), 36);
		m = Buffer.concat([head, m]);
		if (m.length > 0xffff) break;
	}
	return m;
}

/** An IA_NA/IA_PD nested inside itself many times (the decoder's option nesting bound is 16). */
function v6DeepOptions(r: Rng, b: Buffer): Buffer {
	const depth = 1 + r.int(24);
	let inner = Buffer.from([0, 13, 0, 2, 0, 0]);
	for (let k = 0; k < depth; k++) {
		const code = r.pick([3, 25, 5, 26]);
		const head = dhcp6.CONTAINER_HEADER.get(code)!;
		const opt = Buffer.alloc(4 + head);
		opt.writeUInt16BE(code, 0);
		opt.writeUInt16BE(head + inner.length, 2);
		inner = Buffer.concat([opt, inner]);
	}
	return Buffer.concat([b, inner]);
}

// --- frames and captures ----------------------------------------------------------------------------

/** Lies in the length fields a frame parser trusts: IPv4 total length and IHL, IPv6 payload length, UDP length. */
function frameLyingLength(r: Rng, f: Frame): Frame {
	const b = Buffer.from(f.data);
	// Find the IP header: the first 0x4_/0x6_ nibble at a plausible link header offset.
	const starts = [0, 4, 14, 16, 18, 20, 22].filter((s) => s < b.length && (b[s]! >> 4 === 4 || b[s]! >> 4 === 6));
	if (starts.length === 0) return { linktype: f.linktype, data: byteSets(r, b) };
	const ip = r.pick(starts);
	if (b[ip]! >> 4 === 4 && ip + 28 <= b.length) {
		const which = r.int(3);
		if (which === 0) b.writeUInt16BE(lie(r, b.readUInt16BE(ip + 2), 0xffff), ip + 2);
		else if (which === 1) b[ip] = 0x40 | r.int(16);
		else {
			const udp = ip + (b[ip]! & 0x0f) * 4;
			if (udp + 8 <= b.length) b.writeUInt16BE(lie(r, b.readUInt16BE(udp + 4), 0xffff), udp + 4);
		}
	} else if (ip + 48 <= b.length) {
		if (r.next() < 0.5) b.writeUInt16BE(lie(r, b.readUInt16BE(ip + 4), 0xffff), ip + 4);
		else b.writeUInt16BE(lie(r, b.readUInt16BE(ip + 44), 0xffff), ip + 44);
	}
	return { linktype: f.linktype, data: b };
}

function captureLyingLength(r: Rng, b: Buffer): Buffer {
	if (b.length < 28) return byteSets(r, b);
	const le = b.readUInt32LE(0) === 0xa1b2c3d4 || b.readUInt32LE(0) === 0xa1b23c4d || b.readUInt32LE(0) === 0x0a0d0d0a;
	const positions: number[] = [];
	if (b.readUInt32BE(0) === 0x0a0d0d0a) {
		// pcapng: every block's leading and trailing length, and EPB captured lengths.
		let p = 0;
		while (p + 12 <= b.length) {
			const len = le ? b.readUInt32LE(p + 4) : b.readUInt32BE(p + 4);
			positions.push(p + 4);
			if (len < 12 || p + len > b.length) break;
			positions.push(p + len - 4);
			const type = le ? b.readUInt32LE(p) : b.readUInt32BE(p);
			if (type === 6) positions.push(p + 20);
			p += len;
		}
	} else {
		positions.push(16);
		let p = 24;
		while (p + 16 <= b.length) {
			positions.push(p + 8, p + 12);
			p += 16 + (le ? b.readUInt32LE(p + 8) : b.readUInt32BE(p + 8));
		}
	}
	const at = r.pick(positions);
	if (at + 4 > b.length) return b;
	const real = le ? b.readUInt32LE(at) : b.readUInt32BE(at);
	const value = r.next() < 0.2 ? 0xffffffff : lie(r, real, Math.min(0xffffffff, real * 2 + 64));
	if (le) b.writeUInt32LE(value >>> 0, at);
	else b.writeUInt32BE(value >>> 0, at);
	return b;
}

// --- the loop ---------------------------------------------------------------------------------------

type Mutator = (r: Rng, b: Buffer) => Buffer;

type Target = 'dhcp4' | 'dhcp6' | 'frame' | 'capture';

/** 40 % DHCPv4, 40 % DHCPv6, 15 % frames, 5 % whole capture files. */
function targetOf(seed: number, i: number): Target {
	const roll = new Rng(caseSeed(seed, i)).next();
	return roll < 0.4 ? 'dhcp4' : roll < 0.8 ? 'dhcp6' : roll < 0.95 ? 'frame' : 'capture';
}

/** Runs cases `first` … `first + count - 1`; in-process too (the bounded fuzz test in test/ calls it). */
export function runFuzz(input: WorkerInput): WorkerResult {
	const corpus = loadCorpus();
	// Capturing a stack for each of millions of expected DecodeErrors would dominate the run; a
	// case that fails for another reason is replayed with stacks on (see `explain`).
	const stackTraceLimit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	const progress = new Int32Array(input.progress);
	const targets: Record<string, TargetStats> = {};
	const mutations: Record<string, number> = {};
	const failures: Failure[] = [];
	let failureCount = 0;
	let maxCaseMs = 0;
	let maxCaseIndex = -1;
	let slowCases = 0;
	const stat = (name: string): TargetStats => (targets[name] ??= { cases: 0, decoded: 0, errors: {} });
	const v4Mutators: Record<string, Mutator> = {
		truncate,
		'bit-flips': bitFlips,
		'byte-sets': byteSets,
		'insert-delete': insertDelete,
		'lying-length': v4LyingLength,
		overload: v4Overload,
		splice: (r, b) => splice(r, b, corpus.dhcp4),
	};
	const v6Mutators: Record<string, Mutator> = {
		truncate,
		'bit-flips': bitFlips,
		'byte-sets': byteSets,
		'insert-delete': insertDelete,
		'lying-length': v6LyingLength,
		'deep-relay': v6DeepRelay,
		'deep-options': v6DeepOptions,
		splice: (r, b) => splice(r, b, corpus.dhcp6),
	};
	const captureMutators: Record<string, Mutator> = {
		truncate,
		'bit-flips': bitFlips,
		'byte-sets': byteSets,
		'insert-delete': insertDelete,
		'lying-length': captureLyingLength,
		splice: (r, b) => splice(r, b, corpus.captures),
	};
	const names4 = Object.keys(v4Mutators);
	const names6 = Object.keys(v6Mutators);
	const namesCap = Object.keys(captureMutators);
	const namesFrame = ['truncate', 'bit-flips', 'byte-sets', 'insert-delete', 'lying-length'];

	const mutate = (r: Rng, seedBytes: Buffer, table: Record<string, Mutator>, names: string[], applied: string[]): Buffer => {
		let b: Buffer = Buffer.from(seedBytes);
		const n = 1 + (r.next() < 0.3 ? r.int(3) : 0);
		for (let k = 0; k < n; k++) {
			const name = r.pick(names);
			applied.push(name);
			b = table[name]!(r, b);
		}
		return b;
	};

	let presented = 0;
	const present = (result: FrameResult): void => {
		if (++presented % input.presentEvery !== 0) return;
		if (result.kind === 'dhcp') {
			formatPacketText(result, 'us');
			JSON.stringify(packetJSON(result, 'ns'));
		} else if (result.kind === 'malformed') {
			formatMalformedText(result, 'us');
			JSON.stringify(malformedJSON(result, 'us'));
		}
	};
	const record = (data: Uint8Array, linktype: number, frame: number): CaptureRecord => ({ frame, timestamp: 1_700_000_000_123_456_000n, linktype, data, origLength: data.length, interfaceId: 0, offset: 0 });

	/** Runs case `i`; throws whatever escaped (DecodeError included). */
	const runCase = (i: number, s: TargetStats, applied: string[]): void => {
		const r = new Rng(caseSeed(input.seed, i));
		r.next(); // the target roll, taken by the caller
		const target = targetOf(input.seed, i);
		if (target === 'dhcp4') {
			const bytes = mutate(r, r.pick(corpus.dhcp4), v4Mutators, names4, applied);
			const m = dhcp4.decode(bytes);
			s.decoded++;
			// Byte-exactness: what decodes re-encodes to the same bytes.
			if (!dhcp4.toBuffer(m).equals(bytes)) throw new Error('DHCPv4 re-encoding differs from the input');
			if (++presented % input.presentEvery === 0) {
				dhcp4.formatMessage(m);
				JSON.stringify(dhcp4.toJSON(m));
			}
		} else if (target === 'dhcp6') {
			const bytes = mutate(r, r.pick(corpus.dhcp6), v6Mutators, names6, applied);
			const m = dhcp6.decode(bytes);
			s.decoded++;
			if (!dhcp6.toBytes(m).equals(bytes)) throw new Error('DHCPv6 re-encoding differs from the input');
			dhcp6.unwrapRelays(m);
			if (++presented % input.presentEvery === 0) {
				dhcp6.formatMessage(m);
				JSON.stringify(dhcp6.messageToJSON(m));
			}
		} else if (target === 'frame') {
			const f = r.pick(corpus.frames);
			const name = r.pick(namesFrame);
			applied.push(`frame:${name}`);
			const mutated = name === 'lying-length' ? frameLyingLength(r, f) : { linktype: f.linktype, data: v4Mutators[name]!(r, Buffer.from(f.data)) };
			// classifyFrame catches DecodeError itself: anything it throws is a bug.
			const result = classifyFrame(record(mutated.data, mutated.linktype, i));
			if (result.kind === 'dhcp') s.decoded++;
			else if (result.kind === 'malformed' || result.kind === 'undecodable') s.errors[result.error.code] = (s.errors[result.error.code] ?? 0) + 1;
			else s.errors['other (not DHCP)'] = (s.errors['other (not DHCP)'] ?? 0) + 1;
			present(result);
		} else {
			const bytes = mutate(r, r.pick(corpus.captures), captureMutators, namesCap, applied);
			for (const rec of readCapture(bytes)) present(classifyFrame(rec));
			s.decoded++;
		}
	};

	/** The stack of a failing case, replayed with stack traces on. */
	const explain = (i: number): string => {
		Error.stackTraceLimit = 12;
		try {
			runCase(i, { cases: 0, decoded: 0, errors: {} }, []);
			return '(did not fail again)';
		} catch (error) {
			return (error as Error).stack ?? String(error);
		} finally {
			Error.stackTraceLimit = 0;
		}
	};

	const started = performance.now();
	const end = input.first + input.count;
	for (let i = input.first; i < end; i++) {
		const target = targetOf(input.seed, i);
		const s = stat(target);
		s.cases++;
		const applied: string[] = [];
		const t0 = performance.now();
		try {
			runCase(i, s, applied);
		} catch (error) {
			if (error instanceof DecodeError) {
				s.errors[error.code] = (s.errors[error.code] ?? 0) + 1;
				if (!Number.isInteger(error.offset) || error.offset < 0) {
					failureCount++;
					if (failures.length < 20) failures.push({ index: i, target, mutations: applied.join('+'), what: `DecodeError with offset ${error.offset}` });
				}
			} else {
				failureCount++;
				if (failures.length < 20) failures.push({ index: i, target, mutations: applied.join('+'), what: explain(i) });
			}
		}
		for (const name of applied) mutations[name] = (mutations[name] ?? 0) + 1;
		const ms = performance.now() - t0;
		if (ms > maxCaseMs) {
			maxCaseMs = ms;
			maxCaseIndex = i;
		}
		if (ms > 50) slowCases++;
		if ((i & 1023) === 0) {
			Atomics.store(progress, 0, i - input.first);
			Atomics.store(progress, 1, i);
		}
	}
	Atomics.store(progress, 0, input.count);
	Error.stackTraceLimit = stackTraceLimit;
	return { targets, mutations, failures, failureCount, maxCaseMs, maxCaseIndex, slowCases, elapsedMs: performance.now() - started };
}

if (parentPort && (workerData as WorkerInput | undefined)?.progress) parentPort.postMessage(runFuzz(workerData as WorkerInput));
