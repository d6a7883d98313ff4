/**
 * The loss ledger (issue #22): where every request of a run went, from dhcpulse's send to the
 * matched answer, with the server's own statistics and the kernel's counters on both sides put
 * beside dhcpulse's counts. Pure: it takes two readings (before and after the run, see
 * ledger-source.ts for the I/O) and the run's counters, and returns the steps and the named
 * losses between them.
 *
 * The chain, per exchange type, in datagrams (a retransmission is one more datagram):
 *   sent by dhcpulse → read by the server → answered by the server → received by dhcpulse → matched
 * and between each pair a loss: not read (lost before the server read them), read and not answered
 * (the server dropped them, or they need no answer), answered and not received, received and not
 * matched (late, duplicate, orphan, malformed). Kernel counters are per namespace and per socket,
 * not per message type, so the losses are named for the whole run: in the server's socket queue
 * (the server socket's drops), in dhcpulse's socket queue (its sockets' drops), and what is left
 * ("elsewhere": on the wire, or still queued when the run ended). A step that cannot be observed
 * is null (unknown), never 0.
 *
 * Kea's statistics (Kea ARM, "Statistics"): pkt4-received counts each packet Kea read and parsed,
 * with a per-type counter beside it (pkt4-discover-received …); a packet that fails to parse is
 * counted in pkt4-parse-failed and pkt4-receive-drop but not in pkt4-received; pkt4-receive-drop
 * counts every packet Kea read and dropped (Kea src/bin/dhcp4/dhcp4_srv.cc processPacket; same for
 * pkt6-* in dhcp6_srv.cc). An answer is counted in pkt4-offer-sent etc. once it was sent.
 */
import type { KernelCounters } from '../os/proc-net.js';
import type { ExchangeCounters, ExchangeName } from './accounting.js';

/** A count that could not be observed is null: unknown, not 0. */
export type Count = number | null;

/** One reading of the counters outside dhcpulse (ledger-source.ts). */
export interface LedgerReading {
	/** The server's own statistics, cumulative (Kea statistic-get-all); null when none could be read. */
	server: Record<string, number | string> | null;
	/** The server process's namespace and sockets (a lab's server); null when not observable. */
	serverKernel: KernelCounters | null;
	/** dhcpulse's own namespace and sockets. */
	clientKernel: KernelCounters | null;
	/** Why the server's statistics are missing from this reading, when they were asked for. */
	unreadable?: string;
}

/** Where the readings came from, for the report to say. */
export interface LedgerSources {
	/** e.g. "Kea statistic-get-all over /run/…/kea4.sock"; null when the server's statistics are not read. */
	server: string | null;
	/** e.g. 'lab "x": the server process 1234 and its namespace'; null when not observable. */
	serverKernel: string | null;
	clientKernel: string;
	/** The lab the server runs in, when it is one: its namespace is assumed to carry only this run. */
	lab: string | null;
}

/** The steps of one exchange type (or of several that share their answer's statistic). */
export interface LedgerGroup {
	/** e.g. "DISCOVER → OFFER" */
	label: string;
	exchanges: ExchangeName[];
	/** Datagrams dhcpulse sent (requests plus retransmissions). */
	sent: number;
	readByServer: Count;
	/** sent − read: lost before the server read them. */
	notRead: Count;
	/** Answers sent by the server, by message type. */
	answeredBy: Record<string, Count>;
	answered: Count;
	/** read − answered: dropped by the server, or needing no answer (a DHCPv4 RELEASE, RFC 2131 §4.4.6). */
	notAnswered: Count;
	/** Datagrams dhcpulse received for these exchanges (matched or not). */
	received: number;
	/** answered − received: lost on the way back. */
	notReceived: Count;
	/** Answers matched to a request in time (ok + rejected). */
	matched: number;
	/** received − matched: late, duplicate, orphan or malformed. */
	notMatched: number;
}

/** A loss for the whole run, with its named parts. */
export interface LedgerLoss {
	total: Count;
	/** Named parts, in the order they are reported; each is a count or null (unknown). */
	parts: { what: string; count: Count }[];
}

export interface Ledger {
	family: 4 | 6;
	sources: LedgerSources;
	/** What the attribution assumes, in words. */
	assumptions: string[];
	groups: LedgerGroup[];
	/** The whole run: sums over the groups, and the server's totals. */
	total: Omit<LedgerGroup, 'label' | 'exchanges' | 'answeredBy'>;
	/** Not read by the server: in its socket queue, and elsewhere (on the wire, still queued at the end). */
	lostBeforeServer: LedgerLoss;
	/** Read by the server and not answered: failed to parse, dropped by the server, needing no answer, other. */
	notAnswered: LedgerLoss;
	/** Answered and not received: in dhcpulse's socket queue, and elsewhere. */
	lostOnTheWayBack: LedgerLoss;
	/** Kernel counters of each namespace over the run, for reference (they count every socket of it). */
	kernel: {
		server: { rcvbufErrors: Count; sndbufErrors: Count; inErrors: Count; socketDrops: Count; fallbackDrops: Count };
		client: { rcvbufErrors: Count; sndbufErrors: Count; inErrors: Count; socketDrops: Count };
	};
	/**
	 * Every observed step follows from the one before with no negative loss, and every loss is
	 * named (nothing "elsewhere"): true; a step does not add up: false; a step is unknown: null.
	 */
	addsUp: boolean | null;
	/** Why a step does not add up, in words. */
	problems: string[];
}

interface GroupDef {
	requestStats: string[];
	answers: Record<string, string>;
	exchanges: ExchangeName[];
}

function groupDefs(family: 4 | 6, rapidCommit: boolean): GroupDef[] {
	if (family === 4) {
		return [
			{ requestStats: ['pkt4-discover-received'], answers: { OFFER: 'pkt4-offer-sent' }, exchanges: ['DO'] },
			// An INFORM's answer is an ACK too (RFC 2131 §4.3.5), counted with every other ACK.
			{ requestStats: ['pkt4-request-received', 'pkt4-inform-received'], answers: { ACK: 'pkt4-ack-sent', NAK: 'pkt4-nak-sent' }, exchanges: ['RA', 'renew', 'rebind', 'inform'] },
			{ requestStats: ['pkt4-release-received', 'pkt4-decline-received'], answers: {}, exchanges: ['release', 'decline'] },
		];
	}
	const solicit: GroupDef = { requestStats: ['pkt6-solicit-received'], answers: { ADVERTISE: 'pkt6-advertise-sent' }, exchanges: ['SA'] };
	// Every other client message is answered with a REPLY (RFC 8415 §18.3).
	const reply: GroupDef = {
		requestStats: ['pkt6-request-received', 'pkt6-renew-received', 'pkt6-rebind-received', 'pkt6-release-received', 'pkt6-decline-received', 'pkt6-infrequest-received', 'pkt6-confirm-received'],
		answers: { REPLY: 'pkt6-reply-sent' },
		exchanges: ['RR', 'renew', 'rebind', 'release', 'decline', 'inform', 'confirm'],
	};
	// Rapid Commit (RFC 8415 §18.2.1): a SOLICIT is answered with a REPLY, counted with every other REPLY.
	if (rapidCommit) return [{ requestStats: [...solicit.requestStats, ...reply.requestStats], answers: { ...solicit.answers, ...reply.answers }, exchanges: [...solicit.exchanges, ...reply.exchanges] }];
	return [solicit, reply];
}

/** The request message each exchange sends (a DHCPv4 renew is a REQUEST with ciaddr, RFC 2131 §4.3.2). */
function requestOf(name: ExchangeName, family: 4 | 6): string {
	const v4: Record<ExchangeName, string> = {
		DO: 'DISCOVER',
		RA: 'REQUEST',
		SA: 'SOLICIT',
		RR: 'REQUEST',
		renew: 'REQUEST',
		release: 'RELEASE',
		rebind: 'REQUEST',
		decline: 'DECLINE',
		inform: 'INFORM',
		confirm: 'CONFIRM',
	};
	const v6: Partial<Record<ExchangeName, string>> = { renew: 'RENEW', rebind: 'REBIND', inform: 'INFORMATION-REQUEST' };
	return (family === 6 ? v6[name] : undefined) ?? v4[name];
}

export interface LedgerOptions {
	family: 4 | 6;
	rapidCommit: boolean;
	sources: LedgerSources;
	/** Why dhcpulse sent datagrams it does not count (--warm-up, --preload): the steps cannot add up then. */
	uncounted?: string;
}

type Named = Pick<ExchangeCounters, 'sent' | 'retransmits' | 'ok' | 'rejected' | 'late' | 'duplicates' | 'orphans' | 'malformed'> & { name: ExchangeName };

const sum = (xs: Count[]): Count => (xs.some((x) => x === null) ? null : xs.reduce<number>((n, x) => n + x!, 0));
const minus = (a: Count, b: Count): Count => (a === null || b === null ? null : a - b);

/** The ledger of a run from the readings before and after it and dhcpulse's own counts. */
export function buildLedger(before: LedgerReading, after: LedgerReading, exchanges: readonly Named[], o: LedgerOptions): Ledger {
	const problems: string[] = [];
	const p = o.family === 4 ? 'pkt4' : 'pkt6';
	const stat = (name: string): Count => {
		const a = after.server?.[name];
		const b = before.server?.[name];
		if (typeof a !== 'number' || typeof b !== 'number') return null;
		if (a < b) {
			problems.push(`the server's ${name} went down during the run (${b} → ${a}): it restarted, or its statistics were reset`);
			return null;
		}
		return a - b;
	};
	const kernel = (side: 'serverKernel' | 'clientKernel', pick: (k: KernelCounters) => number | null): Count => {
		const a = after[side];
		const b = before[side];
		if (!a || !b) return null;
		const x = pick(a);
		const y = pick(b);
		return x === null || y === null ? null : x - y;
	};
	const mib = (side: 'serverKernel' | 'clientKernel', field: 'rcvbufErrors' | 'sndbufErrors' | 'inErrors'): Count => kernel(side, (k) => k.udp[field]);
	// A process with no socket of the family has no queue to tell of.
	const queue = (side: 'serverKernel' | 'clientKernel', packet: boolean): Count => kernel(side, (k) => (packet ? k.packetSocketDrops : k.udpSockets + k.rawSockets > 0 ? k.udpSocketDrops + k.rawSocketDrops : null));
	for (const r of [before, after]) if (r.unreadable && !problems.includes(r.unreadable)) problems.push(r.unreadable);

	const byName = new Map(exchanges.map((x) => [x.name, x]));
	const groups: LedgerGroup[] = [];
	for (const def of groupDefs(o.family, o.rapidCommit)) {
		const xs = def.exchanges.map((n) => byName.get(n)).filter((x): x is Named => x !== undefined);
		if (xs.length === 0) continue;
		const sent = xs.reduce((n, x) => n + x.sent + x.retransmits, 0);
		// The group's first statistic must be there; the others (INFORMs, DECLINEs) count where the server keeps them.
		const readByServer = sum(def.requestStats.filter((name, i) => i === 0 || typeof after.server?.[name] === 'number').map(stat));
		const answeredBy: Record<string, Count> = {};
		for (const [type, name] of Object.entries(def.answers)) answeredBy[type] = stat(name);
		const answered = sum(Object.values(answeredBy));
		const received = xs.reduce((n, x) => n + x.ok + x.rejected + x.late + x.duplicates + x.orphans + x.malformed, 0);
		const matched = xs.reduce((n, x) => n + x.ok + x.rejected, 0);
		const answers = Object.keys(def.answers);
		groups.push({
			label: `${[...new Set(xs.map((x) => requestOf(x.name, o.family)))].join(', ')} → ${answers.length > 0 ? answers.join('/') : '(no answer)'}`,
			exchanges: xs.map((x) => x.name),
			sent,
			readByServer,
			notRead: minus(sent, readByServer),
			answeredBy,
			answered,
			notAnswered: minus(readByServer, answered),
			received,
			notReceived: minus(answered, received),
			matched,
			notMatched: received - matched,
		});
	}

	// The server's totals: what it read is what it counted as received plus what failed to parse
	// (not in pkt-received); its answers, every answer it counted as sent.
	const parseFailed = stat(`${p}-parse-failed`);
	const receiveDrop = stat(`${p}-receive-drop`);
	const readTotal = sum([stat(`${p}-received`), parseFailed]);
	const answeredTotal = sum(groups.map((g) => g.answered));
	const sent = groups.reduce((n, g) => n + g.sent, 0);
	const received = groups.reduce((n, g) => n + g.received, 0);
	const matched = groups.reduce((n, g) => n + g.matched, 0);
	const total = {
		sent,
		readByServer: readTotal,
		notRead: minus(sent, readTotal),
		answered: answeredTotal,
		notAnswered: minus(readTotal, answeredTotal),
		received,
		notReceived: minus(answeredTotal, received),
		matched,
		notMatched: received - matched,
	};

	// The server's receive queue: with packet sockets (Kea's raw mode) those are what Kea reads;
	// its UDP sockets then only exist so the kernel does not answer ICMP port unreachable, and Kea
	// reads and discards their copies (Kea src/lib/dhcp/pkt_filter_lpf.cc): their drops are no loss.
	const rawServer = (after.serverKernel?.packetSockets ?? 0) > 0;
	const serverQueue = queue('serverKernel', rawServer);
	const rawClient = (after.clientKernel?.packetSockets ?? 0) > 0;
	const clientQueue = queue('clientKernel', rawClient);
	// RELEASEs and DECLINEs (RFC 2131 §4.3.3, §4.4.6): read, never answered.
	const releases = o.family === 4 ? (groups.find((g) => g.exchanges.includes('release'))?.readByServer ?? 0) : 0;
	// receive-drop includes the parse failures (dhcp4_srv.cc counts both for one packet).
	const droppedAfterParse = minus(receiveDrop, parseFailed);
	const queueSource = (packet: boolean, k: KernelCounters | null): string =>
		packet ? "its packet sockets' drops" : (k?.rawSockets ?? 0) > 0 ? "its raw and UDP sockets' drops" : "its UDP sockets' drops, counted in Udp RcvbufErrors";
	const lostBeforeServer: LedgerLoss = {
		total: total.notRead,
		parts: [
			{ what: `in the server's socket queue (${queueSource(rawServer, after.serverKernel)})`, count: serverQueue },
			{ what: 'elsewhere (on the wire, or still queued when the run ended)', count: minus(total.notRead, serverQueue) },
		],
	};
	const notAnsweredParts: LedgerLoss['parts'] = [
		{ what: 'failed to parse', count: parseFailed },
		{ what: 'dropped by the server after reading', count: droppedAfterParse },
	];
	if (releases !== 0) notAnsweredParts.push({ what: 'RELEASEs and DECLINEs, which need no answer', count: releases });
	notAnsweredParts.push({ what: 'read and not answered for another reason (no lease to offer, not for this server…)', count: minus(total.notAnswered, sum(notAnsweredParts.map((x) => x.count))) });
	const notAnswered: LedgerLoss = { total: total.notAnswered, parts: notAnsweredParts };
	const lostOnTheWayBack: LedgerLoss = {
		total: total.notReceived,
		parts: [
			{ what: `in dhcpulse's socket queue (${queueSource(rawClient, after.clientKernel)})`, count: clientQueue },
			{ what: 'elsewhere (on the wire, or still queued when the run ended)', count: minus(total.notReceived, clientQueue) },
		],
	};

	let addsUp: boolean | null = true;
	const check = (what: string, n: Count): void => {
		if (n === null) {
			if (addsUp === true) addsUp = null;
		} else if (n < 0) {
			addsUp = false;
			problems.push(`${what}: ${n} (a later step counted more than the one before it; another client's traffic, or a counter that was not the run's)`);
		}
	};
	const checkSteps = (g: Ledger['total'], of: string): void => {
		check(`not read by the server${of}`, g.notRead);
		check(`read and not answered${of}`, g.notAnswered);
		check(`answered and not received${of}`, g.notReceived);
	};
	for (const g of groups) checkSteps(g, ` (${g.label})`);
	checkSteps(total, '');
	for (const loss of [lostBeforeServer, notAnswered, lostOnTheWayBack]) {
		for (const part of loss.parts) check(part.what, part.count);
	}
	// Exact means every loss has a name: nothing lost "elsewhere".
	const elsewhere = [lostBeforeServer.parts[1]!.count, lostOnTheWayBack.parts[1]!.count];
	if (addsUp === true && elsewhere.some((n) => n !== 0)) {
		addsUp = false;
		problems.push(`lost elsewhere: ${elsewhere[0]} before the server read them, ${elsewhere[1]} on the way back`);
	}

	if (o.uncounted) {
		problems.push(o.uncounted);
		addsUp = null;
	}
	const assumptions: string[] = [];
	if (o.sources.server !== null || o.sources.serverKernel !== null) {
		assumptions.push(
			o.sources.lab !== null
				? `the server runs in lab ${o.sources.lab}: its statistics and its namespace's counters are attributed to this run, assuming nothing else talked to it during the run`
				: "the server's statistics count every client: they are attributed to this run, assuming no other client used the server during it",
		);
	}
	assumptions.push('kernel counters count per namespace and per socket, not per message type: the queue losses are named for the whole run, not per exchange type');
	if (rawServer) assumptions.push("the server reads packet sockets (raw mode): its queue is theirs; its UDP sockets' drops are copies it discards unread (Kea pkt_filter_lpf.cc), not losses");

	return {
		family: o.family,
		sources: o.sources,
		assumptions,
		groups,
		total,
		lostBeforeServer,
		notAnswered,
		lostOnTheWayBack,
		kernel: {
			server: {
				rcvbufErrors: mib('serverKernel', 'rcvbufErrors'),
				sndbufErrors: mib('serverKernel', 'sndbufErrors'),
				inErrors: mib('serverKernel', 'inErrors'),
				socketDrops: serverQueue,
				fallbackDrops: rawServer ? kernel('serverKernel', (k) => k.udpSocketDrops) : null,
			},
			client: { rcvbufErrors: mib('clientKernel', 'rcvbufErrors'), sndbufErrors: mib('clientKernel', 'sndbufErrors'), inErrors: mib('clientKernel', 'inErrors'), socketDrops: clientQueue },
		},
		addsUp,
		problems,
	};
}
