/**
 * A whole DHCPv6 message as a value: inside an option (Relay Message, RFC 8415 §21.10;
 * lq-relay-data, RFC 5007 §4.1.2.4), on one line in the option value language, and as JSON with a
 * stable schema (docs/json-schema.md). Its options are read in the space the caller names: the
 * registry (option-defs.ts) holds this value type in its own rows, so it hands its space in late
 * (`() => dhcp6Options`), as DHCPv4's parameter list does, instead of being imported here.
 */
import { DecodeError, OptionValueError } from '../../wire/errors.js';
import { optionList, optionToJSON, type OptionSpace } from '../option-space.js';
import { enumOf, ipv6Address, normalizeName, parseInteger, splitKeyValue, splitTopLevel, uint8, unbracket, type ValueType } from '../types/index.js';
import { MAX_RELAY_DEPTH, MSG_TYPE_NAMES, isRelayType, msgTypeName } from './constants.js';
import { decodeAt, encode as encodeMessage, encodingLength as messageLength, isRelay, type Dhcp6ClientMessage, type Dhcp6Message, type Dhcp6RelayMessage } from './message.js';

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

/** The stable JSON form of a message (schema in docs/json-schema.md), its options read in `space`. */
export function messageJSON(message: Dhcp6Message, space: OptionSpace): Dhcp6MessageJSON {
	const options = message.options.map((o) => optionToJSON(space, o) as unknown as Dhcp6OptionJSON);
	if (isRelay(message)) {
		return { msgType: msgTypeJSON(message.msgType), hopCount: message.hopCount, linkAddress: message.linkAddress, peerAddress: message.peerAddress, options };
	}
	return { msgType: msgTypeJSON(message.msgType), transactionId: message.transactionId, options };
}

/** `0x1a2b3c`: transaction IDs print as six hex digits, as Wireshark and Kea's logs show them. */
export function formatTransactionId(id: number): string {
	return `0x${id.toString(16).padStart(6, '0')}`;
}

/**
 * How many Relay Message values are being decoded inside each other right now, so a value
 * decoded through the registry (e.g. while formatting) keeps the MAX_RELAY_DEPTH bound.
 */
let messageDepth = 0;

/**
 * A whole DHCPv6 message as an option value (Relay Message, RFC 8415 §21.10; lq-relay-data, RFC
 * 5007 §4.1.2.4), its options read in the space `getSpace` returns.
 */
export function dhcp6MessageValue(getSpace: () => OptionSpace): ValueType<Dhcp6Message> {
	return {
		kind: 'dhcp6-message',
		encodingLength: (m) => messageLength(m),
		encode: (m, buf, offset) => encodeMessage(m, buf, offset),
		decode(buf, offset, end) {
			messageDepth++;
			try {
				if (messageDepth > MAX_RELAY_DEPTH) throw new DecodeError('ERR_TOO_DEEP', offset, `relay messages nested more than ${MAX_RELAY_DEPTH} deep`);
				return decodeAt(buf, offset, end, messageDepth);
			} finally {
				messageDepth--;
			}
		},
		format: (m) => messageText(m, getSpace()),
		parse: (text) => parseMessageTextIn(text, getSpace()),
		toJSON: (m) => messageJSON(m, getSpace()),
	};
}

const msgTypeType = enumOf(uint8, 'msg-type', MSG_TYPE_NAMES);

/**
 * A message on one line in the option value language (the value of a Relay Message option):
 * `msg-type=SOLICIT, transaction-id=0x1a2b3c, options=[clientid=[…], elapsed-time=0 (0 s)]`.
 */
export function messageText(message: Dhcp6Message, space: OptionSpace): string {
	const options = `options=[${optionList(() => space).format(message.options)}]`;
	if (isRelay(message)) {
		return `msg-type=${msgTypeName(message.msgType)}, hop-count=${message.hopCount}, link-address=${message.linkAddress}, peer-address=${message.peerAddress}, ${options}`;
	}
	return `msg-type=${msgTypeName(message.msgType)}, transaction-id=${formatTransactionId(message.transactionId)}, ${options}`;
}

/** Inverse of {@link messageText}; throws OptionValueError. */
export function parseMessageTextIn(text: string, space: OptionSpace): Dhcp6Message {
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
	const options = optionsText === undefined ? [] : optionList(() => space).parse(unbracket(optionsText));
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
