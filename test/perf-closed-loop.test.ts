/**
 * The closed loop (--max-in-flight N): never more than N exchanges outstanding, a new one started
 * as each is answered or times out, no asked rate; against the lab's Kea. The engine's own peak
 * of requests in flight (the JSON's peakInFlight) is the witness.
 */
import test from 'ava';
import { UserError } from '../src/exit-codes.js';
import { planShards } from '../src/perf/plan.js';
import { parsePerfArgs } from '../src/perf/settings.js';
import { useLab } from './helpers/lab.js';
import { perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

test('closed loop: its flags are checked in one line, and each worker keeps its share of N', (t) => {
	const bad = (args: Record<string, unknown>, message: RegExp) => {
		const e = t.throws(() => parsePerfArgs({ local: ['lo'], ...args }), { instanceOf: UserError });
		t.regex(e!.message, message);
	};
	bad({ 'max-in-flight': 0 }, /^--max-in-flight 0: expected a positive/);
	bad({ 'max-in-flight': 2.5 }, /^--max-in-flight 2\.5: /);
	bad({ 'max-in-flight': 4, rate: 100 }, /^-r 100: no meaning in --scenario closed-loop \(a closed loop has no asked rate: answers pace it\)$/);
	bad({ 'max-in-flight': 4, stages: '1s:10' }, /^--stages, --max-in-flight: two load shapes; give one$/);
	bad({ 'max-in-flight': 4, scenario: 'avalanche' }, /^--max-in-flight: a load shape of its own; it cannot be combined with --scenario avalanche$/);
	const { config } = parsePerfArgs({ local: ['lo'], 'max-in-flight': 5, 'num-request': 10 });
	t.is(config.scenario, 'closed-loop');
	t.is(config.rate, 0, 'no asked rate');
	const three = { ...config, workers: 3, path: { kind: 'relay' as const, locals: ['198.19.0.2', '198.19.0.3', '198.19.0.4'], server: '198.19.0.1' } };
	t.deepEqual(
		planShards(three).map((s) => s.maxInFlight),
		[2, 2, 1],
	);
	t.throws(() => parsePerfArgs({ server: '198.19.0.1', local: ['127.0.0.1'], workers: 2, 'max-in-flight': 1 }), { instanceOf: UserError });
});

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-closed');
test.serial.before(async () => waitForCarrier(lab()));

test.serial('closed loop against the lab Kea: in flight never above N, every exchange done, no rate asked or missed', async (t) => {
	const r = await perfInLab(lab(), ['198.19.0.1', '--max-in-flight', '4', '-n', '400', '--no-dashboard'], dir, 60_000);
	t.is(r.code, 0, r.stderr);
	const j = r.json;
	t.true(j.peakInFlight > 0 && j.peakInFlight <= 4, `peak ${j.peakInFlight}`);
	t.is(j.exchanges.DO!.sent, 400);
	t.is(j.exchanges.RA!.ok, 400, 'every exchange went through');
	t.is(j.rate.asked, 0);
	t.is(j.rate.skipped, 0);
	t.is(j.settings.maxInFlight, 4);
	t.true(j.rate.completed > 0);
});

test.serial('closed loop: requests that time out free their slots too, and the loop goes on to -n', async (t) => {
	// A drop time shorter than Kea's answer: most requests time out (their answers come late).
	const r = await perfInLab(lab(), ['198.19.0.1', '--max-in-flight', '3', '-n', '150', '-d', '0.0002', '-W', '0.5', '--no-dashboard'], dir, 60_000);
	const j = r.json;
	t.is(j.exchanges.DO!.sent, 150, r.stderr);
	t.true(j.exchanges.DO!.timeouts > 0, 'some timed out');
	t.true(j.peakInFlight > 0 && j.peakInFlight <= 3, `peak ${j.peakInFlight}`);
	t.true(j.identityHolds);
});
