/**
 * Admission control (src/perf/admission.ts) on a fake clock: the sending loop starts new
 * exchanges only while it keeps up with its answers, and what it holds back is counted.
 */
import test from 'ava';
import { Admission, BEHIND_QUEUE_US, PERIOD_S } from '../src/perf/admission.js';

/** Asks for `perTurn` exchanges every `stepS` from `fromS` to `toS`; returns how many were admitted. */
function drive(a: Admission, fromS: number, toS: number, stepS: number, perTurn: number, counted = true, signal?: (a: Admission) => void): number {
	let admitted = 0;
	for (let t = fromS; t < toS - 1e-9; t += stepS) {
		signal?.(a);
		admitted += a.admit(perTurn, t, counted);
	}
	return admitted;
}

test('a generator that keeps up is never held back, whatever the rate', (t) => {
	const a = new Admission(0);
	// 100 exchanges every ms (100,000/s) for a second; answers read within 1 ms.
	const admitted = drive(a, 0, 1, 0.001, 100, true, (x) => x.queued(900));
	t.is(admitted, 100_000);
	t.is(a.heldBack, 0);
	t.false(a.limiting);
	t.false(a.engaged);
});

test('answers unread for 20 ms cut the admitted rate below what was started, and the rest is held back and counted', (t) => {
	const a = new Admission(0);
	drive(a, 0, PERIOD_S, 0.001, 100, true, (x) => x.queued(BEHIND_QUEUE_US));
	// The first judgement sees a period behind: 80 % of the 100,000/s started.
	a.admit(0, PERIOD_S, true);
	t.true(a.limiting);
	t.true(a.engaged);
	t.is(a.admittedPerS, 80_000);
	const asked = 100 * 50;
	const admitted = drive(a, PERIOD_S, 2 * PERIOD_S, 0.001, 100, true, (x) => x.queued(BEHIND_QUEUE_US));
	t.true(admitted < asked * 0.85 && admitted > asked * 0.7, `${admitted} of ${asked}`);
	t.is(a.heldBack, asked - admitted);
});

test('still behind, the rate keeps falling; caught up, it climbs back and the control steps aside', (t) => {
	const a = new Admission(0);
	drive(a, 0, 0.5, 0.001, 100, true, (x) => x.queued(50_000));
	const low = a.admittedPerS;
	t.true(low < 20_000, `${low}/s after half a second behind`);
	drive(a, 0.5, 5, 0.001, 100, true, (x) => x.queued(500));
	t.false(a.limiting, 'keeping up again, every exchange asked starts');
	const before = a.heldBack;
	t.is(drive(a, 5, 5.1, 0.001, 100), 10_000);
	t.is(a.heldBack, before);
});

test('one stall of a busy machine, a few late answers or none with a stamp are no reason to hold back', (t) => {
	const a = new Admission(0);
	let k = 0;
	// A quarter of the answers late (those that arrived during a stall), the rest read at once.
	drive(a, 0, 1, 0.001, 10, true, (x) => x.queued(k++ % 4 === 0 ? 60_000 : 300));
	t.false(a.engaged);
	const few = new Admission(0);
	// 200/s: fewer than MIN_READS answers a period, however late.
	drive(few, 0, 1, 0.005, 1, true, (x) => x.queued(60_000));
	t.false(few.engaged);
	const unstamped = new Admission(0);
	drive(unstamped, 0, 1, 0.001, 100, true, (x) => x.queued(-1));
	t.false(unstamped.engaged, 'no arrival stamps (raw socket, node:dgram): the control stands aside');
});

test('a period spent stalled does not drag the admitted rate down: the cut starts from the recent best', (t) => {
	const a = new Admission(0);
	drive(a, 0, 0.2, 0.001, 20, true, (x) => x.queued(300));
	// Nothing started for a whole period (the loop stalled), then a period of late answers.
	drive(a, 0.25, 0.3, 0.001, 20, true, (x) => x.queued(30_000));
	a.admit(0, 0.31, true);
	t.is(Math.round(a.admittedPerS), 16_000, '80 % of the 20,000/s started before the stall');
});

test('what the warm-up holds back is not counted against the run', (t) => {
	const a = new Admission(0);
	drive(a, 0, 0.3, 0.001, 100, false, (x) => x.queued(30_000));
	t.true(a.engaged);
	t.is(a.heldBack, 0);
});

test('the admitted rate never falls below 100/s (or the asked rate)', (t) => {
	const a = new Admission(0);
	drive(a, 0, 3, 0.001, 100, true, (x) => x.queued(100_000));
	t.is(a.admittedPerS, 100);
	const slow = new Admission(0);
	// 50/s asked, each turn reading twenty late answers (of renews and retransmissions, say).
	drive(slow, 0, 3, 0.1, 5, true, (x) => {
		for (let i = 0; i < 20; i++) x.queued(100_000);
	});
	t.true(slow.admittedPerS <= 50, `${slow.admittedPerS}/s when 50/s was asked`);
});
