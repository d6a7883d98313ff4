import test from 'ava';
import { kneeInterval, kneeOf, monotoneFractions, ratioInterval, rungs, shuffled, type Rung } from '../src/capacity/ladder.js';
import { centreOf, roughApart } from '../benchmarks/perf/ladder.js';
import { mulberry32 } from '../src/prng.js';

const ladder = (rates: number[], passed: number[], trials = 3): Rung[] => rates.map((rate, i) => ({ rate, passed: passed[i]!, trials }));

test('the ladder spans the centre by equal steps either side, rounded to 10/s', (t) => {
	t.deepEqual(rungs(5000, 2, 0.05), [4500, 4750, 5000, 5250, 5500]);
	t.deepEqual(rungs(6333, 1, 0.1), [5700, 6330, 6970]);
});

test('a seeded shuffle is a permutation, and the same seed gives the same order', (t) => {
	const items = [1, 2, 3, 4, 5, 6, 7, 8];
	const a = shuffled(items, mulberry32(7));
	t.deepEqual(
		[...a].sort((x, y) => x - y),
		items,
	);
	t.deepEqual(shuffled(items, mulberry32(7)), a);
	t.notDeepEqual(shuffled(items, mulberry32(8)), a);
	t.deepEqual(items, [1, 2, 3, 4, 5, 6, 7, 8], 'the input is left alone');
});

test('pass fractions that already fall with the rate are kept as they are', (t) => {
	t.deepEqual(monotoneFractions(ladder([1, 2, 3, 4], [3, 2, 1, 0])), [1, 2 / 3, 1 / 3, 0]);
});

test('an inversion between rungs (a pass above a failure) is averaged across them', (t) => {
	// 1/3 at rate 2 and 3/3 at rate 3 cannot both be true of one server: both become 4/6.
	t.deepEqual(monotoneFractions(ladder([1, 2, 3, 4], [3, 1, 3, 0])), [1, 4 / 6, 4 / 6, 0]);
	// A run of inversions pools until the order holds: 0, 1, 2 passes of 3 → 1/3 each.
	t.deepEqual(monotoneFractions(ladder([1, 2, 3], [0, 1, 2])), [1 / 3, 1 / 3, 1 / 3]);
});

test('the knee is where the pass fraction crosses one half, interpolated between rungs', (t) => {
	// 1 at 5000, 0 at 5500: halfway.
	t.deepEqual(kneeOf(ladder([4500, 5000, 5500, 6000], [3, 3, 0, 0])), { rate: 5250, censored: null });
	// 2/3 at 5000, 0 at 5500: (2/3 − 1/2) ÷ (2/3) of the way = a quarter.
	t.deepEqual(kneeOf(ladder([4500, 5000, 5500, 6000], [3, 2, 0, 0])), { rate: 5125, censored: null });
	// Unsorted input is sorted first.
	t.deepEqual(kneeOf(ladder([6000, 5500, 5000, 4500], [0, 0, 3, 3])), { rate: 5250, censored: null });
});

test('whatever the noise, the trials at rungs up to the knee passed at least half the time, and those above it less than half', (t) => {
	// Rungs of 2 trials each, passes drawn at random: inversions of every kind (0/2 below 2/2, 1/2 above 0/2).
	const random = mulberry32(11);
	const share = (rs: Rung[]) => rs.reduce((n, r) => n + r.passed, 0) / rs.reduce((n, r) => n + r.trials, 0);
	let knees = 0;
	for (let i = 0; i < 2000; i++) {
		const ladder: Rung[] = [1000, 1100, 1200, 1300, 1400].map((rate) => ({ rate, trials: 2, passed: Math.floor(random() * 3) }));
		const k = kneeOf(ladder);
		if (k.censored !== null) continue;
		knees++;
		t.true(share(ladder.filter((r) => r.rate <= k.rate)) >= 0.5, JSON.stringify(ladder));
		t.true(share(ladder.filter((r) => r.rate > k.rate)) < 0.5, JSON.stringify(ladder));
	}
	t.true(knees > 500, `${knees} ladders with a knee inside`);
});

test('a knee beyond the ladder is reported at its end rung, marked censored', (t) => {
	t.deepEqual(kneeOf(ladder([4500, 5000, 5500], [3, 3, 2])), { rate: 5500, censored: 'above' });
	t.deepEqual(kneeOf(ladder([4500, 5000, 5500], [1, 0, 0])), { rate: 4500, censored: 'below' });
});

test('the bootstrap interval of the ratio holds the point ratio, and narrows with more trials', (t) => {
	const rates = [4000, 4500, 5000, 5500, 6000, 6500];
	const ours = ladder(rates, [3, 3, 2, 1, 0, 0]);
	const theirs = ladder(rates, [3, 3, 3, 1, 1, 0]);
	const point = kneeOf(ours).rate / kneeOf(theirs).rate;
	const [lo, hi] = ratioInterval(ours, theirs, { seed: 3 });
	t.true(lo <= point && point <= hi, `${lo} ≤ ${point} ≤ ${hi}`);
	t.true(lo < hi);
	const many = (rs: Rung[]): Rung[] => rs.map((r) => ({ ...r, passed: r.passed * 10, trials: 30 }));
	const [lo30, hi30] = ratioInterval(many(ours), many(theirs), { seed: 3 });
	t.true(hi30 - lo30 < hi - lo, `30 trials a rung: ${lo30}–${hi30}; 3: ${lo}–${hi}`);
	t.deepEqual(ratioInterval(ours, theirs, { seed: 3 }), [lo, hi], 'the same seed, the same interval');
});

test('two tools with identical ladders get an interval either side of a ratio of 1', (t) => {
	const rs = ladder([4000, 4500, 5000, 5500], [3, 2, 1, 0]);
	const [lo, hi] = ratioInterval(rs, rs);
	t.true(lo < 1 && hi > 1);
});

test('a ladder is centred on the geometric mean of the rough knees, or on the one knee found', (t) => {
	t.is(centreOf(4000, 9000), 6000);
	t.is(centreOf(0, 5200), 5200);
	t.is(centreOf(0, 0), 1000, 'no knee at all: the lowest centre');
});

test('rough knees more than a factor of 2 apart, or one found and one not, are searched again', (t) => {
	t.false(roughApart(5000, 9900));
	t.false(roughApart(9900, 5000), 'whichever tool is higher');
	t.true(roughApart(2714, 10_688), "session 9's 2-way knees in stolen minutes");
	t.true(roughApart(0, 4800));
	t.false(roughApart(0, 0), 'neither found one: searching again would find none either');
});

test("one ladder's knee interval holds its knee, and narrows with more trials", (t) => {
	const rs = ladder([4000, 4500, 5000, 5500, 6000, 6500], [3, 3, 2, 1, 0, 0]);
	const k = kneeOf(rs).rate;
	const [lo, hi] = kneeInterval(rs, { seed: 5 });
	t.true(lo <= k && k <= hi && lo < hi, `${lo} ≤ ${k} ≤ ${hi}`);
	const [lo30, hi30] = kneeInterval(
		rs.map((r) => ({ ...r, passed: r.passed * 10, trials: 30 })),
		{ seed: 5 },
	);
	t.true(hi30 - lo30 < hi - lo);
	t.deepEqual(kneeInterval(rs, { seed: 5 }), [lo, hi], 'the same seed, the same interval');
});

test('a clean cut between two rungs gives an interval of those two rungs, not a point', (t) => {
	// Every trial passed at 130 and failed from 140: any rate between the two could be the knee.
	const rs = ladder([120, 130, 140, 150], [3, 3, 0, 0]);
	t.is(kneeOf(rs).rate, 135);
	t.deepEqual(kneeInterval(rs), [130, 140]);
});
