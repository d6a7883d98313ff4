import test from 'ava';
import { runFuzz } from '../benchmarks/fuzz/worker.js';

// The long fuzz run (npm run bench:fuzz, 10 million cases) bounded to a few thousand cases of the
// same generator: mutated DHCPv4/DHCPv6 payloads, frames (link, IP and UDP headers through the
// decode pipeline and its presenters) and capture files. Only DecodeError may escape; whatever
// decodes re-encodes to identical bytes. DHCPULSE_FUZZ_SEED replays another seed.

const SEED = Number(process.env.DHCPULSE_FUZZ_SEED ?? 0x2d1c9) >>> 0;

test('mutated packets, frames and captures only ever give DecodeError, and what decodes re-encodes exactly', (t) => {
	const result = runFuzz({ seed: SEED, first: 0, count: 12_000, progress: new SharedArrayBuffer(8), presentEvery: 1 });
	t.deepEqual(result.failures, [], `seed ${SEED}`);
	t.is(result.failureCount, 0);
	// Every target was reached, and each both decoded some inputs and rejected others.
	for (const name of ['dhcp4', 'dhcp6', 'frame', 'capture']) {
		const s = result.targets[name]!;
		t.true(s.cases > 100, `${name}: ${s.cases} cases`);
		t.true(s.decoded > 0, `${name}: something decoded`);
		t.true(Object.keys(s.errors).length > 0, `${name}: something was rejected`);
	}
	// The structural mutations the decoders must bound were all applied.
	for (const m of ['deep-relay', 'deep-options', 'overload', 'lying-length', 'splice', 'truncate', 'frame:lying-length']) t.true((result.mutations[m] ?? 0) > 0, m);
	t.true((result.targets.dhcp6!.errors.ERR_TOO_DEEP ?? 0) > 0, 'relay nesting past the bound is refused');
});
