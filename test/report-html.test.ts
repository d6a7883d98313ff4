/**
 * The HTML report's page as text, without a browser: what comes from the user or the wire is
 * escaped, the embedded chart data cannot end its script element, the page needs nothing from the
 * network, a capacity result renders as one more section, and `dhcpulse report` refuses what is
 * not a perf summary in one line. (test/perf-report.test.ts opens real pages in Chromium.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { PerfJson } from '../src/perf/json.js';
import { renderHtml, scriptJson } from '../src/report/html.js';
import { perfDocument, type CapacitySection } from '../src/report/model.js';
import { openReport } from './helpers/browser.js';
import { runCli } from './helpers/cli.js';

const FIXTURE = fileURLToPath(new URL('fixtures/report/kea4-dora.json', import.meta.url));
const run = (): PerfJson => JSON.parse(readFileSync(FIXTURE, 'utf8')) as PerfJson;
const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-report-html-'));
const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

test('text from the user or the wire is escaped in the page and in its script data', (t) => {
	const r = run();
	r.target = HOSTILE;
	r.exitReason = HOSTILE;
	r.settings = { ...r.settings, option: [HOSTILE] };
	r.exchanges.DO!.label = HOSTILE;
	const html = renderHtml(perfDocument(r, new Date(0)));
	t.false(html.includes('<script>alert'), 'no script element comes from the data');
	t.false(html.includes('<img'), 'no element at all');
	t.true(html.includes('&#60;/script&#62;&#60;script&#62;alert(1)'), 'the text is shown, escaped');
	// Exactly the page's own three script elements (the chart data, uPlot, the page's script).
	t.is(html.match(/<script\b/g)!.length, 3);
	t.is(html.match(/<\/script>/g)!.length, 3);
});

test('script JSON escapes < and the line separators, and parses back to the same value', (t) => {
	const value = { a: '</script><!--', b: 'x\u2028y\u2029z' };
	const text = scriptJson(value);
	t.false(text.includes('<'));
	t.false(/[\u2028\u2029]/.test(text));
	t.deepEqual(JSON.parse(text), value);
});

test('the page is self-contained: uPlot inlined, every fetch forbidden by its policy, no URL to load', (t) => {
	const html = renderHtml(perfDocument(run(), new Date(0)));
	t.regex(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">/);
	t.false(/<(script|link|img|iframe)[^>]*\s(src|href)=/i.test(html), 'no element loads anything');
	t.true(html.includes('uPlot'), 'uPlot is in the page');
	t.is(html.match(/class="chart"/g)!.length, 5, 'rate, latency DO and RA, outcomes, distribution');
});

test('a summary without a series (an older dhcpulse) renders its tables without plots over time', (t) => {
	const r = run();
	delete r.series;
	for (const e of Object.values(r.exchanges)) delete e.distributionUs;
	const html = renderHtml(perfDocument(r, new Date(0)));
	t.false(html.includes('class="chart"'));
	t.regex(html, /no per-interval series/);
	t.regex(html, /DISCOVER-OFFER/);
});

test('a capacity search is one more section: both curves, the knee marked', (t) => {
	const capacity: CapacitySection = {
		kind: 'capacity',
		criteria: 'drop ≤ 1 %',
		trials: [
			{ rate: 1000, dropPct: 0, p99Ms: 2, passed: true },
			{ rate: 2000, dropPct: 0.4, p99Ms: 4, passed: true },
			{ rate: 3000, dropPct: 12, p99Ms: 40, passed: false },
		],
		knee: { rate: 2400, low: 2200, high: 2600 },
		generatorLimit: null,
	};
	const html = renderHtml({ title: 'capacity', generatedAt: new Date(0).toISOString(), sections: [capacity] });
	const charts = JSON.parse(/id="dhcpulse-charts">(.*?)<\/script>/s.exec(html)![1]!) as { id: string; marker?: { x: number } }[];
	t.deepEqual(
		charts.map((c) => [c.id, c.marker?.x]),
		[
			['s0-cap-drop', 2400],
			['s0-cap-p99', 2400],
		],
	);
	t.regex(html, /2400\/s \(interval 2200–2600\/s\)/);
	t.false(html.includes('loss ledger'), 'no ledger read: no ledger table');
});

test("a capacity search's ledgers beside the knee: a table of where the datagrams went, unknown where a step was not seen, every text escaped", (t) => {
	const at = {
		side: 'above' as const,
		rate: 3000,
		trial: 9,
		passed: false,
		dropPct: 12,
		sent: 18_000,
		readByServer: null,
		answered: null,
		received: 15_840,
		matched: 15_840,
		lostInServerQueue: null,
		notAnswered: null,
		lostInOurQueue: 0,
		lostElsewhere: null,
		source: null,
	};
	const html = renderHtml({
		title: 'capacity',
		generatedAt: new Date(0).toISOString(),
		sections: [{ kind: 'capacity', criteria: 'drop ≤ 1 %', trials: [], knee: { rate: 2400, low: 2200, high: 2600 }, generatorLimit: null, ledgers: [at, { ...at, side: 'below', rate: 2000, source: '<kea & co>' }] }],
	});
	t.regex(html, /<tr><td>above the knee<\/td><td>3000<\/td><td>9<\/td><td>FAIL<\/td><td>12\.00<\/td><td>18000<\/td><td>unknown<\/td><td>unknown<\/td><td>15840<\/td>/);
	t.regex(html, /<td>at the knee<\/td><td>2000<\/td>/);
	t.regex(html, /The server's side: not read: the server&#39;s steps are unknown; &#60;kea &#38; co&#62;\./);
});

test('dhcpulse report writes RUN.html beside RUN.json by default', async (t) => {
	const json = join(dir, 'saved.json');
	writeFileSync(json, readFileSync(FIXTURE));
	const r = await runCli(['report', json]);
	t.is(r.code, 0, r.stderr);
	t.is(r.stdout, `dhcpulse report: ${join(dir, 'saved.html')}\n`);
	t.regex(readFileSync(join(dir, 'saved.html'), 'utf8'), /^<!DOCTYPE html>/);
});

for (const [what, content, message] of [
	['not JSON', '{', /not JSON/],
	['JSON of something else', '{"packet": {}}', /not a dhcpulse perf or capacity --json document \(version 1\)$/],
	[
		'an exchange without its latency',
		JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, 'utf8')), exchanges: { DO: { label: 'DISCOVER-OFFER', expectsReply: true } } }),
		/a field of the document is not as perf or capacity --json writes it \(/,
	],
	['a series that is not a list', JSON.stringify({ ...JSON.parse(readFileSync(FIXTURE, 'utf8')), series: 5 }), /"series" is not an array$/],
] as const) {
	test(`dhcpulse report on ${what}: one line, exit 3`, async (t) => {
		const json = join(dir, `bad-${what.replace(/\W+/g, '-')}.json`);
		writeFileSync(json, content);
		const r = await runCli(['report', json, '--html', join(dir, 'never.html')]);
		t.is(r.code, 3);
		t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
		t.regex(r.stderr.trim(), message);
	});
}

test('dhcpulse report on a missing file, or into a missing directory: one line, exit 3', async (t) => {
	const missing = await runCli(['report', join(dir, 'nope.json')]);
	t.is(missing.code, 3);
	t.regex(missing.stderr.trim(), /nope\.json: cannot read \(ENOENT\)$/);
	const out = await runCli(['report', FIXTURE, '--html', '/missing/dir/x.html']);
	t.is(out.code, 3);
	t.is(out.stderr.trim(), 'dhcpulse: --html /missing/dir/x.html: cannot write (ENOENT)');
});

test('dhcpulse report renders a capacity search (capacity --json) with both curves, drawn in Chromium', async (t) => {
	// A made-up search in the shape of `capacity --json` (the fields src/report/capacity.ts reads).
	const out = join(dir, 'capacity.html');
	const r = await runCli(['report', fileURLToPath(new URL('fixtures/report/capacity-made-up.json', import.meta.url)), '--html', out]);
	t.is(r.code, 0, r.stderr);
	const page = readFileSync(out, 'utf8');
	t.regex(page, /<title>dhcpulse capacity: DORA, relay 198\.19\.0\.2 → 198\.19\.0\.1:67<\/title>/);
	t.regex(page, /capacity 2580\/s \(90 % interval 2490–2660\/s\) at drops ≤ 1 %/);
	// The ledgers beside the knee (kneeLedgers): 212 of the 15,277 datagrams above it died in Kea's socket queue.
	t.regex(page, /<h3>Where the datagrams went at the knee \(loss ledger\)<\/h3>/);
	t.regex(page, /<tr><td>at the knee<\/td><td>2500<\/td><td>13<\/td><td>pass<\/td><td>0\.00<\/td><td>14925<\/td>/);
	t.regex(
		page,
		/<tr><td>above the knee<\/td><td>2625<\/td><td>16<\/td><td>FAIL<\/td><td>2\.62<\/td><td>15277<\/td><td>15065<\/td><td>15065<\/td><td>15062<\/td><td>15062<\/td><td>212<\/td><td>0<\/td><td>3<\/td><td>0<\/td><\/tr>/,
	);
	t.regex(page, /The server's side: Kea statistic-get-all over \/run\/dhcpulse\/labs\/made-up\/kea4\.sock\./);
	const seen = await openReport(out, fileURLToPath(new URL('../test-artifacts/report-capacity.png', import.meta.url)));
	t.deepEqual(seen.consoleErrors, []);
	t.deepEqual(seen.requests, []);
	t.deepEqual(
		seen.charts.map((c) => c.id),
		['s0-cap-drop', 's0-cap-p99'],
	);
	for (const c of seen.charts) t.true(c.points[0]! > 0 && c.points[1]! > 0 && c.inked > 1000, `${c.id}: ${c.points}, ${c.inked} pixels`);
});
