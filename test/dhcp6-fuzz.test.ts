import test from 'ava';
import { DecodeError } from '../src/wire/errors.js';
import {
	decode,
	formatMessage,
	iaNas,
	iaPds,
	isRelay,
	locateInner,
	messageToJSON,
	peekInnerMsgType,
	peekTransactionId,
	relayForward,
	statusCodes,
	toBytes,
	unwrapRelays,
	writeFollowUp,
	type Dhcp6Message,
} from '../src/codec/dhcp6/index.js';
import { EVERY_TYPE, SOLICIT } from './dhcp6-corpus.js';
import { mulberry32 as prng } from '../src/prng.js';

/** Seeded so a failure reproduces: DHCP6_FUZZ_SEED=<seed> npx ava test/dhcp6-fuzz.test.ts */
const SEED = Number(process.env.DHCP6_FUZZ_SEED ?? 0x6d6a7e11) >>> 0;

function chain(depth: number): Buffer {
	let m: Dhcp6Message = SOLICIT;
	for (let i = 0; i < depth; i++) m = relayForward(m, { linkAddress: '::', peerAddress: 'fe80::1' });
	return toBytes(m);
}

/** IAADDR options nested inside each other `depth` times, inside an IA_NA. */
function nestedAddresses(depth: number): Buffer {
	let inner = Buffer.alloc(0);
	for (let i = 0; i < depth; i++) {
		const head = Buffer.from([0, 5, 0, 0]);
		head.writeUInt16BE(24 + inner.length, 2);
		inner = Buffer.concat([head, Buffer.alloc(24), inner]);
	}
	const ia = Buffer.from([0, 3, 0, 0]);
	ia.writeUInt16BE(12 + inner.length, 2);
	return Buffer.concat([Buffer.from([7, 0, 0, 1]), ia, Buffer.alloc(12), inner]);
}

const corpus: Buffer[] = [...Object.values(EVERY_TYPE).map(toBytes), chain(8), chain(31), nestedAddresses(3)];

interface Tally {
	ok: number;
	errors: Map<string, number>;
}

/**
 * The contract: decode returns a message that re-encodes to the same bytes and can be walked and
 * presented, or throws a DecodeError whose offset is an integer inside the buffer. Nothing else.
 */
function check(t: any, buf: Buffer, what: string, tally: Tally): void {
	let message: Dhcp6Message;
	try {
		message = decode(buf);
	} catch (error) {
		if (!(error instanceof DecodeError)) {
			t.fail(`seed ${SEED}: ${what}: ${String(error)} for ${buf.toString('hex')}`);
			return;
		}
		if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > buf.length) {
			t.fail(`seed ${SEED}: ${what}: offset ${error.offset} outside 0..${buf.length}`);
		}
		tally.errors.set(error.code, (tally.errors.get(error.code) ?? 0) + 1);
		return;
	}
	tally.ok++;
	try {
		if (!toBytes(message).equals(buf)) t.fail(`seed ${SEED}: ${what}: re-encoding differs for ${buf.toString('hex')}`);
		// A decoded message is safe to present (malformed content prints as hex).
		formatMessage(message);
		JSON.stringify(messageToJSON(message));
	} catch (error) {
		t.fail(`seed ${SEED}: ${what}: ${String(error)} after a successful decode of ${buf.toString('hex')}`);
	}
	try {
		// Typed accessors read option content, which decode does not vouch for beyond the IA and
		// relay framing (a 0-byte Status Code, say): they may throw DecodeError, nothing else.
		const inner = unwrapRelays(message).message;
		if (!isRelay(inner)) {
			iaNas(inner);
			iaPds(inner);
			statusCodes(inner);
		}
	} catch (error) {
		if (!(error instanceof DecodeError)) t.fail(`seed ${SEED}: ${what}: accessor threw ${String(error)} for ${buf.toString('hex')}`);
	}
	// The hot-path readers never throw, decoded or not.
	peekTransactionId(buf);
	peekInnerMsgType(buf);
	locateInner(buf, 0, buf.length, { start: 0, end: 0 });
	writeFollowUp(buf, 0, buf.length, Buffer.alloc(buf.length + 64), 0, 1);
}

test(`decode only returns or throws DecodeError on mutated packets (seed ${SEED})`, (t) => {
	const random = prng(SEED);
	const int = (n: number): number => Math.floor(random() * n);
	const tally: Tally = { ok: 0, errors: new Map() };
	let cases = 0;
	const run = (buf: Buffer, what: string): void => {
		cases++;
		check(t, buf, what, tally);
	};

	// Truncation at every length.
	for (const [i, packet] of corpus.entries()) for (let n = 0; n < packet.length; n++) run(packet.subarray(0, n), `packet ${i} cut to ${n}`);

	// Random bit flips.
	for (let i = 0; i < 3000; i++) {
		const packet = Buffer.from(corpus[int(corpus.length)]!);
		const flips = 1 + int(8);
		for (let f = 0; f < flips; f++) packet[int(packet.length)]! ^= 1 << int(8);
		run(packet, `bit flips #${i}`);
	}

	// Lying length fields: overwrite a 16-bit word (option and nested lengths included).
	for (let i = 0; i < 3000; i++) {
		const packet = Buffer.from(corpus[int(corpus.length)]!);
		if (packet.length < 2) continue;
		const at = int(packet.length - 1);
		const choices = [0, 1, 0xffff, packet.readUInt16BE(at) + 1, packet.readUInt16BE(at) - 1, int(0x10000), packet.length - at];
		packet.writeUInt16BE(choices[int(choices.length)]! & 0xffff, at);
		run(packet, `length word at ${at} #${i}`);
	}

	// Deep nesting: relay chains around the bound, cut at random points, and deeply nested IAADDRs.
	for (let depth = 0; depth <= 40; depth++) {
		const packet = chain(depth);
		run(packet, `relay chain ${depth}`);
		run(packet.subarray(0, int(packet.length)), `relay chain ${depth}, cut`);
	}
	for (const depth of [1, 15, 16, 17, 100, 1000]) run(nestedAddresses(depth), `IAADDR nested ${depth}`);

	// Random garbage, some of it starting like a relay message.
	for (let i = 0; i < 2000; i++) {
		const packet = Buffer.alloc(int(600));
		for (let j = 0; j < packet.length; j++) packet[j] = int(256);
		if (packet.length > 0 && i % 3 === 0) packet[0] = 12 + (i % 2);
		run(packet, `garbage #${i}`);
	}

	t.true(cases > 10000, `${cases} cases`);
	t.true(tally.ok > 0, 'some mutations still decode');
	t.true((tally.errors.get('ERR_TOO_DEEP') ?? 0) >= 8 + 2, 'deep nesting is refused');
	t.log(`seed ${SEED}: ${cases} cases, ${tally.ok} decoded, errors ${JSON.stringify(Object.fromEntries(tally.errors))}`);
});
