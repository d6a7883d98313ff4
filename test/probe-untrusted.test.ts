import test from 'ava';
import { runCli, type CliResult } from './helpers/cli.js';
import { labDown, labExecArgs, labNameFor, labUp, type LabInfo } from './helpers/lab.js';
import { addResponderAddress, rcvbufErrors as rcvbufErrorsIn, RESPONDER, withResponder as withResponderIn } from './helpers/responder.js';

/**
 * Probes of a server that sends what no real server sends: test/helpers/dhcp4-responder.ts in the
 * lab's server namespace, on an address of the routed segment that Kea does not use, reached
 * through relay emulation. The lab's Kea stays up beside it.
 */
// The lab is started in this file's own hook (not useLab): the responder's address is added to it
// afterwards, and AVA runs separate before hooks concurrently.
const LAB_NAME = labNameFor(import.meta.url, 'kea4');
let info: LabInfo | undefined;
const lab = (): LabInfo => {
	if (!info) throw new Error(`lab ${LAB_NAME} is not up`);
	return info;
};
const withResponder = (args: string[], body: () => Promise<void>): Promise<Record<string, number>> => withResponderIn(lab(), args, body);

test.before(async () => {
	info = await labUp({ name: LAB_NAME, server: 'kea4' });
	await addResponderAddress(lab());
});

test.after.always(async () => {
	await labDown(LAB_NAME);
});

function probe(args: string[]): Promise<CliResult> {
	return runCli([...args, '-s', RESPONDER, '--giaddr', lab().relayAddr4], { prefix: labExecArgs(lab()), timeoutMs: 100_000 });
}

// One transmission, and a wait no busy machine runs out of: a retransmission would bring a second
// round of bad packets, counted or not depending on timing. The probe stops at the answer anyway.
const UNHURRIED = ['--tries', '1', '--timeout', '30'];

// Any C0 control but the newline ending a line, DEL, or a C1 control.
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
// "go away \0\xff\n\e[31mred": a NUL, a byte that is not UTF-8, a newline and an escape sequence.
const HOSTILE_TEXT = Buffer.from('go away \0\xff\n\x1b[31mred', 'latin1').toString('hex');
const SHOWN = String.raw`"go away \0\xFF\n\x1B[31mred"`;

test.serial("a NAK's message reaches the verdict, the dump and the log escaped, each still one line", async (t) => {
	await withResponder(['nak', HOSTILE_TEXT], async () => {
		const r = await probe(['lease', ...UNHURRIED]);
		t.is(r.code, 2, r.stderr);
		for (const [name, text] of [
			['stdout', r.stdout],
			['stderr', r.stderr],
		] as const)
			t.false(CONTROL.test(text), `${name} carries a control character: ${JSON.stringify(text)}`);
		t.true(r.stdout.includes(`56 (Message): ${SHOWN}`), r.stdout);
		const lines = r.stderr.trimEnd().split('\n');
		t.deepEqual(
			lines.filter((l) => l.startsWith('CRITICAL')),
			[`CRITICAL: NAK: ${SHOWN} from ${RESPONDER}`],
		);
		// Every stderr line is a log record or the verdict: nothing the server sent starts a line.
		t.deepEqual(
			lines.filter((l) => !/^\d{4}-\d\d-\d\d /.test(l) && !l.startsWith('CRITICAL')),
			[],
		);
		t.true(
			lines.some((l) => l.includes(`PROBE_NAK_RECEIVED DHCPNAK from ${RESPONDER}: ${SHOWN}`)),
			r.stderr,
		);

		const n = await probe(['lease', ...UNHURRIED, '--nagios']);
		t.is(n.code, 2);
		// One line, the server's text escaped; the NAK's time is perfdata like any answer's (issue #19, item 18).
		t.true(n.stdout.startsWith(`DHCP CRITICAL - NAK: ${SHOWN} from ${RESPONDER} | time=`), n.stdout);
		t.is(n.stdout.split('\n').length, 2, n.stdout);

		// JSON escapes with its own rules: the document parses, and carries the same text.
		const j = await probe(['lease', ...UNHURRIED, '--json']);
		t.false(CONTROL.test(j.stdout));
		t.is((JSON.parse(j.stdout) as { reason: string }).reason, `NAK: ${SHOWN} from ${RESPONDER}`);
	});
});

test.serial('a reply with option 53 twice (NAK, then ACK) is malformed: no lease, no OK, and it is counted', async (t) => {
	await withResponder(['two-types'], async () => {
		const r = await probe(['lease', '--tries', '1', '--timeout', '4', '--json']);
		t.is(r.code, 2, r.stderr);
		const doc = JSON.parse(r.stdout) as { verdict: string; reason: string; ignored: number; steps: { name: string }[] };
		t.is(doc.verdict, 'CRITICAL');
		t.regex(doc.reason, /^no answer to DHCPREQUEST/);
		t.deepEqual(
			doc.steps.map((s) => s.name),
			['discover', 'request'],
		);
		t.is(doc.ignored, 1);
		t.regex(r.stderr, /BAD_PACKET_MALFORMED malformed DHCP packet from 198\.19\.0\.250: option 53 repeated/);
	});
});

type Counts = Record<string, number>;

const rcvbufErrors = (): Promise<number> => rcvbufErrorsIn(lab());

/** What the responder sent that is not an answer, by the class the probe counts it in. */
function badSent(sent: Counts): Counts {
	const out: Counts = {};
	for (const [what, n] of Object.entries(sent)) {
		if (what === 'answers') continue;
		const cls = what === 'unsolicited' ? 'other-xid' : what;
		out[cls] = (out[cls] ?? 0) + n;
	}
	return out;
}

const total = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);

for (const command of ['discover', 'lease'] as const) {
	test.serial(`${command} counts every bad packet of a hostile responder in its class and still takes the good answer`, async (t) => {
		let doc: { verdict: string; reason: string; ignored: number; ignoredBy: Counts } | undefined;
		const sent = await withResponder(['hostile', '0'], async () => {
			const r = await probe([command, ...UNHURRIED, '--json']);
			t.is(r.code, 0, r.stderr);
			doc = JSON.parse(r.stdout);
		});
		t.is(doc!.verdict, 'OK');
		t.regex(doc!.reason, command === 'discover' ? /^offer 198\.19\.1\.77 from 198\.19\.0\.250 / : /^lease 198\.19\.1\.77 from 198\.19\.0\.250 .*, released$/);
		// Truncated, a BOOTREQUEST, another xid, another chaddr, a lying length, an overload loop
		// with a second option 53, a type not expected at the step, and (lease) a repeated OFFER.
		t.deepEqual(doc!.ignoredBy, badSent(sent));
		t.deepEqual(Object.keys(doc!.ignoredBy).sort(), ['malformed', 'not-dhcp', 'other-client', 'other-xid', 'request', 'unexpected-type', ...(command === 'lease' ? ['duplicate'] : [])].sort());
		t.is(doc!.ignored, total(badSent(sent)));
	});

	test.serial(`${command} survives 20,000 unsolicited OFFERs: each one counted, or dropped by the kernel and counted there`, async (t) => {
		let doc: { verdict: string; ignored: number; ignoredBy: Counts; steps: { replies: unknown[] }[] } | undefined;
		let dropped = 0;
		const sent = await withResponder(['hostile', '20000'], async () => {
			const before = await rcvbufErrors();
			// A second try only if the kernel dropped the answer itself; its bad packets come before it too.
			const r = await probe([command, '--json', '--tries', '2', '--timeout', '30']);
			dropped = (await rcvbufErrors()) - before;
			t.is(r.code, 0, r.stderr);
			doc = JSON.parse(r.stdout);
		});
		t.log(`${doc!.ignored} ignored, ${dropped} dropped by the kernel, ${sent.answers} answers sent`);
		t.is(sent.unsolicited, 20_000);
		t.is(doc!.verdict, 'OK');
		// Everything sent reached the probe and was counted (an answer taken, a bad packet in its
		// class) or was dropped by the kernel, counted there; a dropped answer brought a second round.
		const taken = doc!.steps.reduce((n, s) => n + s.replies.length, 0);
		t.is(doc!.ignored + taken + dropped, total(sent));
		for (const [cls, n] of Object.entries(doc!.ignoredBy)) t.true(n <= (badSent(sent)[cls] ?? 0), `${cls}: ${n} counted`);
		t.true(doc!.ignoredBy['other-xid']! >= 20_000 - dropped);
	});
}
