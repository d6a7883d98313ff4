/** DHCPv6 probe runs as family-neutral outcomes (outcome.ts), for the judge and the presenters. */
import { decodeDuid, dhcp6Options, findOption, formatDuid, formatMessage, messageToJSON, msgTypeName, OptionCode, type Dhcp6ClientMessage, type Dhcp6Message } from '../codec/dhcp6/index.js';
import { formatIPv6 } from '../wire/address.js';
import type { ReplyRecord } from './exchange.js';
import { ignoredTotal } from './session.js';
import { grants, serverDuidBytes, type Probe6Run, type Reply6 } from './dhcp6.js';
import type { PacketView, ProbeOutcome, ReplyView, StepView } from './outcome.js';

function packet(inner: Dhcp6ClientMessage, wire: Dhcp6Message): PacketView {
	return { typeName: msgTypeName(inner.msgType), text: formatMessage(wire), json: messageToJSON(wire) };
}

/** `fe80::1%dpl-cli0` → `fe80::1`: allow-lists and --expect compare addresses without a zone. */
function withoutZone(address: string): string {
	const i = address.indexOf('%');
	return i < 0 ? address : address.slice(0, i);
}

function hex(bytes: Uint8Array, separator: string): string {
	return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(separator);
}

function reply(record: ReplyRecord<Reply6>): ReplyView {
	const m = record.reply.message;
	const { assessment } = record.reply;
	const option = (code: number): Uint8Array | undefined => findOption(m, code)?.data;
	const fromAddress = withoutZone(record.from.address);
	const duid = serverDuidBytes(m);
	const unicastData = option(OptionCode.UNICAST);
	const unicast = unicastData?.length === 16 ? formatIPv6(unicastData) : undefined;
	const server = duid ? formatDuid(decodeDuid(duid)) : fromAddress;
	const granted = grants(m);
	const type = msgTypeName(m.msgType);
	return {
		...packet(m, record.reply.wire),
		from: `[${record.from.address}]:${record.from.port}`,
		fromAddress,
		latencyUs: record.latencyUs,
		attempt: record.attempt,
		server,
		// A DUID is easier to copy as hex (`00:01:00:01:…`, as Kea prints it) than as its text form;
		// the Server Unicast option (RFC 8415 §21.12) is an address the server says it has.
		...(duid || unicast ? { serverAliases: [...(duid ? [hex(duid, ':'), hex(duid, '')] : []), ...(unicast ? [unicast] : [])] } : {}),
		positive: assessment.positive,
		...(assessment.failure ? { failure: assessment.failure } : {}),
		...granted,
		option,
		facts: {
			space: dhcp6Options,
			fields: {
				address: granted.address,
				prefix: granted.prefix,
				server,
				from: fromAddress,
				type: type.toLowerCase(),
				latency: record.latencyUs / 1000,
				xid: m.transactionId,
			},
			option,
		},
	};
}

export function outcome6(run: Probe6Run, command: ProbeOutcome['command'], waitedS: number): ProbeOutcome {
	const steps: StepView[] = run.steps.map((s) => ({
		name: s.name,
		request: packet(s.request, s.wire),
		to: s.to,
		expectsReply: true,
		...(s.closing ? { closing: true } : {}),
		replies: s.replies.map(reply),
		attempts: s.attempts,
		ended: s.ended,
	}));
	return { family: 6, command, path: run.path, warnings: run.warnings, steps, ignored: ignoredTotal(run.ignoredBy), ignoredBy: run.ignoredBy, space: dhcp6Options, waitedS };
}
