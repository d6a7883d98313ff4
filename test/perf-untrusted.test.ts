/**
 * A load run against a server that sends what no real server sends (test/helpers/dhcp4-responder.ts
 * in the lab's server namespace): every datagram it sends is counted once, as an answer (ok) or
 * in its class (malformed, orphan, duplicate), or was dropped by the kernel and counted there,
 * and nothing crashes.
 */
import test from 'ava';
import { useLab } from './helpers/lab.js';
import { addResponderAddress, rcvbufErrors, RESPONDER, withResponder } from './helpers/responder.js';
import { assertIdentity, perfInLab, scratch, waitForCarrier, type PerfRun } from './perf-helpers.js';

const lab = useLab(test, { server: 'kea4' });
const dir = scratch('perf-hostile');
test.serial.before(async () => {
	await waitForCarrier(lab());
	await addResponderAddress(lab());
});

test.serial('perf against a hostile responder: every bad packet is malformed, an orphan or a duplicate, every good answer ok', async (t) => {
	const before = await rcvbufErrors(lab());
	let r: PerfRun | undefined;
	// Before its first answer, 2,000 unsolicited OFFERs; before every answer, one packet of every
	// bad class: truncated, a BOOTREQUEST, another xid, another chaddr, a lying length, an overload
	// loop with a second option 53 (no message type), a type not expected, a copy of an earlier answer.
	const sent = await withResponder(lab(), ['hostile', '2000'], async () => {
		r = await perfInLab(lab(), [RESPONDER, '-l', lab().relayAddr4, '-r', '10', '-n', '10', '-R', '10', '-d', '5', '--no-dashboard'], dir, 90_000);
	});
	const dropped = (await rcvbufErrors(lab())) - before;
	const { json } = r!;
	assertIdentity(t, json);
	const exchanges = Object.values(json.exchanges);
	const ok = exchanges.reduce((n, e) => n + e.ok, 0);
	const counted = exchanges.reduce((n, e) => n + e.malformed + e.orphans + e.duplicates + e.late, 0);
	const total = Object.values(sent).reduce((a, b) => a + b, 0);
	t.is(ok + counted + dropped, total, JSON.stringify({ sent, dropped, exchanges: json.exchanges }));
	t.true(json.exchanges.DO!.malformed > 0 && json.exchanges.DO!.orphans >= 2000, JSON.stringify(json.exchanges.DO));
	if (dropped === 0) {
		t.is(json.exchanges.DO!.ok, 10);
		t.is(json.exchanges.RA!.ok, 10);
		// Truncated, a BOOTREQUEST, a lying length, and a message whose option 53 repeats (no type): malformed, never an orphan.
		t.is(json.exchanges.DO!.malformed + json.exchanges.RA!.malformed, sent['not-dhcp']! + sent.request! + sent.malformed!);
	}
});
