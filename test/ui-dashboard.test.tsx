// Test files are outside tsconfig's `include`, so tsx compiles their JSX with the classic runtime.
import React from 'react';
import test from 'ava';
import { render } from 'ink-testing-library';
import { Dashboard, type DashboardProps } from '../src/ui/Dashboard.js';
import { MAX_BAR } from '../src/ui/LatencyHistogram.js';
import { NARROW_NOTE } from '../src/ui/KeyHelp.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';
import { dora, empty, sarr } from './ui-fixtures.js';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

interface Calls {
	quit: number;
	pause: number;
	rates: number[];
}

function mount(snapshot: PerfSnapshot, extra: Partial<DashboardProps> = {}) {
	const calls: Calls = { quit: 0, pause: 0, rates: [] };
	const r = render(<Dashboard snapshot={snapshot} onQuit={() => calls.quit++} onTogglePause={() => calls.pause++} onRateChange={(n) => calls.rates.push(n)} {...extra} />);
	const lines = (): string[] => (r.lastFrame() ?? '').replace(ANSI, '').split('\n');
	return { r, calls, lines, frame: () => lines().join('\n') };
}

/** The cells of the first line starting with `label`, split on runs of spaces. */
function row(lines: string[], label: string): string[] {
	const line = lines.find((l) => l.startsWith(label));
	if (line === undefined) throw new Error(`no line starting with ${label}`);
	return line.slice(label.length).trim().split(/\s+/);
}

test('a v4 DORA run shows target, mode, progress, rates, counters, latency, histogram, events and keys', (t) => {
	const { r, lines, frame } = mount(dora());
	const f = lines();
	t.true(f[0]!.startsWith('dhcpulse perf  DORA  DHCPv4  relay 198.19.0.2 → 198.19.0.1:67  RUNNING'));
	t.regex(f[0]!, /2 workers {2}100000 clients$/);
	t.regex(f[1]!, /^elapsed 12\.0s \/ 30\.0s {2}\[█{12} {18}\] {2}40%$/);
	t.regex(f[2]!, /^rate {2}asked 50000\/s {3}sent 31200\/s [▁-█]{5} {3}answered 30700\/s [▁-█]{5}$/);
	t.deepEqual(row(f, 'DISCOVER-OFFER '), ['374400', '371950', '0', '2410', '37', '12', '3', '40', '0.6%']);
	t.deepEqual(row(f, 'REQUEST-ACK '), ['371950', '368700', '1250', '1980', '4', '0', '0', '20', '0.5%']);
	t.deepEqual(row(f, 'RELEASE '), ['1000', '-', '-', '-', '-', '-', '-', '-', 'no', 'reply'], 'RELEASE expects no reply: no figures that read as losses');
	const latencyHead = f.findIndex((l) => l.startsWith('latency, ms'));
	t.deepEqual(f[latencyHead]!.trim().split(/\s+/), ['latency,', 'ms', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max', 'answers']);
	t.deepEqual(f[latencyHead + 1]!.trim().split(/\s+/), ['DISCOVER-OFFER', 'run', '0.047', '0.812', '0.420', '1.31', '4.87', '19.5', '61.2', '371950']);
	t.deepEqual(f[latencyHead + 2]!.trim().split(/\s+/), ['last', '0.052', '1.02', '0.510', '1.70', '6.02', '21.1', '48.0', '30950']);
	t.deepEqual(f[latencyHead + 3]!.trim().split(/\s+/).slice(0, 2), ['REQUEST-ACK', 'run']);
	t.false(
		f.some((l) => l.startsWith('RELEASE') && l.includes('run')),
		'no latency row for an exchange without replies',
	);
	t.true(frame().includes('latency histogram, all exchanges, whole run (740950 answers)'));
	t.true(frame().includes('recent events'));
	t.true(frame().includes('[  6.1s] WARN  NAK burst: 410 NAKs for REQUEST in 1 s'));
	t.true(frame().includes('[  9.9s] ERROR malformed reply from 198.19.0.1:67'));
	t.is(f.at(-1), 'q stop & report   p pause   + / - rate (55000/s / 45000/s)   Ctrl-C stop');
	r.unmount();
});

test('a rate shortfall is shown loudly on its own line, and send errors are counted', (t) => {
	const { r, lines } = mount(dora());
	t.true(lines().some((l) => l.trim() === 'RATE NOT REACHED: asked 50000/s, sent 31200/s (37.6% short, the generator cannot keep up)'));
	t.true(lines().includes('send errors 35 (refused by the kernel or the send window)'));
	r.unmount();
});

test('a v6 SARR run that keeps up has no shortfall line and shows progress toward -n', (t) => {
	const { r, lines, frame } = mount(sarr());
	const f = lines();
	t.true(f[0]!.startsWith('dhcpulse perf  SARR  DHCPv6  relay 2001:db8:2::2 → 2001:db8:2::1:547  RUNNING'));
	t.regex(f[1]!, /^elapsed 10\.0s \/ 100000 requests {2}\[█+ +\] {2}50%$/);
	t.false(frame().includes('RATE NOT REACHED'));
	t.false(frame().includes('send errors'));
	t.deepEqual(row(f, 'SOLICIT-ADVERTISE '), ['50000', '49990', '0', '0', '0', '0', '0', '10', '0.0%']);
	t.deepEqual(row(f, 'REQUEST-REPLY '), ['49990', '49975', '5', '0', '0', '2', '0', '10', '0.0%']);
	t.true(frame().includes('recent events: none'));
	r.unmount();
});

/** A --stages run ramping 1000 → 5000/s: the asked rate moved at every collection, and the achieved one lags at the top. */
function staged(): PerfSnapshot {
	const s = sarr();
	const asked = [1000, 2000, 3000, 4000, 5000, 5000];
	const sent = [1000, 2000, 3000, 3900, 4100, 4200];
	s.rate = {
		...s.rate,
		asked: 5000,
		sent: 4200,
		completed: 4150,
		shortfall: true,
		history: asked.map((a, i) => ({ asked: a, sent: sent[i]!, completed: sent[i]! - 50 })),
		askedChanges: asked.map((rate, i) => ({ atS: i, rate })),
	};
	return s;
}

test('with a moving asked rate (--stages) the asked curve is drawn above the sent and answered ones, aligned interval by interval', (t) => {
	for (const columns of [60, 100, 140]) {
		const { r, lines } = mount(staged(), { columns });
		const f = lines();
		const at = f.findIndex((l) => l.startsWith('rate  asked'));
		t.true(at > 0, f.join('\n'));
		const [asked, sent, answered] = [f[at]!, f[at + 1]!, f[at + 2]!];
		t.regex(asked, /^rate {2}asked {4}5000\/s [▁-█]{6}$/);
		t.regex(sent, /^ {6}sent {5}4200\/s [▁-█]{6}$/);
		t.regex(answered, /^ {6}answered 4150\/s [▁-█]{6}$/);
		const curve = (line: string): string => line.slice(line.lastIndexOf(' ') + 1);
		t.is(curve(asked), '▂▄▅▇██', 'the ramp, on the scale of the highest rate');
		t.is(curve(sent), '▂▄▅▆▇▇', 'the achieved rate falls behind at the top, in the same columns');
		t.is(asked.lastIndexOf(' '), sent.lastIndexOf(' '), 'the curves start in one column');
		t.true(f.some((l) => l.trim().startsWith('RATE NOT REACHED: asked 5000/s, sent 4200/s')));
		t.true(Math.max(...f.map((l) => [...l].length)) <= columns);
		r.unmount();
	}
});

test('a fixed asked rate keeps the one rate line', (t) => {
	const { r, lines } = mount(sarr(), { columns: 100 });
	t.is(lines().filter((l) => l.startsWith('rate  asked')).length, 1);
	t.false(lines().some((l) => /^ {6}(sent|answered) /.test(l)));
	r.unmount();
});

test('the histogram draws one row per bucket, scaled to the fullest, with eighth-block ends', (t) => {
	const { r, lines } = mount(dora());
	const rows = lines().filter((l) => l.includes('|'));
	t.is(rows.length, 11);
	const bars = rows.map((l) => l.split('|')[1]!);
	t.true(
		bars.every((b) => b.length === bars[0]!.length),
		'every bar cell has the same width',
	);
	const biggest = rows.find((l) => l.trimStart().startsWith('<=500µs'))!;
	t.regex(biggest, /\|█+\| 262100 {3}35\.4%$/, 'the fullest bucket fills the bar');
	t.regex(rows.find((l) => l.trimStart().startsWith('<=100ms'))!, /\|▏ +\| +10 {4}0\.0%$/, 'a non-empty bucket is never drawn empty');
	for (const b of bars) t.regex(b, /^█*[ ▏▎▍▌▋▊▉]? *$/);
	r.unmount();
});

test('before anything happened the dashboard shows zeros and dashes, never NaN or Infinity', (t) => {
	const { r, frame } = mount(empty());
	const f = frame();
	t.notRegex(f, /NaN|Infinity|undefined|null/);
	t.true(f.includes('STARTING'));
	t.true(f.includes('elapsed 0.0s  no limit: runs until q or Ctrl-C'));
	t.true(f.includes('no answers yet'));
	t.regex(f, /DISCOVER-OFFER +0 +0 +0 +0 +0 +0 +0 +0 +-/);
	t.false(f.includes('RATE NOT REACHED'));
	r.unmount();
});

test('during --warm-up the header says WARMING UP, with nothing counted yet', (t) => {
	const { r, frame } = mount({ ...empty(), state: 'warming', warmUp: { seconds: 1, rate: 500, started: 120, cut: false } });
	const f = frame();
	t.true(f.includes('WARMING UP'));
	t.false(f.includes('RUNNING'));
	t.regex(f, /DISCOVER-OFFER +0 +0 +0 +0 +0 +0 +0 +0 +-/);
	r.unmount();
});

test('a snapshot with non-finite figures still renders finite text', (t) => {
	const s = dora();
	s.rate = { ...s.rate, sent: Number.NaN, completed: Number.POSITIVE_INFINITY, history: [{ asked: Number.NaN, sent: Number.NaN, completed: 1 }] };
	s.progress = Number.NaN;
	s.exchanges[0]!.intervalLatencyUs = { ...s.exchanges[0]!.intervalLatencyUs, p99: Number.NaN };
	const { r, frame } = mount(s);
	t.notRegex(frame(), /NaN|Infinity/);
	r.unmount();
});

test('q and Ctrl-C quit, p toggles pause', (t) => {
	const { r, calls } = mount(dora());
	r.stdin.write('q');
	t.is(calls.quit, 1);
	r.stdin.write('\x03');
	t.is(calls.quit, 2, 'Ctrl-C is a key while stdin is raw (exitOnCtrlC is off), and stops the run like q');
	r.stdin.write('p');
	t.is(calls.pause, 1);
	t.deepEqual(calls.rates, []);
	r.unmount();
});

test('+ and - step the asked rate by 10 %, accumulating between snapshots', (t) => {
	const { r, calls } = mount(dora());
	r.stdin.write('+');
	r.stdin.write('+');
	r.stdin.write('-');
	t.deepEqual(calls.rates, [55_000, 60_500, 54_450]);
	t.is(calls.quit + calls.pause, 0);
	r.unmount();
});

test('a new asked rate from the engine becomes the base for the next step', (t) => {
	const calls: number[] = [];
	const props = { onQuit: () => {}, onTogglePause: () => {}, onRateChange: (n: number) => calls.push(n) };
	const s = dora();
	const r = render(<Dashboard snapshot={s} {...props} />);
	r.stdin.write('+');
	r.rerender(<Dashboard snapshot={{ ...s, rate: { ...s.rate, asked: 2_000 } }} {...props} />);
	r.stdin.write('-');
	t.deepEqual(calls, [55_000, 1_800]);
	r.unmount();
});

test('the rate never goes below 1/s and small rates step by at least 1', (t) => {
	const s = dora();
	s.rate = { ...s.rate, asked: 1, shortfall: false };
	const { r, calls, lines } = mount(s);
	r.stdin.write('-');
	t.deepEqual(calls.rates, [], 'already at 1/s: nothing to ask for');
	r.stdin.write('+');
	r.stdin.write('+');
	r.stdin.write('-');
	r.stdin.write('-');
	r.stdin.write('-');
	t.deepEqual(calls.rates, [2, 3, 2, 1]);
	t.is(lines().at(-1), 'q stop & report   p pause   + / - rate (2/s / 1/s)   Ctrl-C stop');
	r.unmount();
});

test('a paused run says so and offers resume instead of warning about the rate', (t) => {
	const s = dora();
	s.state = 'paused';
	const { r, frame, lines } = mount(s);
	t.true(lines()[0]!.includes('PAUSED'));
	t.false(frame().includes('RATE NOT REACHED'), 'sending nothing on purpose is not a shortfall');
	t.regex(lines().at(-1)!, /^q stop & report {3}p resume {3}/);
	r.unmount();
});

test('no line is wider than the terminal, at any width', (t) => {
	for (const columns of [30, 40, 60, 79, 80, 100, 160]) {
		for (const s of [dora(), sarr()]) {
			const { r, lines } = mount(s, { columns });
			const widest = Math.max(...lines().map((l) => [...l].length));
			t.true(widest <= columns, `columns ${columns}: widest line ${widest}`);
			r.unmount();
		}
	}
});

test('below 80 columns the narrow layout: target on its own line, short names, fewer columns, and it says so', (t) => {
	const { r, lines, frame } = mount(dora(), { columns: 60 });
	const f = lines();
	t.regex(f[0]!, /^dhcpulse perf DORA v4 {2}RUNNING$/);
	t.true(f[1]!.startsWith('relay 198.19.0.2'), 'the target has a line of its own');
	t.deepEqual(
		f
			.find((l) => l.startsWith('exchange'))!
			.trim()
			.split(/\s{2,}/),
		['exchange', 'sent', 'ok', 'rej', 't/o', 'malf', 'infl', 'drop%'],
		'malformed stays: it is not 0 here; late and orphans are left to the report',
	);
	t.deepEqual(row(f, 'DO ').slice(0, 2), ['374400', '371950'], 'the exchange by its short name');
	t.deepEqual(
		f
			.find((l) => l.startsWith('latency ms'))!
			.trim()
			.split(/\s{2,}/),
		['latency ms', 'p50', 'p99', 'max', 'answers'],
	);
	t.true(f.at(-1)!.endsWith(NARROW_NOTE), f.at(-1));
	t.false(frame().includes('DISCOVER-OFFER'));
	r.unmount();

	const quiet = sarr();
	const wide = mount(quiet, { columns: 80 });
	t.false(wide.frame().includes(NARROW_NOTE), 'from 80 columns the full layout');
	wide.r.unmount();
	const narrow = mount(quiet, { columns: 70 });
	t.deepEqual(
		narrow
			.lines()
			.find((l) => l.startsWith('exchange'))!
			.trim()
			.split(/\s{2,}/),
		['exchange', 'sent', 'ok', 'rej', 't/o', 'infl', 'drop%'],
		'narrow, the rare columns appear only once one is not 0',
	);
	narrow.r.unmount();
});

test('the narrow layout still fits a 60×30 terminal', (t) => {
	const { r, lines } = mount(dora(), { columns: 60, rows: 30 });
	t.true(lines().length < 30, `${lines().length} lines`);
	r.unmount();
});

test("log records are shown among the run's events, in time order", (t) => {
	const s = dora();
	const logEvents = [{ atS: 11.5, level: 'warn' as const, text: 'PERF_RATE_NOT_REACHED sent 31200/s of 50000/s' }];
	const { r, lines } = mount(s, { logEvents });
	const f = lines();
	const at = f.findIndex((l) => l.includes('PERF_RATE_NOT_REACHED'));
	t.true(at > f.findIndex((l) => l.startsWith('recent events')), 'inside the events panel');
	t.true(at < f.length - 1, 'above the key line');
	t.regex(f[at]!, /^\[ 11\.5s\] WARN  PERF_RATE_NOT_REACHED sent/);
	t.true(f.findIndex((l) => l.includes('send window full')) < at, 'after the event of 11.0 s');
	r.unmount();
});

test('keys typed before the first frame: q acts at once, p and + once the run is measuring', (t) => {
	const starting = { ...dora(), state: 'starting' as const };
	const { r, calls } = mount(starting, { earlyKeys: 'p+x' });
	t.is(calls.pause, 0, 'a starting run cannot pause yet: the key is held');
	t.deepEqual(calls.rates, []);
	const el = (s: PerfSnapshot) => <Dashboard snapshot={s} onQuit={() => calls.quit++} onTogglePause={() => calls.pause++} onRateChange={(n) => calls.rates.push(n)} earlyKeys="p+x" />;
	r.rerender(el(dora()));
	t.is(calls.pause, 1, 'p acted on once the run is running');
	t.deepEqual(calls.rates, [55_000]);
	r.rerender(el({ ...dora(), elapsedS: 13 }));
	t.is(calls.pause, 1, 'and only once');
	r.unmount();

	const quit = mount(starting, { earlyKeys: 'q' });
	t.is(quit.calls.quit, 1, 'q stops even a run that has not started');
	quit.r.unmount();
});

test('at 80 columns the counters use short headings; wider terminals get the full ones', (t) => {
	const heading = (columns: number): string[] => {
		const { r, lines } = mount(dora(), { columns });
		const h = lines()
			.find((l) => l.startsWith('exchange'))!
			.trim()
			.split(/\s{2,}/);
		r.unmount();
		return h;
	};
	t.deepEqual(heading(80), ['exchange', 'sent', 'ok', 'rej', 't/o', 'late', 'orph', 'malf', 'infl', 'drop%']);
	t.deepEqual(heading(100), ['exchange', 'sent', 'ok', 'rejected', 'timeouts', 'late', 'orphans', 'malformed', 'in-flight', 'drop %']);
});

test('histogram bars use the width up to a cap, and a long target is cut to fit the header', (t) => {
	const s = dora();
	s.target = 'on-link dpl-cli0 (02:00:00:00:00:01 … 02:00:00:01:86:a0) → 255.255.255.255:67 via raw socket';
	const { r, lines } = mount(s, { columns: 80 });
	t.is(
		lines()
			.find((l) => l.includes('|'))!
			.split('|')[1]!.length,
		MAX_BAR,
	);
	t.regex(lines()[0]!, /^dhcpulse perf {2}DORA {2}DHCPv4 {2}on-link dpl-cli0 .*… {2}RUNNING$/, 'the counts go first, then the target is cut');
	t.true([...lines()[0]!].length <= 80);
	r.unmount();
});

test('on a short terminal the histogram and events shrink to fit, buckets merged rather than dropped', (t) => {
	const { r, lines } = mount(dora(), { rows: 30 });
	const f = lines();
	t.true(f.length <= 30, `${f.length} lines`);
	const bucketRows = f.filter((l) => l.includes('|'));
	t.true(bucketRows.length < 11 && bucketRows.length >= 3);
	const counted = bucketRows.reduce((sum, l) => sum + Number(l.split('|')[2]!.trim().split(/\s+/)[0]), 0);
	t.is(counted, 740_950, 'merged buckets keep every answer');
	t.true(bucketRows.at(-1)!.trimStart().startsWith('<=100ms'), 'the last merged bucket keeps the true upper bound');
	t.true(
		f.some((l) => l.includes('send window full: 35 sends refused')),
		'the newest event is kept',
	);
	r.unmount();
});

test('an avalanche shows no asked rate, progress as clients done, and the duplicates and retransmissions columns', (t) => {
	const s = dora();
	s.mode = 'DORA avalanche';
	s.rate.asked = 0;
	// The coordinator never flags a shortfall without an asked rate.
	s.rate.shortfall = false;
	s.limit = { periodS: null, requests: null };
	s.avalanche = { done: 25_000, provisioned: 24_000, retransmits: 9_100 };
	s.progress = 0.25;
	s.exchanges = s.exchanges.slice(0, 2);
	s.exchanges[0] = { ...s.exchanges[0]!, retransmits: 7_000, duplicates: 55 };
	s.exchanges[1] = { ...s.exchanges[1]!, retransmits: 2_100 };
	const { r, lines } = mount(s);
	const f = lines();
	t.true(f[0]!.startsWith('dhcpulse perf  DORA avalanche  DHCPv4'));
	t.regex(f[1]!, /25%$/);
	t.regex(f[2]!, /^rate {2}asked all at once {3}sent /);
	// exchange, sent, ok, rejected, timeouts, late, orphans, duplicates, malformed, retransmits, in-flight, drop %.
	t.deepEqual(row(f, 'DISCOVER-OFFER '), ['374400', '371950', '0', '2410', '37', '12', '55', '3', '7000', '40', '0.6%']);
	t.deepEqual(row(f, 'REQUEST-ACK '), ['371950', '368700', '1250', '1980', '4', '0', '0', '0', '2100', '20', '0.5%']);
	const keys = f.find((l) => l.startsWith('q stop & report'))!;
	t.false(keys.includes('+ / - rate'), 'no rate keys without an asked rate');
	r.unmount();
});
