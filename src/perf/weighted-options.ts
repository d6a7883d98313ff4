/**
 * Option values drawn per client from a weighted list (issue #25): `--option-weighted
 * '3:vendor-class-identifier="MSFT 5.0"' --option-weighted '1:60=PXEClient'` gives three clients
 * in four the first value and one in four the second, as a population of Windows hosts and PXE
 * boot ROMs would. The values of one option code form one list; each client draws one value
 * from each list, from its index and the run's seed alone, so a client sends the same values in
 * every message and in every run with the same --seed, whichever shard it falls in.
 *
 * The values differ in length, so they cannot be patched in place as {client} is: the exchange
 * logic keeps one template per combination of values (`variants`), at most MAX_VARIANTS, and
 * sends each client's from its own.
 */
import type { Option } from '../codec/option-space.js';
import { hash32 } from '../prng.js';

/** One option code's weighted values. */
export interface WeightedOption {
	code: number;
	choices: { weight: number; option: Option }[];
}

/** Templates kept per exchange: the product of the lists' lengths may not pass this. */
export const MAX_VARIANTS = 64;

/** Every combination of one value per list, the first list's choice varying slowest. */
export function variants(lists: readonly WeightedOption[]): Option[][] {
	let out: Option[][] = [[]];
	for (const list of lists) out = out.flatMap((prefix) => list.choices.map((c) => [...prefix, c.option]));
	return out;
}

/** Draws each client's combination: its index into {@link variants}. */
export class WeightedDraw {
	/** Per list: cumulative weights, and its total. */
	private readonly cumulative: number[][];
	private readonly totals: number[];
	private readonly radix: number[];

	constructor(
		lists: readonly WeightedOption[],
		private readonly seed: number,
	) {
		this.cumulative = lists.map((l) => {
			let sum = 0;
			return l.choices.map((c) => (sum += c.weight));
		});
		this.totals = this.cumulative.map((c) => c[c.length - 1]!);
		this.radix = lists.map((l) => l.choices.length);
	}

	get empty(): boolean {
		return this.radix.length === 0;
	}

	/** Client `client`'s combination (0 when there are no lists). */
	variantOf(client: number): number {
		let index = 0;
		for (let k = 0; k < this.radix.length; k++) {
			// A point in [0, total): 2^32 possible values spread over the total weight.
			const point = (hash32(client, this.seed, k) / 2 ** 32) * this.totals[k]!;
			const c = this.cumulative[k]!;
			let choice = 0;
			while (choice < c.length - 1 && point >= c[choice]!) choice++;
			index = index * this.radix[k]! + choice;
		}
		return index;
	}

	/** Client `client`'s choice in list `k` (for reports and tests). */
	choiceOf(client: number, k: number): number {
		let index = this.variantOf(client);
		for (let j = this.radix.length - 1; j > k; j--) index = Math.floor(index / this.radix[j]!);
		return index % this.radix[k]!;
	}
}
