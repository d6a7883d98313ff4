/**
 * A probe's outcome in a family-neutral form: what was sent, what came back, from whom and how
 * fast. DHCPv4 and DHCPv6 flows both produce it; the judge and the presenters read only this.
 */
import type { OptionSpace } from '../codec/option-space.js';
import type { IgnoredCounts } from './exchange.js';
import type { ReplyFacts } from './expect.js';

export interface PacketView {
	/** `DHCPOFFER`, `ADVERTISE`, … */
	typeName: string;
	/** The dhcptest-style dump. */
	text: string;
	/** The codec's JSON form (docs/json-schema.md). */
	json: unknown;
}

export interface ReplyView extends PacketView {
	/** `198.18.0.1:67` */
	from: string;
	latencyUs: number;
	attempt: number;
	/** The server's identity: option 54 (v4) or the server DUID (v6), else the source address. */
	server: string;
	/** Source address without port, for allow-lists. */
	fromAddress: string;
	/** Whether this answer grants what was asked (OFFER/ACK, or v6 with the IA and no failure status). */
	positive: boolean;
	/** For negative answers: `NAK: address not available`, `NoAddrsAvail: …`. */
	failure?: string;
	/** The address or prefix granted, when there is one. */
	address?: string;
	/** v6: the first delegated prefix granted (`2001:db8:8000:100::/56`). */
	prefix?: string;
	/** Other spellings of `server` that --allow-server accepts (v6: the server DUID as hex). */
	serverAliases?: string[];
	/** The data of an option by code (v4: concatenated instances), for --print-only and --expect. */
	option(code: number): Uint8Array | undefined;
	facts: ReplyFacts;
}

export interface StepView {
	name: string;
	request: PacketView;
	to: string;
	expectsReply: boolean;
	/**
	 * The step ends the lease and is answered (v6 RELEASE/DECLINE, RFC 8415 §18.3.7, §18.3.8): an
	 * unanswered or refused one decides the verdict, an answered one only says how the lease ended.
	 */
	closing?: boolean;
	replies: ReplyView[];
	attempts: number;
	ended: string;
}

export interface ProbeOutcome {
	family: 4 | 6;
	command: 'discover' | 'ping' | 'lease';
	path: string;
	warnings: string[];
	steps: StepView[];
	/** Datagrams that answered nothing of ours: all of them, and by class. */
	ignored: number;
	ignoredBy: IgnoredCounts;
	/** The option space of the family (for --print-only and --expect). */
	space: OptionSpace;
	/** Total time the tries could take, seconds (for "no answer after …"). */
	waitedS: number;
}

/** The step whose answer decides the verdict: DISCOVER for discover, REQUEST/INFORM for ping, the last answered step of a lease. */
export function decidingStep(outcome: ProbeOutcome): StepView | undefined {
	const asking = outcome.steps.filter((s) => s.expectsReply);
	if (outcome.command !== 'lease') return asking[0];
	// A lease is decided by its first step that went unanswered or was refused, else its last
	// step that granted an address or prefix (not the REPLY to a v6 CONFIRM or RELEASE).
	const failed = asking.find((s) => s.replies.length === 0 || !s.replies.some((r) => r.positive));
	if (failed) return failed;
	const granting = asking.filter((s) => !s.closing && s.replies.some((r) => r.positive && (r.address !== undefined || r.prefix !== undefined)));
	return granting[granting.length - 1] ?? asking[asking.length - 1];
}
