// Writes the man pages (man/dhcpulse.1, man/dhcpulse-perf.1) from the built CLI's own --help, so
// they say exactly what --help says: one definition of every command and flag. Run by prepack,
// after the build; `npm install -g` installs them (package.json "man").
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));

/** `dhcpulse ARGS --help` at 72 columns: man indents it by 7 on an 80-column terminal. */
function help(args) {
	return execFileSync(process.execPath, [`${root}/bin/dhcpulse.js`, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '72' } });
}

/** The sub-command names a --help lists under "Commands:". */
function commandsOf(text, prefix) {
	const block = text.slice(text.indexOf('Commands:\n') + 10).split('\n\n')[0];
	return [...block.matchAll(new RegExp(`^ {2}${prefix} (\\S+)`, 'gm'))].map((m) => m[1]);
}

/** Text shown as is (.nf): backslashes escaped, hyphens as minus signs so pasted flags work. */
function verbatim(text) {
	const body = text
		.trimEnd()
		.split('\n')
		.map((line) =>
			line
				.replace(/\\/g, '\\e')
				.replace(/-/g, '\\-')
				.replace(/^([.'])/, '\\&$1'),
		)
		.join('\n');
	return `.nf\n${body}\n.fi\n`;
}

function page(name, summary, sections) {
	return [
		`.TH ${name.toUpperCase()} 1 "" "dhcpulse ${pkg.version}" "User Commands"`,
		'.SH NAME',
		`${name.replace(/-/g, '\\-')} \\- ${summary}`,
		...sections.flatMap(([heading, body]) => [heading, body.trimEnd()]),
		'',
	].join('\n');
}

const top = help([]);
const sections = [['.SH SYNOPSIS', verbatim(top)]];
for (const command of commandsOf(top, 'dhcpulse').filter((c) => c !== 'perf' && c !== 'completion')) {
	const text = help([command]);
	// Commands made of sub-commands get a section per sub-command.
	const subs = command === 'lab' || command === 'check' ? commandsOf(text, `dhcpulse ${command}`) : [];
	if (subs.length === 0) sections.push([`.SH "DHCPULSE ${command.toUpperCase()}"`, verbatim(text)]);
	for (const sub of subs) sections.push([`.SH "DHCPULSE ${command.toUpperCase()} ${sub.toUpperCase()}"`, verbatim(help([command, sub]))]);
}
sections.push(['.SH "SEE ALSO"', '.BR dhcpulse\\-perf (1)']);

mkdirSync(`${root}/man`, { recursive: true });
writeFileSync(`${root}/man/dhcpulse.1`, page('dhcpulse', pkg.description, sections));
writeFileSync(
	`${root}/man/dhcpulse-perf.1`,
	page('dhcpulse-perf', 'load-test a DHCP server like perfdhcp', [
		['.SH SYNOPSIS', verbatim(help(['perf']))],
		['.SH "SEE ALSO"', '.BR dhcpulse (1)'],
	]),
);
console.log('dhcpulse: wrote man/dhcpulse.1 and man/dhcpulse-perf.1');
