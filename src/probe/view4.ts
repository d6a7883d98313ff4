/** DHCPv4 probe runs as family-neutral outcomes. */
import { dhcp4Options, formatMessage, optionData, toJSON, type Dhcp4Message } from '../codec/dhcp4/index.js';
import { formatString } from '../codec/types/text.js';
import type { ReplyRecord } from './exchange.js';
import { ignoredTotal } from './session.js';
import { messageTypeName, serverIdText, typeOf, type Probe4Run } from './dhcp4.js';
import type { ProbeOutcome, ReplyView, StepView } from './outcome.js';

function packet(message: Dhcp4Message): { typeName: string; text: string; json: unknown } {
	return { typeName: messageTypeName(typeOf(message)), text: formatMessage(message), json: toJSON(message) };
}

function reply(record: ReplyRecord<Dhcp4Message>, latencyUs: number): ReplyView {
	const m = record.reply;
	const type = typeOf(m);
	const nak = type === 6;
	const message = optionData(m.options, 56);
	const option = (code: number): Uint8Array | undefined => optionData(m.options, code);
	const server = serverIdText(m);
	return {
		...packet(m),
		from: `${record.from.address}:${record.from.port}`,
		fromAddress: record.from.address,
		latencyUs,
		attempt: record.attempt,
		server: server === '0.0.0.0' ? record.from.address : server,
		positive: !nak,
		// The server's message as the dump prints it: quoted and escaped unless it is plain text.
		...(nak ? { failure: `NAK${message ? `: ${formatString(message)}` : ''}` } : {}),
		...(m.yiaddr !== '0.0.0.0' ? { address: m.yiaddr } : {}),
		option,
		facts: {
			space: dhcp4Options,
			fields: {
				yiaddr: m.yiaddr,
				ciaddr: m.ciaddr,
				siaddr: m.siaddr,
				giaddr: m.giaddr,
				server,
				from: record.from.address,
				type: messageTypeName(type).replace(/^DHCP/, '').toLowerCase(),
				latency: latencyUs / 1000,
				address: m.yiaddr,
				xid: m.xid,
			},
			option,
		},
	};
}

export function outcome4(run: Probe4Run, command: ProbeOutcome['command'], waitedS: number): ProbeOutcome {
	const steps: StepView[] = run.steps.map((s) => ({
		name: s.name,
		request: packet(s.request),
		to: s.to,
		expectsReply: s.expectsReply,
		replies: s.replies.map((r) => reply(r, r.latencyUs)),
		attempts: s.attempts,
		ended: s.ended,
	}));
	return { family: 4, command, path: run.path, warnings: run.warnings, steps, ignored: ignoredTotal(run.ignoredBy), ignoredBy: run.ignoredBy, space: dhcp4Options, waitedS };
}
