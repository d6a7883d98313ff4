/**
 * The live dashboard driven by a real load run: the run loop's snapshots rendered by the Ink
 * Dashboard (ink-testing-library), its keys acting on the run (p pauses, + raises the asked rate,
 * q stops and reports), and the identity kept. The run is a script inside the lab's client
 * namespace, because the relay address lives there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execInLab, useLab } from './helpers/lab.js';
import { scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-dash');
test.serial.before(async () => waitForCarrier(lab()));

const src = (p: string): string => JSON.stringify(new URL(`../src/${p}`, import.meta.url).href);

const SCRIPT = `
import React from ${JSON.stringify(import.meta.resolve('react'))};
import { render } from ${JSON.stringify(import.meta.resolve('ink-testing-library'))};
import { Dashboard } from ${src('ui/Dashboard.tsx')};
import { runPerf } from ${src('perf/run.ts')};
import { parsePerfArgs } from ${src('perf/settings.ts')};
import { DashboardObserver } from ${src('observers/dashboard.ts')};

const { config } = parsePerfArgs({ server: '198.19.0.1', rate: 100, clients: 1000, period: 20, report: 0.5 });
const seen = { updates: 0, states: [], asked: [] };
let inst = null;
let step = 0;
const result = await runPerf(config, { inProcess: false, observers: [new DashboardObserver((o) => {
		const el = (s) => React.createElement(Dashboard, { snapshot: s, onQuit: o.onQuit, onTogglePause: o.onTogglePause, onRateChange: o.onRateChange });
		inst = render(el(o.initial));
		return {
			update: (s) => {
				seen.updates++;
				seen.states.push(s.state);
				seen.asked.push(s.rate.asked);
				inst.rerender(el(s));
				// Keys as a person would press them, one per update once the run is going.
				if (s.state === 'running' && s.exchanges[0].ok > 0 && step === 0) { step = 1; inst.stdin.write('p'); }
				else if (s.state === 'paused' && step === 1) { step = 2; inst.stdin.write('p'); }
				else if (s.state === 'running' && step === 2) { step = 3; inst.stdin.write('+'); }
				else if (step === 3 && s.rate.asked !== 100) { step = 4; inst.stdin.write('q'); }
			},
			stop: async (f) => { inst.rerender(el(f.snapshot)); },
			stats: () => ({ updates: seen.updates, renders: 0, renderMs: 0, logLines: 0 }),
		};
	})] });
console.log(JSON.stringify({ frame: inst.lastFrame(), seen, exitReason: result.exitReason, identity: result.identityHolds, asked: result.snapshot.rate.asked, ex: result.snapshot.exchanges }));
process.exit(0);
`;

test.serial('keys on the dashboard pause, resume, raise the rate and stop a real run; the frame shows its counts', async (t) => {
	const script = join(dir, 'dash.mts');
	writeFileSync(script, SCRIPT);
	const root = fileURLToPath(new URL('..', import.meta.url));
	const r = await execInLab(lab(), ['sh', '-c', `cd ${root} && ${process.execPath} --import=tsx ${script}`], 60_000);
	t.is(r.code, 0, r.stderr);
	const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
	t.true(out.identity);
	t.regex(out.exitReason, /^stopped by user \(q\)/);
	t.true(out.seen.states.includes('paused'), 'p paused the run');
	t.is(out.asked, 110, '+ raised the asked rate by 10 %');
	const frame: string = out.frame.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
	t.regex(frame, /dhcpulse perf {2}DORA {2}DHCPv4 {2}relay 198\.19\.0\.2 → 198\.19\.0\.1:67/);
	const DO = out.ex.find((e: { name: string }) => e.name === 'DO');
	const row = frame.split('\n').find((l) => l.startsWith('DISCOVER-OFFER '))!;
	t.is(row.trim().split(/\s+/)[1], String(DO.sent), 'the final frame shows the final count');
	t.is(DO.sent, DO.ok + DO.rejected + DO.timeouts + DO.inFlight);
});
