// Test files are outside tsconfig's `include`, so tsx compiles their JSX with the classic runtime.
import React from 'react';
import test from 'ava';
import { render } from 'ink-testing-library';
import { CapacityView, curveLines, type CapacityLive } from '../src/ui/CapacityView.js';
import { dora } from './ui-fixtures.js';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

function mount(view: CapacityLive, columns: number, rows?: number) {
	const r = render(<CapacityView view={view} columns={columns} {...(rows !== undefined ? { rows } : {})} />);
	const lines = (): string[] => (r.lastFrame() ?? '').replace(ANSI, '').split('\n');
	return { r, lines };
}

const point = (rate: number, trials: number, passed: number, dropPct: number, p99Ms: number | null, generatorLimited = 0) => ({ rate, trials, passed, generatorLimited, dropPct, p99Ms });

/** A search in its ladder: the coarse rates, the bisection, three rungs so far, the knee between 4,400 and 4,840/s. */
function ladder(): CapacityLive {
	return {
		mode: 'DORA',
		family: 4,
		target: 'relay 198.19.0.2 → 198.19.0.1:67',
		criteria: 'drops ≤ 1 %, the asked rate sent',
		maxDropPct: 1,
		elapsedS: 83.2,
		maxTimeS: 600,
		trial: { trial: 14, phase: 'ladder', rate: 4400, atRate: 2, ofAtRate: 3, snapshot: dora() },
		last: { text: 'trial 13 ladder 4840/s: sent 4838/s, completed 4700/s, drops 2.10 %: FAIL (drops 2.10 % > 1 %)', passed: false },
		curve: [
			point(100, 1, 1, 0, 0.5),
			point(200, 1, 1, 0, 0.6),
			point(400, 1, 1, 0, 0.7),
			point(800, 1, 1, 0, 0.8),
			point(1600, 1, 1, 0, 0.9),
			point(3200, 1, 1, 0.1, 1.2),
			point(4000, 2, 2, 0.2, 2.5),
			point(4400, 1, 1, 0.6, 4.1),
			point(4840, 2, 0, 2.1, 9.9),
			point(6400, 1, 0, 12, 40, 1),
		],
		bracket: { pass: 4000, fail: 6400 },
		knee: { rate: 4620, low: 4400, high: 4840, confidence: 0.9, censored: null },
		events: [{ atS: 20, level: 'warn', text: 'generator limit reached at 6400/s' }],
		done: null,
	};
}

test('the phase, the trial (k of n at its rate), its counters, and the curve so far with the knee marked between the rungs either side', (t) => {
	const { r, lines } = mount(ladder(), 100);
	const f = lines();
	t.regex(f[0]!, /^dhcpulse capacity {2}DORA {2}DHCPv4 {2}relay 198\.19\.0\.2 → 198\.19\.0\.1:67 {2}LADDER$/);
	t.regex(f[1]!, /^criteria: drops ≤ 1 %, the asked rate sent {3}search 83\.2s \/ 600\.0s$/);
	t.true(f.includes('trial 14  ladder  4400/s  2 of 3 at this rate'));
	t.true(
		f.some((l) => l.startsWith('DISCOVER-OFFER ')),
		"the running trial's counters, as the perf dashboard draws them",
	);
	t.true(f.some((l) => /^rate {2}asked /.test(l)));
	t.true(f.includes('knee so far: 4620/s, 90 % interval 4400–4840/s'));
	const head = f.findIndex((l) => /^rate\/s +passed +drop % +p99 ms +drops, │ = criterion$/.test(l));
	t.true(head > 0, f.join('\n'));
	const curve = f.slice(head + 1, head + 12);
	t.regex(curve[7]!, /^ {2}4400 +1\/1 +0\.60 +4\.10 /);
	t.regex(curve[8]!, /^── knee 4620\/s \(4400–4840\) ─+$/, 'the knee between 4,400 and 4,840/s');
	t.regex(curve[9]!, /^ {2}4840 +0\/2 +2\.10 +9\.90 +█+/, 'a failing rung: its drops past the criterion');
	t.regex(curve[10]!, /^ {2}6400 +0\/1 gen +12\.00 +40\.00 +█+▶$/, 'the generator fell short there; drops past the scale');
	t.regex(curve[0]!, /^ {3}100 +1\/1 +0\.00 +0\.50 +│/, 'the criterion marked where the bar does not reach');
	t.true(f.some((l) => l === 'warn: generator limit reached at 6400/s'));
	t.is(f.at(-1), 'Ctrl-C stops the search and reports what it has found');
	t.true(Math.max(...f.map((l) => [...l].length)) <= 100);
	r.unmount();
});

test('before the ladder the bracket is marked; before any trial the view says the first is starting', (t) => {
	const v = { ...ladder(), knee: null, curve: ladder().curve.filter((p) => p.rate !== 4400 && p.rate !== 4840), trial: { trial: 9, phase: 'bisection', rate: 5060, atRate: 1, ofAtRate: 1, snapshot: null } };
	const { r, lines } = mount(v, 100);
	t.regex(lines()[0]!, /BISECTION$/);
	t.true(lines().includes('bracket: passes at 4000/s, fails at 6400/s'));
	t.true(lines().some((l) => /^── between 4000 and 6400\/s ─+$/.test(l)));
	t.true(lines().includes('trial 9  bisection  5060/s  1 of 1 at this rate'));
	r.unmount();
	const first = mount({ ...ladder(), trial: null, last: null, curve: [], knee: null, bracket: { pass: null, fail: null }, events: [] }, 100);
	t.regex(first.lines()[0]!, /STARTING$/);
	t.true(first.lines().includes('the first trial is starting'));
	first.r.unmount();
});

test('at 60 columns the narrow layout fits, the target on its own line and the curve still drawn', (t) => {
	const { r, lines } = mount(ladder(), 60, 40);
	const f = lines();
	t.is(f[0], 'dhcpulse capacity DORA v4  LADDER');
	t.is(f[1], 'relay 198.19.0.2 → 198.19.0.1:67');
	t.true(f.some((l) => /^── knee 4620\/s/.test(l)));
	t.true(Math.max(...f.map((l) => [...l].length)) <= 60, f.join('\n'));
	r.unmount();
});

test('a long curve on a short terminal keeps the rows around the knee and says how many are not shown', (t) => {
	const lines = curveLines(ladder(), 100, 6).map((l) => l.text);
	t.is(lines.length, 6);
	t.true(lines[0]!.startsWith('rate/s'));
	t.regex(lines[1]!, /^… \d+ lower rates$/);
	t.true(lines.some((l) => l.startsWith('── knee')));
	t.regex(lines.at(-1)!, /^… \d+ higher rates?$/);
	const shown = lines.slice(2, -1).filter((l) => !l.startsWith('──')).length;
	const lower = Number(lines[1]!.match(/\d+/)![0]);
	const higher = Number(lines.at(-1)!.match(/\d+/)![0]);
	t.is(shown + lower + higher, ladder().curve.length, 'every rate is shown or counted');
});

test('at the end the frame is one line: the verdict, below the header', (t) => {
	const { r, lines } = mount({ ...ladder(), trial: null, done: 'capacity 4620/s (90 % interval 4400–4840/s)' }, 100);
	t.deepEqual(lines(), ['dhcpulse capacity  DORA  DHCPv4  relay 198.19.0.2 → 198.19.0.1:67  DONE', '12 trials in 83.2s: capacity 4620/s (90 % interval 4400–4840/s)']);
	r.unmount();
});
