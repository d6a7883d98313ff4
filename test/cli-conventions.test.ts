/**
 * Command-line conventions (clig.dev, GNU): --version and --help everywhere, -h wherever dhcping
 * does not own the letter, `help CMD`, shell completion, and a --help that groups its options and
 * ends with examples that fit, the exit codes and where the documentation is.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { BIN, runCli } from './helpers/cli.js';

/** Every command this test covers (perf's help is its own, in src/perf). */
const COMMANDS = [
	['discover'],
	['ping'],
	['lease'],
	['listen'],
	['decode'],
	['perf'],
	['lab', 'up'],
	['lab', 'status'],
	['lab', 'exec'],
	['lab', 'stats'],
	['lab', 'down'],
	['version'],
	['messages'],
	['options'],
	['capacity'],
];

test('--version anywhere before -- prints what `dhcpulse version` prints', async (t) => {
	const expected = (await runCli(['version'])).stdout;
	t.regex(expected, /^dhcpulse \d+\.\d+\.\d+\n/);
	for (const args of [['--version'], ['discover', '--version'], ['lab', 'up', '--version'], ['decode', 'no-such-file', '--version']]) {
		const r = await runCli(args);
		t.is(r.code, 0, args.join(' '));
		t.is(r.stdout, expected, args.join(' '));
	}
});

test("-h is --help for every command but ping, where it stays dhcping's chaddr and its help says so", async (t) => {
	for (const args of [[], ...COMMANDS.filter((c) => c[0] !== 'ping')]) {
		const short = await runCli([...args, '-h']);
		t.is(short.code, 0, `${args.join(' ')} -h`);
		t.is(short.stdout, (await runCli([...args, '--help'])).stdout, `${args.join(' ')} -h`);
	}
	const help = await runCli(['ping', '--help']);
	t.regex(help.stdout, /-h, --chaddr +client hardware address \(dhcping's -h; help is --help here\)/);
	// -h takes a MAC here: without -s, ping refuses before sending anything.
	const ping = await runCli(['ping', '-h', '02:00:00:00:00:01']);
	t.is(ping.code, 3);
	t.is(ping.stderr, 'dhcpulse: ping needs the server to ask: -s ADDR\n');
});

test('`dhcpulse help CMD` is `dhcpulse CMD --help`', async (t) => {
	for (const args of [[], ['discover'], ['lab', 'up'], ['perf']]) {
		const r = await runCli(['help', ...args]);
		t.is(r.code, 0, args.join(' '));
		t.is(r.stdout, (await runCli([...args, '--help'])).stdout, args.join(' '));
	}
});

/** The help text's sections in order: the lines that end with ':' and start a block. */
function sections(help: string): string[] {
	return help.split('\n').filter((l) => /^[A-Z][A-Za-z ]*:$/.test(l));
}

test('--help groups the options, shows defaults one way, and ends with examples, exit codes and the docs', async (t) => {
	const probeOrder = ['Target:', 'Identity:', 'Request:', 'Output:', 'Thresholds:', 'Global:', 'Examples:', 'Exit codes:'];
	for (const args of COMMANDS) {
		const r = await runCli([...args, '--help']);
		const name = args.join(' ');
		t.is(r.code, 0, name);
		const found = sections(r.stdout);
		if (['discover', 'ping', 'lease'].includes(name)) t.deepEqual(found, probeOrder, name);
		t.false(found.includes('Options:'), `${name}: every option is in a named group`);
		t.true(found.includes('Global:'), name);
		t.is(found.at(-1), 'Exit codes:', name);
		t.regex(r.stdout, /\nDocumentation: man dhcpulse.*\n$/, name);
		t.notRegex(r.stdout, /\(default:/, `${name}: defaults are shown as [default: …] only`);
	}
});

test('examples are whole command lines that fit in 100 columns', async (t) => {
	for (const args of [['discover'], ['ping'], ['lease'], ['listen'], ['decode'], ['perf'], ['capacity']]) {
		const help = (await runCli([...args, '--help'])).stdout;
		const block = help.slice(help.indexOf('\nExamples:\n') + 11, help.indexOf('\n\nExit codes:'));
		const lines = block.split('\n');
		t.true(lines.length >= 4, args[0]);
		lines.forEach((line, i) => {
			t.true(line.length <= 100, line);
			// Even lines are commands, odd ones say what the command does.
			t.regex(line, i % 2 === 0 ? /^ {2}(dhcpulse|tcpdump) \S/ : /^ {6}\S/, line);
		});
	}
});

test('completion: the bash script completes commands and flags through dhcpulse itself; zsh has its own; others are refused', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-completion-'));
	try {
		// The script calls `dhcpulse` by name, as an installed package provides it.
		writeFileSync(join(dir, 'dhcpulse'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
		chmodSync(join(dir, 'dhcpulse'), 0o755);
		const bash = await runCli(['completion', 'bash']);
		t.is(bash.code, 0);
		writeFileSync(join(dir, 'completion.bash'), bash.stdout);
		const complete = (words: string): string =>
			execFileSync('bash', ['-c', `source "${dir}/completion.bash"; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _dhcpulse_yargs_completions; echo "\${COMPREPLY[@]}"`], {
				env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
				encoding: 'utf8',
			}).trim();
		t.is(complete('dhcpulse disc'), 'discover');
		t.is(complete('dhcpulse discover --tim'), '--timeout');
		const zsh = await runCli(['completion', 'zsh']);
		t.is(zsh.code, 0);
		t.regex(zsh.stdout, /^#compdef dhcpulse\n/);
		t.regex(zsh.stdout, /compdef _dhcpulse_yargs_completions dhcpulse/);
		const fish = await runCli(['completion', 'fish']);
		t.is(fish.code, 3);
		t.is(fish.stderr, 'dhcpulse: completion fish: not a supported shell (bash or zsh)\n');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
