/**
 * docs/perf-summary.schema.json describes what `perf --json` writes: a real run against the lab's
 * Kea, with the loss ledger, -u, stages and its series, is valid against it (Ajv, JSON Schema
 * 2020-12, formats checked), and every summary names the tool's version, the start time (ISO 8601)
 * and the host.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import test from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { useLab } from './helpers/lab.js';
import { perfInLab, scratch, waitForCarrier } from './perf-helpers.js';

const schema = JSON.parse(readFileSync(new URL('../docs/perf-summary.schema.json', import.meta.url), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

const dir = scratch('perf-schema');
const lab4 = useLab(test, { server: 'kea4' });
test.serial.before(async () => waitForCarrier(lab4()));

function assertValid(t: import('ava').ExecutionContext, doc: unknown): void {
	const ok = validate(doc);
	t.true(ok, JSON.stringify(validate.errors, null, 1));
}

test.serial('a DHCPv4 run with the loss ledger, -u and a ramp is valid against the schema, and says its tool, start and host', async (t) => {
	const before = Date.now();
	const r = await perfInLab(lab4(), ['198.19.0.1', '--stages', '1s:100,1s:100', '-R', '2000', '-u', '--lab', lab4().name, '--no-dashboard'], dir, 60_000);
	const doc = r.json as unknown as Record<string, unknown> & { tool: { version: string }; startedAt: string; host: string; ledger: unknown; series: unknown[]; uniqueness: unknown };
	assertValid(t, doc);
	t.deepEqual(doc.tool, { name: 'dhcpulse', version: pkg.version });
	t.is(doc.host, hostname());
	const started = Date.parse(doc.startedAt);
	t.true(started >= before - 1000 && started <= Date.now(), doc.startedAt);
	t.not(doc.ledger, null, 'the lab named: the ledger is in');
	t.true(doc.series.length > 0);
	t.truthy(doc.uniqueness);
});

test.serial('a --lifecycle run, with its rebind, decline and inform exchanges, is valid against the schema', async (t) => {
	const r = await perfInLab(
		lab4(),
		[
			'198.19.0.1',
			'--lifecycle',
			'--time-scale',
			'1000',
			'--hold',
			'2000',
			'--decline-pct',
			'20',
			'--inform-pct',
			'20',
			'-r',
			'50',
			'-R',
			'2000',
			'-b',
			'mac=02:87:00:00:00:00',
			'-p',
			'3',
			'--lab',
			lab4().name,
			'--no-dashboard',
		],
		dir,
		60_000,
	);
	t.true(r.code === 0 || r.code === 1, r.stderr);
	t.deepEqual(Object.keys(r.json.exchanges), ['DO', 'RA', 'renew', 'rebind', 'release', 'decline', 'inform']);
	assertValid(t, r.json);
});

test.serial('a summary with a broken field is not valid: the schema says something', (t) => {
	const doc = JSON.parse(readFileSync(new URL('fixtures/report/kea4-dora.json', import.meta.url), 'utf8')) as Record<string, unknown>;
	t.false(validate({ ...doc, exitCode: 7 }));
	t.false(validate({ ...doc, tool: { name: 'perfdhcp', version: '2.2' } }));
});
