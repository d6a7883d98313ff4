/**
 * The documentation names flags dhcpulse really has: a flag written in backticks in
 * docs/json-schema.md is in the --help of the command named with it, or of some command.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { runCli } from './helpers/cli.js';

const COMMANDS = ['decode', 'listen', 'discover', 'ping', 'lease', 'perf', 'check pool', 'capacity'];

test('docs/json-schema.md names only flags the commands it names have', async (t) => {
	const doc = readFileSync(new URL('../docs/json-schema.md', import.meta.url), 'utf8');
	const spans = [...doc.matchAll(/`([^`]*--[a-z][^`]*)`/g)].map((m) => m[1]!);
	t.true(spans.length > 0, 'the document says how to get JSON');
	for (const span of spans) {
		const command = COMMANDS.find((c) => new RegExp(`(^|\\s)${c}(\\s|$)`).test(span));
		const help = (await Promise.all((command ? [command] : COMMANDS).map(async (c) => (await runCli([...c.split(' '), '--help'])).stdout))).join('\n');
		for (const flag of span.match(/--[a-z][a-z-]*/g) ?? []) t.regex(help, new RegExp(`\\s${flag}\\b`), `${span}: ${command ?? 'a command'} has ${flag}`);
	}
});
