/**
 * The avalanche scenario's retransmission rules (RFC 8415 §15 timeouts, 1 s start, 64 s cap) and
 * the due-time queue behind them, without a network.
 */
import test from 'ava';
import { mulberry32 } from '../src/prng.js';
import { initialTimeoutUs, IRT_US, MRT_US, nextTimeoutUs, RetransmitQueue } from '../src/perf/retransmit.js';

test('timeouts: 1 s ± 10 %, then doubling ± 10 %, and never past 64 s ± 10 %', (t) => {
	const random = mulberry32(7);
	for (let run = 0; run < 200; run++) {
		let rt = initialTimeoutUs(random);
		t.true(rt >= 0.9 * IRT_US && rt <= 1.1 * IRT_US, `first ${rt}`);
		for (let k = 0; k < 12; k++) {
			const next = nextTimeoutUs(rt, random);
			if (2.1 * rt <= 0.9 * MRT_US) t.true(next >= 1.9 * rt && next <= 2.1 * rt, `${rt} → ${next}`);
			t.true(next <= 1.1 * MRT_US, `capped: ${next}`);
			rt = next;
		}
		t.true(rt >= 0.9 * MRT_US, `after 12 doublings the cap is reached: ${rt}`);
	}
	// The extremes of RAND: the jitter is spread, not a constant.
	const firsts = Array.from({ length: 1000 }, () => initialTimeoutUs(random));
	t.true(Math.min(...firsts) < 0.92 * IRT_US && Math.max(...firsts) > 1.08 * IRT_US);
});

test('queue: entries come out earliest first, only once due, whatever order they went in', (t) => {
	const q = new RetransmitQueue();
	const random = mulberry32(3);
	const dues: number[] = [];
	// More than the initial capacity, so the arrays grow under load.
	for (let i = 0; i < 5000; i++) {
		const due = Math.floor(random() * 1_000_000);
		dues.push(due);
		q.push(due, i, i % 3, 1000 + i);
	}
	t.is(q.size, 5000);
	const seen: { due: number; xid: number; stage: number; rt: number }[] = [];
	q.popDue(499_999, (xid, stage, rt) => seen.push({ due: dues[xid]!, xid, stage, rt }));
	const early = dues.filter((d) => d <= 499_999).length;
	t.is(seen.length, early);
	t.is(q.size, 5000 - early);
	t.true(q.peekDue() > 499_999);
	for (let k = 1; k < seen.length; k++) t.true(seen[k - 1]!.due <= seen[k]!.due);
	// Each entry keeps its own xid, stage and timeout.
	for (const s of seen) {
		t.is(s.stage, s.xid % 3);
		t.is(s.rt, 1000 + s.xid);
	}
	q.popDue(Infinity, () => {});
	t.is(q.size, 0);
	t.is(q.peekDue(), Infinity);
});

test('queue: an entry pushed while visiting (the next retransmission) waits for its own time', (t) => {
	const q = new RetransmitQueue();
	q.push(100, 1, 0, 1_000_000);
	const visits: number[] = [];
	q.popDue(150, (xid, stage, rt) => {
		visits.push(xid);
		q.push(150 + rt, xid, stage, rt * 2);
	});
	t.deepEqual(visits, [1]);
	t.is(q.peekDue(), 1_000_150);
});
