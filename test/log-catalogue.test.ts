import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from '../src/log/manual.js';
import { CATALOGUE } from '../src/log/messages.js';
import { DebugLevel } from '../src/log/severity.js';
import { runCli } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const CATALOGUE_FILE = join(SRC, 'log', 'messages.ts');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

/** Source without comments, so a `Msg.X` in documentation is neither a use nor an unknown ID. */
function code(path: string): string {
	return readFileSync(path, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every `Msg.<ID>` in src/ outside the catalogue itself: ID → files using it. */
function usages(): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const file of sourceFiles(SRC)) {
		if (file === CATALOGUE_FILE) continue;
		for (const match of code(file).matchAll(/\bMsg\.([A-Z][A-Z0-9_]*)\b/g)) {
			const files = used.get(match[1]!) ?? [];
			files.push(relative(ROOT, file));
			used.set(match[1]!, files);
		}
	}
	return used;
}

const ids = CATALOGUE.map((entry) => entry.id as string);

test('every Msg.<ID> used under src/ is catalogued', (t) => {
	const unknown = [...usages()].filter(([id]) => !ids.includes(id)).map(([id, files]) => `${id} (${files.join(', ')})`);
	t.deepEqual(unknown, [], 'used but not in src/log/messages.ts');
});

test('every catalogued ID is used somewhere under src/', (t) => {
	const used = usages();
	t.deepEqual(
		ids.filter((id) => !used.has(id)),
		[],
		'catalogued but never logged: remove the entry or log it',
	);
});

test('catalogue entries are well-formed: unique sorted IDs, one-line text, numbered placeholders, DEBUG levels from DebugLevel', (t) => {
	t.deepEqual(ids, [...new Set(ids)].sort(), 'unique and sorted by ID');
	const levels: number[] = Object.values(DebugLevel);
	for (const entry of CATALOGUE as readonly { id: string; severity: string; debugLevel?: number; text: string; description: string }[]) {
		t.regex(entry.id, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, entry.id);
		t.false(entry.text.includes('\n'), `${entry.id}: one-line text`);
		t.true(entry.description.length > 40, `${entry.id}: says when it appears and what to do`);
		const placeholders = [...entry.text.matchAll(/%(\d+)/g)].map((m) => Number(m[1]));
		const highest = Math.max(0, ...placeholders);
		t.true(highest <= 9, `${entry.id}: at most %9`);
		for (let n = 1; n <= highest; n++) t.true(placeholders.includes(n), `${entry.id}: %${n} is not skipped`);
		if (entry.severity === 'DEBUG') t.true(levels.includes(entry.debugLevel!), `${entry.id}: debug level is a DebugLevel`);
		else t.is(entry.debugLevel, undefined, `${entry.id}: only DEBUG messages have a debug level`);
	}
});

test('docs/messages.md is what the generator writes now (run npm run messages:doc)', (t) => {
	t.is(readFileSync(join(ROOT, 'docs', 'messages.md'), 'utf8'), renderMarkdown());
});

test("dhcpulse messages prints the whole manual in Kea's form", async (t) => {
	const r = await runCli(['messages']);
	t.is(r.code, 0);
	for (const entry of CATALOGUE) t.true(r.stdout.includes(`${entry.id} ${entry.text}\n`), entry.id);
	// Kea's form: ID and text, then the severity, then the description, entries in catalogue order.
	t.true(r.stdout.startsWith(`${CATALOGUE[0]!.id} ${CATALOGUE[0]!.text}\n`));
	t.regex(r.stdout, /^LOG_CONFIGURED logging configured from %1: root severity %2, debug level %3\n {4}\(DEBUG, debug level 0\)\n\n {4}Logging has been set up/m);
});

test('dhcpulse messages ID prints one entry; an unknown ID is a one-line error, exit 3', async (t) => {
	const one = await runCli(['messages', 'NET_ERRORS_SUPPRESSED']);
	t.is(one.code, 0);
	t.regex(one.stdout, /^NET_ERRORS_SUPPRESSED %1 more %2 suppressed in the last %3 s\n {4}\(WARN\)\n\n {4}So that logging can never become the bottleneck/);
	t.is(one.stdout.match(/^[A-Z_]+ /gm)?.length, 1);
	const bad = await runCli(['messages', 'PERF_NO_SUCH_THING']);
	t.is(bad.code, 3);
	t.is(bad.stdout, '');
	t.is(bad.stderr, 'dhcpulse: messages: unknown message ID PERF_NO_SUCH_THING (dhcpulse messages lists them all)\n');
});
