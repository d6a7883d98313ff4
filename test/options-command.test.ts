/**
 * `dhcpulse options`: the registries as a user sees them, and the README's counts, which come
 * from the command.
 */
import { readFileSync } from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import type { FamilyListing } from '../src/commands/options.js';
import { runCli } from './helpers/cli.js';

/** What `options --json` prints: a listing per family, as the command builds it. */
type Listing = FamilyListing;

async function listing(t: ExecutionContext): Promise<Listing[]> {
	const r = await runCli(['options', '--json']);
	t.is(r.code, 0, r.stderr);
	return JSON.parse(r.stdout) as Listing[];
}

test('--json lists both registries: every row with its Kea name, RFC name, type and RFC reference', async (t) => {
	const [v4, v6] = await listing(t);
	t.is(v4!.family, 4);
	t.is(v6!.family, 6);
	t.is(v4!.spaces[0]!.name, 'dhcp4');
	t.is(v6!.spaces[0]!.name, 'dhcp6');
	// Issue #26's floor: DHCPv6 as complete as DHCPv4.
	t.true(v4!.codes >= 150, `${v4!.codes} DHCPv4 codes`);
	t.true(v6!.codes >= 130, `${v6!.codes} DHCPv6 codes`);
	// Pad and End are rows (so their names resolve) but not counted: they are framing.
	t.is(v4!.codes, v4!.spaces[0]!.options.length - 2);
	t.is(v6!.codes, v6!.spaces[0]!.options.length);
	for (const family of [v4!, v6!]) {
		t.is(
			family.subOptions,
			family.spaces.slice(1).reduce((n, s) => n + s.options.length, 0),
		);
		for (const space of family.spaces) {
			const codes = space.options.map((o) => o.code);
			t.deepEqual(
				codes,
				[...codes].sort((a, b) => a - b),
				`${space.name} is in code order`,
			);
			t.is(new Set(codes).size, codes.length, `${space.name} has each code once`);
			for (const o of space.options) {
				t.regex(o.name, /^[a-z0-9][a-z0-9-]*$/, `${space.name} ${o.code}: a Kea-style name`);
				t.truthy(o.longName, `${space.name} ${o.code}: an RFC name`);
				t.truthy(o.type, `${space.name} ${o.code}: a type`);
				t.truthy(o.ref, `${space.name} ${o.code}: where it is defined`);
			}
		}
	}
	const v6names = new Map(v6!.spaces[0]!.options.map((o) => [o.code, o.name]));
	// Kea's names (std_option_defs.h) for codes issue #26 named.
	for (const [code, name] of [
		[66, 'rsoo'],
		[67, 'pd-exclude'],
		[74, 'rdnss-selection'],
		[87, 'dhcpv4-message'],
		[94, 's46-cont-mape'],
		[95, 's46-cont-mapt'],
		[96, 's46-cont-lw'],
		[103, 'v6-captive-portal'],
		[136, 'v6-sztp-redirect'],
		[143, 'ipv6-address-andsf'],
	] as const) {
		t.is(v6names.get(code), name);
	}
	t.deepEqual(
		v6!.spaces.map((s) => s.name),
		[
			'dhcp6',
			'v6-ntp-server-suboptions',
			'v6-mos-address-suboptions',
			'v6-mos-fqdn-suboptions',
			's46-cont-mape-options',
			's46-cont-mapt-options',
			's46-cont-lw-options',
			's46-rule-options',
			's46-v4v6bind-options',
			'vendor-4491',
		],
	);
});

test("the README's registry counts are the command's", async (t) => {
	const [v4, v6] = await listing(t);
	const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
	const m4 = /DHCPv4 (\d+) option codes and (\d+) sub-options/.exec(readme);
	const m6 = /DHCPv6 (\d+) option codes and (\d+) sub-options/.exec(readme);
	t.truthy(m4, 'the README gives the DHCPv4 counts');
	t.truthy(m6, 'the README gives the DHCPv6 counts');
	t.deepEqual([Number(m4![1]), Number(m4![2])], [v4!.codes, v4!.subOptions]);
	t.deepEqual([Number(m6![1]), Number(m6![2])], [v6!.codes, v6!.subOptions]);
});

test('text: one aligned row per option, a summary line per family; -4 and -6 pick one', async (t) => {
	const six = await runCli(['options', '-6']);
	t.is(six.code, 0, six.stderr);
	const lines = six.stdout.split('\n');
	t.is(lines[0], 'dhcp6: 142 options');
	t.regex(lines[1]!, /^ +1 {2}clientid +duid +RFC 8415 §21\.2 +Client Identifier$/);
	t.true(lines.some((l) => /^ +94 {2}s46-cont-mape +s46-cont-mape +RFC 7598 §5\.1 +S46 MAP-E Container$/.test(l)));
	t.regex(six.stdout, /\nDHCPv6: \d+ option codes, \d+ sub-options in 9 nested spaces\n$/);
	t.notRegex(six.stdout, /dhcp4:/);
	const four = await runCli(['options', '-4']);
	t.regex(four.stdout, /^dhcp4: 152 options\n/);
	t.regex(four.stdout, /\nDHCPv4: \d+ option codes \(pad and end are framing, not counted\), \d+ sub-options in 5 nested spaces\n$/);
	const both = await runCli(['options']);
	t.is(both.stdout, `${four.stdout}\n${six.stdout}`);
});

test('one option by code or any name, in one family or both; an unknown one is exit 3', async (t) => {
	const byCode = await runCli(['options', '23']);
	t.is(byCode.code, 0);
	t.is(
		byCode.stdout,
		[
			'DHCPv4 dhcp4',
			'  23  default-ip-ttl  uint8  RFC 2132 §4.5  Default IP Time-to-live',
			'',
			'DHCPv6 dhcp6',
			'  23  dns-servers  ipv6-address[]  RFC 3646 §3  DNS Recursive Name Server',
			'  also: name-servers',
			'',
		].join('\n'),
	);
	const byName = await runCli(['options', '-6', 'S46 MAP-E Container', '--json']);
	t.deepEqual(JSON.parse(byName.stdout), [{ family: 6, space: 'dhcp6', code: 94, name: 's46-cont-mape', longName: 'S46 MAP-E Container', type: 's46-cont-mape', ref: 'RFC 7598 §5.1', aliases: [] }]);
	const dhcptest = await runCli(['options', '-4', 'classlessStaticRoute']);
	t.regex(dhcptest.stdout, /^DHCPv4 dhcp4\n +121 {2}classless-static-route/);
	for (const args of [
		['options', 'no-such-option'],
		['options', '-6', '999'],
		['options', '-4', '-6'],
	]) {
		const r = await runCli(args);
		t.is(r.code, 3, args.join(' '));
		t.is(r.stdout, '');
		t.regex(r.stderr, /^dhcpulse: options: [^\n]+\n$/, args.join(' '));
	}
});
