/**
 * DHCPv6 messages for people and programs: a text dump in the spirit of dhcptest's (a header line,
 * then one option per line as `%5d (name): value`, nested options indented below their parent,
 * a relayed message indented below its Relay Message option), a one-line text form in the option
 * value language (the value of a Relay Message option), and JSON with a stable schema
 * (docs/json-schema.md).
 */
import { DecodeError, OptionValueError } from '../../wire/errors.js';
import { optionList, optionToJSON, type Option, type OptionSpace } from '../option-space.js';
import { enumOf, ipv6Address, normalizeName, parseInteger, splitKeyValue, splitTopLevel, uint8, unbracket, type ValueType } from '../types/index.js';
import { MSG_TYPE_NAMES, OptionCode, isRelayType, msgTypeName } from './constants.js';
import { isRelay, type Dhcp6ClientMessage, type Dhcp6Message, type Dhcp6RelayMessage } from './message.js';
import { containerOf, dhcp6Options } from './option-defs.js';

/** One option in JSON: `value` is the typed value (nested options and relayed messages inside it). */
export interface Dhcp6OptionJSON {
	code: number;
	/** Kea's name, or null for a code the registry does not know. */
	name: string | null;
	/** The typed value; the hex string for an unknown code; null when the content is malformed. */
	value: unknown;
	/** The option's data as lower-case hex. */
	hex: string;
	/** Present when the content does not fit the option's type. */
	error?: { code: string; offset: number; message: string };
}

export interface Dhcp6ClientMessageJSON {
	/** The RFC name (`ADVERTISE`), or the number for a type without one. */
	msgType: string | number;
	transactionId: number;
	options: Dhcp6OptionJSON[];
}

export interface Dhcp6RelayMessageJSON {
	msgType: string | number;
	hopCount: number;
	linkAddress: string;
	peerAddress: string;
	options: Dhcp6OptionJSON[];
}

export type Dhcp6MessageJSON = Dhcp6ClientMessageJSON | Dhcp6RelayMessageJSON;

function msgTypeJSON(code: number): string | number {
	return MSG_TYPE_NAMES[code] ?? code;
}

/** The stable JSON form of a message (schema in docs/json-schema.md). */
export function messageToJSON(message: Dhcp6Message): Dhcp6MessageJSON {
	const options = message.options.map((o) => optionToJSON(dhcp6Options, o) as unknown as Dhcp6OptionJSON);
	if (isRelay(message)) {
		return { msgType: msgTypeJSON(message.msgType), hopCount: message.hopCount, linkAddress: message.linkAddress, peerAddress: message.peerAddress, options };
	}
	return { msgType: msgTypeJSON(message.msgType), transactionId: message.transactionId, options };
}

/** `0x1a2b3c`: transaction IDs print as six hex digits, as Wireshark and Kea's logs show them. */
export function formatTransactionId(id: number): string {
	return `0x${id.toString(16).padStart(6, '0')}`;
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

const optionsType = (): ValueType<Option[]> => optionList(() => dhcp6Options);
const msgTypeType = enumOf(uint8, 'msg-type', MSG_TYPE_NAMES);

/**
 * A message on one line in the option value language (the value of a Relay Message option):
 * `msg-type=SOLICIT, transaction-id=0x1a2b3c, options=[clientid=[…], elapsed-time=0 (0 s)]`.
 */
export function formatMessageText(message: Dhcp6Message): string {
	const options = `options=[${optionsType().format(message.options)}]`;
	if (isRelay(message)) {
		return `msg-type=${msgTypeName(message.msgType)}, hop-count=${message.hopCount}, link-address=${message.linkAddress}, peer-address=${message.peerAddress}, ${options}`;
	}
	return `msg-type=${msgTypeName(message.msgType)}, transaction-id=${formatTransactionId(message.transactionId)}, ${options}`;
}

/** Inverse of {@link formatMessageText}; throws OptionValueError. */
export function parseMessageText(text: string): Dhcp6Message {
	const fields = new Map<string, string>();
	for (const part of splitTopLevel(unbracket(text.trim()), ',')) {
		if (part === '') continue;
		const kv = splitKeyValue(part);
		if (!kv) throw new OptionValueError(`expected name=value in a DHCPv6 message, got ${JSON.stringify(part)}`);
		fields.set(normalizeName(kv.key), kv.value);
	}
	const get = (name: string): string => {
		const v = fields.get(normalizeName(name));
		if (v === undefined) throw new OptionValueError(`a DHCPv6 message needs ${name}=…`);
		return v;
	};
	const msgType = msgTypeType.parse(get('msg-type'));
	const optionsText = fields.get('options');
	const options = optionsText === undefined ? [] : optionsType().parse(unbracket(optionsText));
	if (isRelayType(msgType)) {
		const relay: Dhcp6RelayMessage = {
			msgType,
			hopCount: parseInteger(get('hop-count'), 0, 0xff, 'hop-count'),
			linkAddress: ipv6Address.parse(get('link-address')),
			peerAddress: ipv6Address.parse(get('peer-address')),
			options,
		};
		return relay;
	}
	const message: Dhcp6ClientMessage = { msgType, transactionId: parseInteger(get('transaction-id'), 0, 0xffffff, 'transaction-id'), options };
	return message;
}

