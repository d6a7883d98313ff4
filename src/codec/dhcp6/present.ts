/**
 * DHCPv6 messages for people and programs: a text dump in the spirit of dhcptest's (a header line,
 * then one option per line as `%5d (name): value`, nested options indented below their parent,
 * a relayed message indented below its Relay Message option), and the one-line text form and the
 * JSON of message-value.ts read in the DHCPv6 registry.
 */
import { DecodeError } from '../../wire/errors.js';
import type { Option, OptionSpace } from '../option-space.js';
import { OptionCode, msgTypeName } from './constants.js';
import { isRelay, type Dhcp6Message } from './message.js';
import { formatTransactionId, messageJSON, messageText, parseMessageTextIn, type Dhcp6MessageJSON } from './message-value.js';
import { containerOf, dhcp6Options } from './option-defs.js';

export { formatTransactionId, type Dhcp6ClientMessageJSON, type Dhcp6MessageJSON, type Dhcp6OptionJSON, type Dhcp6RelayMessageJSON } from './message-value.js';

/** The stable JSON form of a message (schema in docs/json-schema.md). */
export function messageToJSON(message: Dhcp6Message): Dhcp6MessageJSON {
	return messageJSON(message, dhcp6Options);
}

function headerLine(message: Dhcp6Message): string {
	if (isRelay(message)) {
		return `msg-type=${msgTypeName(message.msgType)} hop-count=${message.hopCount} link-address=${message.linkAddress} peer-address=${message.peerAddress}`;
	}
	return `msg-type=${msgTypeName(message.msgType)} transaction-id=${formatTransactionId(message.transactionId)}`;
}

const NEST = '    ';

function optionLines(options: readonly Option[], space: OptionSpace, indent: string, relay: boolean, out: string[]): void {
	for (const option of options) {
		const def = space.byCode(option.code);
		const label = `${indent}${String(option.code).padStart(5)} (${def ? def.name : 'unknown'})`;
		const type = space.typeOf(option.code);
		let value: unknown;
		try {
			value = type.decode(option.data, 0, option.data.length);
		} catch (error) {
			if (!(error instanceof DecodeError)) throw error;
			// Content that does not fit its type prints as hex, which still parses back (CODE[hex]=…).
			out.push(`${label}[hex]: ${space.formatValue(option).text}`);
			continue;
		}
		// Every line carries the option's whole value, nested options and relayed messages included,
		// so any printed line pastes back (`--option CODE=VALUE`) to the option's exact bytes; the
		// lines indented below a container or a Relay Message are the same content, one per line.
		const text = type.format(value);
		out.push(text === '' ? `${label}:` : `${label}: ${text}`);
		if (def && space === dhcp6Options && option.code === OptionCode.RELAY_MSG && relay) {
			messageLines(value as Dhcp6Message, `${indent}${NEST}${NEST}`, out);
			continue;
		}
		const view = def ? containerOf(type) : undefined;
		if (view) optionLines(view.children(value), view.space(value), `${indent}${NEST}`, false, out);
	}
}

function messageLines(message: Dhcp6Message, indent: string, out: string[]): void {
	out.push(`${indent}${headerLine(message)}`);
	optionLines(message.options, dhcp6Options, indent, isRelay(message), out);
}

/**
 * The text dump of a message: a header line (`msg-type=ADVERTISE transaction-id=0x1a2b3c`, or
 * `msg-type=RELAY-FORW hop-count=0 link-address=… peer-address=…`), then one line per option.
 * Every option's printed value parses back (`--option CODE=VALUE`) to the same bytes; an option
 * that holds options prints its whole value (`…, options=[…]`), and its children follow, indented.
 */
export function formatMessage(message: Dhcp6Message, indent = ''): string {
	const out: string[] = [];
	messageLines(message, indent, out);
	return out.join('\n');
}

/**
 * A message on one line in the option value language (the value of a Relay Message option):
 * `msg-type=SOLICIT, transaction-id=0x1a2b3c, options=[clientid=[…], elapsed-time=0 (0 s)]`.
 */
export function formatMessageText(message: Dhcp6Message): string {
	return messageText(message, dhcp6Options);
}

/** Inverse of {@link formatMessageText}; throws OptionValueError. */
export function parseMessageText(text: string): Dhcp6Message {
	return parseMessageTextIn(text, dhcp6Options);
}
