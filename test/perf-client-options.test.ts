/**
 * Per-client option values (src/perf/client-options.ts): `{client}` and `{mac}` in an --option
 * value are found in its encoding once, and each client's characters are written over them in
 * place, giving exactly the bytes the option language gives for that client's own value.
 */
import test from 'ava';
import { dhcp4Options } from '../src/codec/dhcp4/option-defs.js';
import { clientOptionOf, clientWidth, writeClientFields } from '../src/perf/client-options.js';
import { formatMac48 } from '../src/perf/clients.js';

const parse = (text: string) => dhcp4Options.parseOption(text);

test("option 82 with {client} and {mac}: patched in place, the bytes of that client's own value", (t) => {
	const spec = '82=agentCircuitID="eth0/{client}", agentRemoteID="{mac}"';
	const width = clientWidth(100_000);
	t.is(width, 5);
	const { option, fields } = clientOptionOf(spec, width, parse);
	t.is(fields.code, 82);
	t.is(fields.clientAt.length, 5);
	t.is(fields.macAt.length, 12);
	for (const [client, hi, lo] of [
		[7, 0x0200, 0x0c000007],
		[99_999, 0x02ab, 0xcdef0123],
	] as const) {
		const buf = Buffer.from(option.data);
		writeClientFields(buf, 0, fields, client, hi, lo);
		const own = parse(`82=agentCircuitID="eth0/${String(client).padStart(5, '0')}", agentRemoteID="${formatMac48({ hi, lo })}"`);
		t.deepEqual(buf, Buffer.from(own.data), `client ${client}`);
	}
});

test('a placeholder twice, and at an offset into a larger message', (t) => {
	const { option, fields } = clientOptionOf('hostname=h{client}-{client}', 3, parse);
	const buf = Buffer.alloc(10 + option.data.length);
	Buffer.from(option.data).copy(buf, 10);
	writeClientFields(buf, 10, fields, 42, 0, 0);
	t.is(buf.subarray(10).toString('latin1'), 'h042-042');
});

test('a value that cannot carry the placeholder as text is refused', (t) => {
	t.throws(() => clientOptionOf('51={client}', 3, parse), { message: /must be text/ });
	t.throws(() => clientOptionOf('hostname=[{client}]', 3, (text) => ({ code: 12, data: Buffer.from(text.length % 2 ? 'odd' : 'even!') })), { message: /must be text/ });
});

test("{relay}: the index of the client's relay in -J's list, at its own width, beside {client} and {mac}", (t) => {
	const { option, fields } = clientOptionOf('82=agentCircuitID="r{relay}/{client}", agentRemoteID="{mac}"', 3, parse, 2);
	t.is(fields.relayAt.length, 2);
	t.is(fields.clientAt.length, 3);
	t.is(fields.macAt.length, 12);
	const buf = Buffer.from(option.data);
	writeClientFields(buf, 0, fields, 42, 0x0200, 0x0000002a, 7);
	t.deepEqual(buf, Buffer.from(parse('82=agentCircuitID="r07/042", agentRemoteID="02:00:00:00:00:2a"').data));
	// Without {relay} the relay index changes nothing.
	const plain = clientOptionOf('hostname=h{client}', 3, parse);
	t.deepEqual(plain.fields.relayAt, []);
	const b = Buffer.from(plain.option.data);
	writeClientFields(b, 0, plain.fields, 5, 0, 0, 9);
	t.is(b.toString('latin1'), 'h005');
});
