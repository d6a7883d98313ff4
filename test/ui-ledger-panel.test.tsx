// Test files are outside tsconfig's `include`, so tsx compiles their JSX with the classic runtime.
import React from 'react';
import test from 'ava';
import { render } from 'ink-testing-library';
import { Dashboard } from '../src/ui/Dashboard.js';
import { buildLedger, type LedgerReading } from '../src/perf/ledger.js';
import type { PerfSnapshot } from '../src/perf/snapshot.js';
import { dora } from './ui-fixtures.js';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

function frame(snapshot: PerfSnapshot, rows?: number): string[] {
	const r = render(<Dashboard snapshot={snapshot} onQuit={() => {}} onTogglePause={() => {}} onRateChange={() => {}} columns={100} {...(rows ? { rows } : {})} />);
	const lines = (r.lastFrame() ?? '').replace(ANSI, '').split('\n');
	r.unmount();
	return lines;
}

/** The fixture's run as Kea and the kernels saw it: 30 DISCOVERs lost in Kea's socket queue. */
function withLedger(s: PerfSnapshot): PerfSnapshot {
	const counters = {
		udp: { inDatagrams: 0, noPorts: 0, inErrors: 0, outDatagrams: 0, rcvbufErrors: 0, sndbufErrors: 0 },
		udpSockets: 1,
		udpSocketDrops: 0,
		rawSockets: 0,
		rawSocketDrops: 0,
		packetSockets: 0,
		packetSocketDrops: 0,
	};
	const [DO, RA] = s.exchanges;
	const before: LedgerReading = {
		server: { 'pkt4-parse-failed': 0, 'pkt4-receive-drop': 0, 'pkt4-received': 0, 'pkt4-discover-received': 0, 'pkt4-request-received': 0, 'pkt4-offer-sent': 0, 'pkt4-ack-sent': 0, 'pkt4-nak-sent': 0 },
		serverKernel: counters,
		clientKernel: counters,
	};
	const read = DO!.sent - 30;
	const after: LedgerReading = {
		server: {
			'pkt4-parse-failed': 0,
			'pkt4-receive-drop': 0,
			'pkt4-received': read + RA!.sent,
			'pkt4-discover-received': read,
			'pkt4-request-received': RA!.sent,
			'pkt4-offer-sent': read,
			'pkt4-ack-sent': RA!.ok,
			'pkt4-nak-sent': RA!.rejected,
		},
		serverKernel: { ...counters, udpSocketDrops: 30 },
		clientKernel: counters,
	};
	const ledger = buildLedger(before, after, s.exchanges, { family: 4, rapidCommit: false, sources: { server: 'Kea', serverKernel: 'lab', clientKernel: 'own', lab: 'x' } });
	return { ...s, ledger };
}

test('the dashboard shows the ledger in three lines once there is one, and none before', (t) => {
	const lines = frame(withLedger(dora()));
	const at = lines.findIndex((l) => l.startsWith('loss ledger'));
	t.true(at >= 0);
	t.regex(lines[at]!, /^loss ledger\s+sent\s+read by server\s+answered\s+received\s+matched$/);
	t.regex(lines[at + 1]!, /^datagrams(\s+\d+){5}$/);
	t.regex(lines[at + 2]!, /^lost: 30 in the server's queue, \d+ not answered, \d+ in our queue, -?\d+ elsewhere$/);
	t.false(frame(dora()).some((l) => l.startsWith('loss ledger')));
});

test('the panel takes its rows from the height budget: a short terminal still fits the frame', (t) => {
	const plain = frame(dora(), 30).length;
	const ledger = frame(withLedger(dora()), 30).length;
	t.is(ledger, plain, 'the histogram gives up the rows the ledger takes');
});
