/**
 * Option values drawn per client from a weighted list (src/perf/weighted-options.ts): each client
 * draws the same way every time for a seed, and a population draws in the proportions asked.
 */
import test from 'ava';
import { dhcp4Options } from '../src/codec/dhcp4/option-defs.js';
import { variants, WeightedDraw, type WeightedOption } from '../src/perf/weighted-options.js';

const parse = (text: string) => dhcp4Options.parseOption(text);
const vendor: WeightedOption = {
	code: 60,
	choices: [
		{ weight: 3, option: parse('60=MSFT 5.0') },
		{ weight: 1, option: parse('60=PXEClient') },
	],
};
const user: WeightedOption = {
	code: 77,
	choices: [
		{ weight: 1, option: parse('77[hex]=03 61 62 63') },
		{ weight: 1, option: parse('77[hex]=03 64 65 66') },
		{ weight: 2, option: parse('77[hex]=03 67 68 69') },
	],
};

test('every combination of one value per list, the first list varying slowest', (t) => {
	const all = variants([vendor, user]);
	t.is(all.length, 6);
	t.deepEqual(
		all.map((combo) => combo.map((o) => Buffer.from(o.data).toString('latin1').slice(0, 4))),
		[
			['MSFT', '\x03abc'],
			['MSFT', '\x03def'],
			['MSFT', '\x03ghi'],
			['PXEC', '\x03abc'],
			['PXEC', '\x03def'],
			['PXEC', '\x03ghi'],
		],
	);
	t.deepEqual(variants([]), [[]]);
});

test('100,000 clients draw in the proportions of the weights, each list on its own', (t) => {
	const draw = new WeightedDraw([vendor, user], 7);
	const n = 100_000;
	const counts = [new Array(2).fill(0), new Array(3).fill(0)];
	const combos = new Array(6).fill(0);
	for (let c = 0; c < n; c++) {
		counts[0]![draw.choiceOf(c, 0)]++;
		counts[1]![draw.choiceOf(c, 1)]++;
		combos[draw.variantOf(c)]++;
	}
	// A generous band: 3:1 is 75 %, and 1:1:2 is 25 / 25 / 50 %.
	const near = (count: number, share: number) => Math.abs(count / n - share) < 0.02;
	t.true(near(counts[0]![0], 0.75) && near(counts[0]![1], 0.25), `vendor: ${counts[0]}`);
	t.true(near(counts[1]![0], 0.25) && near(counts[1]![1], 0.25) && near(counts[1]![2], 0.5), `user: ${counts[1]}`);
	// Independent lists: MSFT with the third user class is 75 % × 50 %.
	t.true(near(combos[2], 0.375), `combinations: ${combos}`);
});

test('a client draws the same for a seed, and another seed draws a different population', (t) => {
	const a = new WeightedDraw([vendor], 1);
	const again = new WeightedDraw([vendor], 1);
	const other = new WeightedDraw([vendor], 2);
	const first = Array.from({ length: 1000 }, (_, c) => a.variantOf(c));
	t.deepEqual(
		Array.from({ length: 1000 }, (_, c) => again.variantOf(c)),
		first,
	);
	const differ = first.filter((v, c) => other.variantOf(c) !== v).length;
	t.true(differ > 200, `${differ} of 1000 clients drew otherwise with another seed`);
	t.true(new WeightedDraw([], 1).empty);
	t.is(new WeightedDraw([], 1).variantOf(5), 0);
});
