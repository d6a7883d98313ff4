/**
 * check pool's logic without a server: Kea's config-get and statistic-get-all answers (shapes
 * taken from Kea 2.2) turned into per-subnet and per-network use, the thresholds, the selector,
 * and the Control Agent credentials rules. The real servers are in check-pool-kea*.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { credentialsOf, openKeaClient } from '../src/kea/client.js';
import { configuredSubnets, poolReport, selectFrom, canonicalPrefix } from '../src/kea/pool.js';
import { judgePools, parsePercent, renderPools, thresholdsOf } from '../src/kea/pool-check.js';
import { keaResponseOf, latestStatistics } from '../src/kea/socket.js';
import { UserError } from '../src/exit-codes.js';

const config4 = {
	Dhcp4: {
		subnet4: [
			{ id: 1, subnet: '10.0.0.0/24' },
			{ id: 'x', subnet: '10.9.0.0/24' },
		],
		'shared-networks': [
			{
				name: 'campus',
				subnet4: [
					{ id: 2, subnet: '10.1.0.0/24' },
					{ id: 3, subnet: '10.2.0.0/24' },
				],
			},
		],
	},
};

/** statistic-get-all's arguments: newest sample first. */
function samples(values: Record<string, number>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(values).map(([k, v]) => [
			k,
			[
				[v, '2026-12-07 00:00:00.000000'],
				[0, '2026-12-07 00:00:00.000000'],
			],
		]),
	);
}

const stats4 = latestStatistics(
	samples({
		'subnet[1].total-addresses': 10,
		'subnet[1].assigned-addresses': 5,
		'subnet[1].declined-addresses': 1,
		'subnet[2].total-addresses': 10,
		'subnet[2].assigned-addresses': 10,
		'subnet[2].declined-addresses': 0,
		'subnet[3].total-addresses': 30,
		'subnet[3].assigned-addresses': 6,
		'subnet[3].declined-addresses': 0,
		'pkt4-received': 99,
	}),
);

test('config-get gives each subnet its prefix and shared network; malformed entries are skipped', (t) => {
	t.deepEqual(configuredSubnets(config4), {
		family: 4,
		subnets: [
			{ id: 1, prefix: '10.0.0.0/24', sharedNetwork: null },
			{ id: 2, prefix: '10.1.0.0/24', sharedNetwork: 'campus' },
			{ id: 3, prefix: '10.2.0.0/24', sharedNetwork: 'campus' },
		],
	});
	t.is(configuredSubnets({ 'Control-agent': {} }), null);
	t.deepEqual(configuredSubnets({ Dhcp6: { subnet6: 'not a list' } }), { family: 6, subnets: [] });
});

test('a shared network is the sum of its subnets, and decides instead of them', (t) => {
	const report = poolReport(configuredSubnets(config4)!, stats4);
	t.deepEqual(report.subnets[0]!.usage.addresses, { total: 10, assigned: 5, declined: 1, utilisation: 50 });
	t.deepEqual(report.sharedNetworks, [{ name: 'campus', subnets: [2, 3], usage: { addresses: { total: 40, assigned: 16, declined: 0, utilisation: 40 } } }]);
	// Subnet 2 is full, but its network has room: OK at the defaults (80 % / 95 %).
	const j = judgePools(report, thresholdsOf(undefined, undefined));
	t.is(j.verdict.status, 'OK');
	t.deepEqual(
		j.subnets.map((s) => [s.id, s.judged, s.status]),
		[
			[1, true, 'OK'],
			[2, false, 'CRITICAL'],
			[3, false, 'OK'],
		],
	);
	t.regex(j.verdict.reason, /^3 subnets, 1 shared network; fullest subnet 1 10\.0\.0\.0\/24: addresses 50\.0% used \(5 of 10\)$/);
	// Picked alone, the full subnet is judged on its own.
	const alone = judgePools(selectFrom(report, '2')!, thresholdsOf('80%', '95%'));
	t.is(alone.verdict.exitCode, 2);
	t.is(alone.verdict.reason, 'subnet 2 10.1.0.0/24: addresses 100.0% used (10 of 10), above 95%');
});

test('thresholds: use above -w is WARNING, above -c CRITICAL, exactly at a threshold still OK', (t) => {
	const report = poolReport(configuredSubnets(config4)!, stats4);
	const one = selectFrom(report, '10.0.0.0/24')!;
	t.is(judgePools(one, thresholdsOf('50%', '90')).verdict.status, 'OK');
	t.is(judgePools(one, thresholdsOf('49.9', '90')).verdict.status, 'WARNING');
	t.is(judgePools(one, thresholdsOf('10', '40%')).verdict.exitCode, 2);
	t.is(parsePercent('-w', ' 80 % '), 80);
	for (const bad of ['101', '-5', 'abc', '80%%', '']) t.throws(() => parsePercent('-w', bad), { instanceOf: UserError, message: /^-w .*expected a utilisation from 0% to 100%/ });
	t.throws(() => thresholdsOf('90', '80'), { message: '-w 90% is above -c 80%: the warning level must not exceed the critical one' });
});

test('--subnet takes an ID, a prefix in any spelling, or a shared network name; anything else picks nothing', (t) => {
	const v6 = poolReport(
		{ family: 6, subnets: [{ id: 7, prefix: '2001:db8:1::/64', sharedNetwork: null }] },
		latestStatistics(samples({ 'subnet[7].total-nas': 16, 'subnet[7].assigned-nas': 4, 'subnet[7].declined-addresses': 0, 'subnet[7].total-pds': 16, 'subnet[7].assigned-pds': 16 })),
	);
	t.is(selectFrom(v6, '2001:DB8:1:0:0::/64')!.subnets[0]!.id, 7);
	t.is(canonicalPrefix('2001:0db8:0001::/064'), '2001:db8:1::/64');
	t.is(canonicalPrefix('10.0.0.0/33'), null);
	t.is(selectFrom(v6, '8'), null);
	t.is(selectFrom(v6, '2001:db8:9::/64'), null);
	const report4 = poolReport(configuredSubnets(config4)!, stats4);
	t.deepEqual(
		selectFrom(report4, 'campus')!.subnets.map((s) => s.id),
		[2, 3],
	);
	// v6: NAs and PDs are judged apart; the full PD pool decides.
	const j = judgePools(v6, thresholdsOf(undefined, undefined));
	t.is(j.verdict.reason, 'subnet 7 2001:db8:1::/64: prefixes (IA_PD) 100.0% used (16 of 16), above 95%');
});

test('the Nagios line: one line, perfdata per subnet in addresses with thresholds scaled to the pool, names from Kea escaped', (t) => {
	const hostile = { Dhcp4: { 'shared-networks': [{ name: "lab\n=x'|y", subnet4: [{ id: 1, subnet: '10.0.0.0/24' }] }] } };
	const only1 = Object.fromEntries(Object.entries(stats4).filter(([k]) => k.startsWith('subnet[1]')));
	const report = poolReport(configuredSubnets(hostile)!, only1);
	const t80 = thresholdsOf(undefined, undefined);
	const out = renderPools(report, judgePools(report, t80), t80, '--kea-socket /x', 'nagios');
	t.is(out.stdout.split('\n').length, 2);
	t.is(
		out.stdout,
		"DHCP POOL OK - 1 subnet, 1 shared network; fullest shared network lab\\n=x'|y: addresses 50.0% used (5 of 10) | '10.0.0.0/24 addresses'=5;8;9.5;0;10 '10.0.0.0/24 declined'=1;;;0;10 'network lab\\n_x''_y addresses'=5;8;9.5;0;10 'network lab\\n_x''_y declined'=1;;;0;10\n".replace(
			"lab\\n=x'|y:",
			"lab\\n=x'/y:",
		),
	);
	const json = JSON.parse(renderPools(report, judgePools(report, t80), t80, '--kea-socket /x', 'json').stdout) as Record<string, unknown>;
	t.like(json, { verdict: 'OK', exitCode: 0, family: 4, thresholds: { warningPct: 80, criticalPct: 95 }, sharedNetworks: [{ name: "lab\n=x'|y", subnets: [1], status: 'OK' }] });
});

test("Kea's answers are checked for shape before use", (t) => {
	t.deepEqual(keaResponseOf([{ result: 0, arguments: { a: 1 } }]), { result: 0, arguments: { a: 1 } });
	t.is(keaResponseOf({ result: '0' }), null);
	t.is(keaResponseOf({ result: 0, text: 5 }), null);
	t.is(keaResponseOf({ result: 0, arguments: [1] }), null);
	t.is(keaResponseOf('ok'), null);
	t.deepEqual(latestStatistics({ a: [[1, 't']], b: 'x', c: [[{ evil: 1 }, 't']], d: [] }), { a: 1 });
});

test('credentials come from a USER:PASSWORD file or two environment variables, never from the URL', (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-kea-cred-'));
	const file = join(dir, 'cred');
	writeFileSync(file, 'admin:pa:ss\n');
	t.deepEqual(credentialsOf({ credentialsFile: file }), { user: 'admin', password: 'pa:ss' });
	writeFileSync(file, 'no-colon-secret');
	const e = t.throws(() => credentialsOf({ credentialsFile: file }))!;
	t.false(e.message.includes('no-colon-secret'));
	t.deepEqual(credentialsOf({ env: { DHCPULSE_KEA_USER: 'u', DHCPULSE_KEA_PASSWORD: 'p' } }), { user: 'u', password: 'p' });
	t.is(credentialsOf({ env: {} }), undefined);
	t.throws(() => credentialsOf({ env: { DHCPULSE_KEA_PASSWORD: 'p' } }), { message: 'DHCPULSE_KEA_USER and DHCPULSE_KEA_PASSWORD: set both, or neither' });
	const inUrl = t.throws(() => openKeaClient({ api: 'http://admin:hunter2@10.0.0.1:8000/' }))!;
	t.false(inUrl.message.includes('hunter2'));
	t.throws(() => openKeaClient({ api: 'ftp://10.0.0.1/' }), { message: /expected an http:\/\/ or https:\/\/ URL/ });
	t.throws(() => openKeaClient({ socket: '/s', api: 'http://10.0.0.1/' }), { message: /exclude each other/ });
	t.throws(() => openKeaClient({}), { message: 'name the Kea server to ask: --kea-socket PATH or --kea-api URL' });
});
