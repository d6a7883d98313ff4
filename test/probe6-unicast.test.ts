/**
 * A DHCPv6 server that names one of its addresses in the Server Unicast option (RFC 8415
 * §21.12): real Kea configured to send it. --allow-server and listen's rogue check accept the
 * server by that address, as the user configured it, not only by its DUID or its source.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { kea6Config } from '../src/lab/config-kea.js';
import { runCli } from './helpers/cli.js';
import { labExecArgs, useLab } from './helpers/lab.js';
import { startListen } from './helpers/listen.js';

const dir = mkdtempSync(join(tmpdir(), 'dhcpulse-probe6-unicast-'));
/** Only the relay segment's server address: relayed, Kea answers from 2001:db8:2::1, so the named address is not the source. */
const UNICAST = '2001:db8:1::1';
const config = join(dir, 'kea6.json');
const base = kea6Config({ leaseFile: join(dir, 'leases6.csv'), controlSocket: join(dir, 'kea6.sock') }) as { Dhcp6: { 'option-data': object[] } };
base.Dhcp6['option-data'].push({ name: 'unicast', data: UNICAST, 'always-send': true });
writeFileSync(config, JSON.stringify(base));

const lab = useLab(test, { server: 'kea6', config });
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const RELAYED = (): string[] => ['-6', '--server', lab().relayServerAddr6, '--relay', lab().relayAddr6];
const cli = (args: string[]) => runCli(args, { prefix: labExecArgs(lab()), timeoutMs: 120_000 });

test.serial('discover --allow-server accepts the server by the address of its Server Unicast option', async (t) => {
	const r = await cli(['discover', ...RELAYED(), '--allow-server', UNICAST]);
	t.is(r.code, 0, r.stdout + r.stderr);
	t.regex(r.stdout, /^ +12 \(unicast\): 2001:db8:1::1$/m);
	const other = await cli(['discover', ...RELAYED(), '--allow-server', '2001:db8:1::99']);
	t.is(other.code, 2, other.stderr);
});

test.serial('listen --allow-server accepts the server by the address of its Server Unicast option', async (t) => {
	const listening = startListen(lab(), ['listen', '-6', '-i', lab().relayIface, '--duration', '60', '--allow-server', UNICAST], 90_000);
	await listening.ready;
	const probe = await cli(['discover', ...RELAYED()]);
	t.is(probe.code, 0, probe.stderr);
	await listening.waitFor(/ADVERTISE|RELAY-REPL/);
	listening.interrupt();
	const r = await listening.done;
	t.is(r.code, 0, r.stdout + r.stderr);
	t.notRegex(r.stderr + r.stdout, /rogue/);
});
