/** The same DHCPv4 probes against a second, different real server: dnsmasq. */
import test from 'ava';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';

const lab = useLab(test, { server: 'dnsmasq' });
const inLab = (args: string[]) => runCli(args, { prefix: labExecArgs(lab()) });

test.serial('discover on-link gets an OFFER from dnsmasq in its on-link pool', async (t) => {
	const r = await inLab(['discover', '-i', lab().clientIface, '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	t.is(doc.replies[0].packet.messageType, 'offer');
	t.regex(doc.replies[0].address, /^198\.18\./);
	t.is(doc.replies[0].server, '198.18.0.1');
});

test.serial('a relayed lease from dnsmasq is taken and released', async (t) => {
	const r = await inLab(['lease', '--server', lab().relayServerAddr4, '--giaddr', lab().relayAddr4, '--json']);
	t.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	t.deepEqual(
		doc.steps.map((s: { name: string }) => s.name),
		['discover', 'request', 'release'],
	);
	t.regex(doc.replies[0].address, /^198\.19\./);
	t.regex(doc.reason, /^lease 198\.19\.\d+\.\d+ from 198\.19\.0\.1 .*released$/);
});
