/**
 * The npm package as a user gets it: `npm pack` from a clean copy of the repository (its
 * prepack builds dist/), installed elsewhere with --ignore-scripts, so neither native part is
 * built. Everything that does not need raw-socket works, and what needs it says so in one line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CAPTURE = join(ROOT, 'captures/kea4-dora-dhclient.pcap');
const work = mkdtempSync(join(tmpdir(), 'dhcpulse-package-'));
const lab = useLab(test, { server: 'kea4' });
let tarball = '';
let bin = '';

test.before(() => {
	// A clean clone: the tracked and new files, no dist/ or build/ (git ignores them).
	const clone = join(work, 'clone');
	execFileSync(
		'bash',
		['-c', `mkdir -p "${clone}" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\\0" "{}"' | tar -cf - --null -T - | tar -xf - -C "${clone}"`],
		{ cwd: ROOT },
	);
	symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
	execFileSync('npm', ['pack', '--pack-destination', work], { cwd: clone, stdio: 'ignore' });
	tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
	const app = join(work, 'app');
	execFileSync('mkdir', ['-p', app]);
	writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
	execFileSync('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app, stdio: 'ignore' });
	bin = join(app, 'node_modules/dhcpulse/bin/dhcpulse.js');
	execFileSync('npm', ['install', '--global', '--prefix', join(work, 'global'), '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], { stdio: 'ignore' });
});

test.after.always(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the built program and a licence, and no source map pointing at unshipped sources', (t) => {
	const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
	t.true(files.includes('package/dist/cli.js'));
	t.true(files.includes('package/LICENSE'));
	t.true(files.includes('package/man/dhcpulse.1'));
	t.true(files.includes('package/man/dhcpulse-perf.1'));
	t.deepEqual(
		files.filter((f) => f.endsWith('.map')),
		[],
	);
	const cli = execFileSync('tar', ['-xzOf', tarball, 'package/dist/cli.js'], { encoding: 'utf8' });
	t.notRegex(cli, /sourceMappingURL/);
});

test('installed with --ignore-scripts: --help, version and decode FILE work', async (t) => {
	const help = await runCli(['--help'], { bin });
	t.is(help.code, 0, help.stderr);
	t.regex(help.stdout, /dhcpulse discover/);
	const version = await runCli(['version'], { bin });
	t.is(version.code, 0, version.stderr);
	t.regex(version.stdout, /^udp: node:dgram \(not built: .+npm rebuild dhcpulse.+\)$/m);
	t.regex(version.stdout, /^raw-socket: unavailable, it is installed but its native addon is not built .+npm rebuild raw-socket.+\)$/m);
	const decode = await runCli(['decode', CAPTURE], { bin });
	t.is(decode.code, 0, decode.stderr);
	t.regex(decode.stdout, /^#2 .+ DHCPOFFER/m);
});

test('installed: dhcpulse report renders the HTML page with uPlot read from the installed dependency', async (t) => {
	const out = join(work, 'report.html');
	const r = await runCli(['report', join(ROOT, 'test/fixtures/report/kea4-dora.json'), '--html', out], { bin });
	t.is(r.code, 0, r.stderr);
	const page = readFileSync(out, 'utf8');
	t.regex(page, /Plots drawn with uPlot \d+\.\d+\.\d+/);
	t.regex(page, /var uPlot=/, "uPlot's browser build is inlined");
});

test('installed with --ignore-scripts: on-link DHCPv4 and listen say in one line that raw-socket is missing and how to get it', async (t) => {
	for (const args of [
		['discover', '-i', 'dpl-cli0', '--tries', '1'],
		['listen', '-i', 'dpl-cli0', '--duration', '1'],
	]) {
		const r = await runCli(args, { bin, prefix: labExecArgs(lab()) });
		t.is(r.code, 3, args[0]);
		t.is(r.stdout, '');
		t.regex(r.stderr, /^dhcpulse: (on-link DHCPv4|listen) needs the raw-socket package, which is installed but its native addon is not built: .*npm rebuild raw-socket.*\n$/, args[0]);
	}
});

/** What `man -M DIR PAGE` shows on an 80-column terminal, line by line, trimmed. */
function manLines(page: string): string[] {
	const text = execFileSync('man', ['-M', join(work, 'global/share/man'), '-P', 'cat', page], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', LC_ALL: 'C.UTF-8' } });
	return text.split('\n').map((l) => l.trim());
}

test('npm install --global gives the dhcpulse command and man pages that say what --help says', async (t) => {
	const r = await runCli(['version'], { bin: join(work, 'global/bin/dhcpulse') });
	t.is(r.code, 0, r.stderr);
	const pages: [string, string[]][] = [
		['dhcpulse', ['discover']],
		['dhcpulse', ['lab', 'up']],
		['dhcpulse', ['decode']],
		['dhcpulse-perf', ['perf']],
	];
	for (const [page, args] of pages) {
		const shown = new Set(manLines(page));
		// The pages are rendered from --help at 72 columns (man indents them by 7).
		const help = await runCli([...args, '--help'], { bin, env: { COLUMNS: '72' } });
		const missing = help.stdout
			.split('\n')
			.map((l) => l.trim())
			.filter((l) => l !== '' && !shown.has(l));
		t.deepEqual(missing, [], `man ${page} holds ${args.join(' ')} --help`);
	}
});
