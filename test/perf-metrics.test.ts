/**
 * `perf --metrics-listen` scraped by a real Prometheus server (Debian's prometheus), started in the
 * lab's client namespace with a 1 s scrape interval: once the run is over, Prometheus holds the
 * run's final counters, equal to its JSON summary's; and the Grafana dashboard in docs/ asks only
 * for metrics the run serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { execInLab, labExecArgs, useLab } from './helpers/lab.js';
import { keaDeltas, scratch, waitForCarrier } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-metrics');
const METRICS = '198.19.0.2:9464';
const PROMETHEUS = '198.19.0.2:9090';
let prometheus: ChildProcess | undefined;

/** GET `url` from inside the lab's client namespace (where both servers listen). */
async function get(url: string): Promise<string> {
	const script = `const r = await fetch(${JSON.stringify(url)}); process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1);`;
	const r = await execInLab(lab(), [process.execPath, '--input-type=module', '-e', script], 20_000);
	if (r.code !== 0) throw new Error(`GET ${url}: ${r.stderr || r.stdout}`);
	return r.stdout;
}

test.serial.before(async () => {
	await waitForCarrier(lab());
	const config = join(dir, 'prometheus.yml');
	writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: dhcpulse\n    static_configs:\n      - targets: ['${METRICS}']\n`);
	prometheus = spawn('ip', ['netns', 'exec', lab().clientNetns, 'prometheus', `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=${PROMETHEUS}`], { stdio: 'ignore' });
	// Ready once its API answers (bounded: it starts in a second or two).
	for (let i = 0; i < 120; i++) {
		try {
			await get(`http://${PROMETHEUS}/-/ready`);
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 500));
		}
	}
	throw new Error('prometheus did not become ready');
});

test.after.always(() => {
	prometheus?.kill('SIGTERM');
});

/**
 * The newest value Prometheus holds of `metric`: once the run's endpoint is gone, Prometheus marks
 * its series stale at the next failed scrape and an instant query at "now" returns nothing, so the
 * last sample is read over a range (stale markers are left out of range selections).
 */
async function lastOf(metric: string): Promise<Map<string, number>> {
	return query(`last_over_time(${metric}[5m])`);
}

async function query(expr: string): Promise<Map<string, number>> {
	const body = JSON.parse(await get(`http://${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(expr)}`)) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
	return new Map(
		body.data.result.map((r) => [
			Object.entries(r.metric)
				.filter(([k]) => !['__name__', 'job', 'instance'].includes(k))
				.map(([k, v]) => `${k}=${v}`)
				.sort()
				.join(','),
			Number(r.value[1]),
		]),
	);
}

test.serial('Prometheus scrapes a real run and ends with its final counters, equal to the JSON summary', async (t) => {
	const json = join(dir, 'run.json');
	const { result: r } = await keaDeltas(lab(), ['pkt4-received'], () =>
		runCli(['perf', '198.19.0.1', '-r', '200', '-p', '3', '--no-dashboard', '--metrics-listen', METRICS, '--metrics-linger', '4', '--json', json], { prefix: labExecArgs(lab()), timeoutMs: 60_000 }),
	);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	const doc = JSON.parse(readFileSync(json, 'utf8')) as { exchanges: Record<string, { sent: number; ok: number; rejected: number; timeouts: number }> };
	const sent = await lastOf('dhcpulse_requests_sent_total');
	const settled = await lastOf('dhcpulse_requests_settled_total');
	const latencyCount = await lastOf('dhcpulse_latency_seconds_count');
	for (const [name, e] of Object.entries(doc.exchanges)) {
		t.is(sent.get(`exchange=${name}`), e.sent, `sent ${name}`);
		t.is(settled.get(`exchange=${name},outcome=ok`), e.ok, `ok ${name}`);
		t.is(settled.get(`exchange=${name},outcome=timeout`), e.timeouts, `timeouts ${name}`);
		t.is(latencyCount.get(`exchange=${name}`), e.ok, `one latency per ok answer, ${name}`);
	}
	t.true(doc.exchanges.DO!.ok > 0);
});

test.serial('the Grafana dashboard asks only for metrics a run serves', async (t) => {
	const dashboard = JSON.parse(readFileSync(new URL('../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
	const exprs = dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr));
	const asked = new Set(exprs.flatMap((e) => e.match(/\bdhcpulse_[a-z_]+/g) ?? []));
	t.true(asked.size > 0);
	// What a run serves: its /metrics, read while it runs and while it lingers; the loss ledger's
	// counters come with the lab's server side (--lab) once its first reading is in.
	let ended = false;
	const run = runCli(['perf', '198.19.0.1', '-r', '50', '-p', '2', '--no-dashboard', '--metrics-listen', METRICS, '--metrics-linger', '3', '--lab', lab().name], { prefix: labExecArgs(lab()), timeoutMs: 60_000 }).finally(
		() => (ended = true),
	);
	let text = '';
	while (!ended) {
		try {
			text = await get(`http://${METRICS}/metrics`);
		} catch {
			// Not listening yet, or closed after its linger.
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	await run;
	const served = new Set([...text.matchAll(/^(dhcpulse_[a-z_]+)[{ ]/gm)].map((m) => m[1]!));
	for (const name of asked) t.true(served.has(name), `${name} is served (${[...served].join(', ')})`);
});
