/**
 * Typed reading of the options a DHCPv6 client cares about: identifiers, IAs with their
 * addresses and prefixes, and status codes wherever they sit (RFC 8415 §21.13: a Status Code
 * may be at the top level of a message, in an IA, or in an IA Address / IA Prefix), so a probe
 * can tell "NoAddrsAvail in IA_NA 1" from "UnspecFail for the whole message".
 *
 * Values are read straight from the option bytes; nothing is computed for options not asked for.
 * `decode` vouches for the framing of IAs and relay messages, not for the content of every option:
 * an accessor that meets content too short for its fields (a 0-byte Status Code) throws
 * DecodeError, with the offset inside that option's data.
 */
import { DecodeError } from '../../wire/errors.js';
import { decodeTlvs, type Option } from '../option-space.js';
import { ipv6ToString, textOf } from '../types/index.js';
import { OptionCode, statusCodeName } from './constants.js';
import { decodeDuid, type Duid } from './duid.js';
import type { Dhcp6Message } from './message.js';
import { dhcp6Options } from './option-defs.js';

export interface Status {
	code: number;
	/** `NoAddrsAvail`, or the number as text for a code without a name. */
	name: string;
	message: string;
}

export interface IaAddress {
	address: string;
	preferredLifetime: number;
	validLifetime: number;
	status?: Status;
	/** The IAADDR-options as on the wire. */
	options: Option[];
}

export interface IaPrefix {
	prefix: string;
	prefixLength: number;
	preferredLifetime: number;
	validLifetime: number;
	status?: Status;
	options: Option[];
}

export interface IaNa {
	iaid: number;
	t1: number;
	t2: number;
	addresses: IaAddress[];
	status?: Status;
	options: Option[];
}

export interface IaTa {
	iaid: number;
	addresses: IaAddress[];
	status?: Status;
	options: Option[];
}

export interface IaPd {
	iaid: number;
	t1: number;
	t2: number;
	prefixes: IaPrefix[];
	status?: Status;
	options: Option[];
}

/** Where a status code was found. */
export interface StatusAt extends Status {
	scope: 'message' | 'ia-na' | 'ia-ta' | 'ia-pd' | 'iaaddr' | 'iaprefix';
	iaid?: number;
	address?: string;
	prefix?: string;
}

type OptionsHolder = Dhcp6Message | readonly Option[];

function listOf(holder: OptionsHolder): readonly Option[] {
	return Array.isArray(holder) ? (holder as readonly Option[]) : (holder as Dhcp6Message).options;
}

/** The first option with `code`, or undefined. */
export function findOption(holder: OptionsHolder, code: number): Option | undefined {
	const options = listOf(holder);
	for (let i = 0; i < options.length; i++) if (options[i]!.code === code) return options[i];
	return undefined;
}

/** Every option with `code`, in wire order. */
export function findOptions(holder: OptionsHolder, code: number): Option[] {
	return listOf(holder).filter((o) => o.code === code);
}

/** The typed value of the first option with `code` (registry type); throws DecodeError when malformed. */
export function optionValue<T = unknown>(holder: OptionsHolder, code: number): T | undefined {
	const option = findOption(holder, code);
	return option ? (dhcp6Options.decodeValue(option) as T) : undefined;
}

function u32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

function short(option: Option, size: number, what: string): void {
	if (option.data.length < size) throw new DecodeError('ERR_BAD_LENGTH', 0, `${what}: ${option.data.length} bytes, needs ${size}`);
}

export function clientIdBytes(holder: OptionsHolder): Uint8Array | undefined {
	return findOption(holder, OptionCode.CLIENTID)?.data;
}

export function serverIdBytes(holder: OptionsHolder): Uint8Array | undefined {
	return findOption(holder, OptionCode.SERVERID)?.data;
}

export function clientId(holder: OptionsHolder): Duid | undefined {
	const data = clientIdBytes(holder);
	return data ? decodeDuid(data) : undefined;
}

export function serverId(holder: OptionsHolder): Duid | undefined {
	const data = serverIdBytes(holder);
	return data ? decodeDuid(data) : undefined;
}

/** Reads a Status Code option's content (RFC 8415 §21.13). */
export function readStatus(option: Option): Status {
	short(option, 2, 'status-code');
	const code = (option.data[0]! << 8) | option.data[1]!;
	return { code, name: statusCodeName(code), message: textOf(option.data.subarray(2)) };
}

/** The top-level Status Code of a message (or of an option list), if any. */
export function status(holder: OptionsHolder): Status | undefined {
	const option = findOption(holder, OptionCode.STATUS_CODE);
	return option ? readStatus(option) : undefined;
}

function statusIn(options: readonly Option[]): Status | undefined {
	const option = findOption(options, OptionCode.STATUS_CODE);
	return option ? readStatus(option) : undefined;
}

function sub(option: Option, head: number): Option[] {
	return decodeTlvs(option.data, head, option.data.length, dhcp6Options);
}

/** Reads an IA Address option (RFC 8415 §21.6). */
export function readIaAddress(option: Option): IaAddress {
	short(option, 24, 'iaaddr');
	const options = sub(option, 24);
	const out: IaAddress = { address: ipv6ToString(option.data, 0), preferredLifetime: u32(option.data, 16), validLifetime: u32(option.data, 20), options };
	const s = statusIn(options);
	if (s) out.status = s;
	return out;
}

/** Reads an IA Prefix option (RFC 8415 §21.22). */
export function readIaPrefix(option: Option): IaPrefix {
	short(option, 25, 'iaprefix');
	const options = sub(option, 25);
	const out: IaPrefix = {
		prefix: ipv6ToString(option.data, 9),
		prefixLength: option.data[8]!,
		preferredLifetime: u32(option.data, 0),
		validLifetime: u32(option.data, 4),
		options,
	};
	const s = statusIn(options);
	if (s) out.status = s;
	return out;
}

/** Reads an IA_NA option (RFC 8415 §21.4). */
export function readIaNa(option: Option): IaNa {
	short(option, 12, 'ia-na');
	const options = sub(option, 12);
	const out: IaNa = { iaid: u32(option.data, 0), t1: u32(option.data, 4), t2: u32(option.data, 8), addresses: findOptions(options, OptionCode.IAADDR).map(readIaAddress), options };
	const s = statusIn(options);
	if (s) out.status = s;
	return out;
}

/** Reads an IA_TA option (RFC 8415 §21.5). */
export function readIaTa(option: Option): IaTa {
	short(option, 4, 'ia-ta');
	const options = sub(option, 4);
	const out: IaTa = { iaid: u32(option.data, 0), addresses: findOptions(options, OptionCode.IAADDR).map(readIaAddress), options };
	const s = statusIn(options);
	if (s) out.status = s;
	return out;
}

/** Reads an IA_PD option (RFC 8415 §21.21). */
export function readIaPd(option: Option): IaPd {
	short(option, 12, 'ia-pd');
	const options = sub(option, 12);
	const out: IaPd = { iaid: u32(option.data, 0), t1: u32(option.data, 4), t2: u32(option.data, 8), prefixes: findOptions(options, OptionCode.IAPREFIX).map(readIaPrefix), options };
	const s = statusIn(options);
	if (s) out.status = s;
	return out;
}

export function iaNas(holder: OptionsHolder): IaNa[] {
	return findOptions(holder, OptionCode.IA_NA).map(readIaNa);
}

export function iaTas(holder: OptionsHolder): IaTa[] {
	return findOptions(holder, OptionCode.IA_TA).map(readIaTa);
}

export function iaPds(holder: OptionsHolder): IaPd[] {
	return findOptions(holder, OptionCode.IA_PD).map(readIaPd);
}

function iaidOf(option: Option): number {
	return option.data.length >= 4 ? u32(option.data, 0) : -1;
}

/** The IA_NA with this IAID, or undefined. */
export function findIaNa(holder: OptionsHolder, iaid: number): IaNa | undefined {
	const option = listOf(holder).find((o) => o.code === OptionCode.IA_NA && iaidOf(o) === iaid);
	return option ? readIaNa(option) : undefined;
}

export function findIaTa(holder: OptionsHolder, iaid: number): IaTa | undefined {
	const option = listOf(holder).find((o) => o.code === OptionCode.IA_TA && iaidOf(o) === iaid);
	return option ? readIaTa(option) : undefined;
}

/** The IA_PD with this IAID, or undefined. */
export function findIaPd(holder: OptionsHolder, iaid: number): IaPd | undefined {
	const option = listOf(holder).find((o) => o.code === OptionCode.IA_PD && iaidOf(o) === iaid);
	return option ? readIaPd(option) : undefined;
}

/** Every address leased in the message's IA_NA and IA_TA options, with the IAID it belongs to. */
export function leasedAddresses(holder: OptionsHolder): (IaAddress & { iaid: number })[] {
	const out: (IaAddress & { iaid: number })[] = [];
	for (const ia of [...iaNas(holder), ...iaTas(holder)]) for (const a of ia.addresses) out.push({ ...a, iaid: ia.iaid });
	return out;
}

/** Every delegated prefix in the message's IA_PD options, with the IAID it belongs to. */
export function delegatedPrefixes(holder: OptionsHolder): (IaPrefix & { iaid: number })[] {
	const out: (IaPrefix & { iaid: number })[] = [];
	for (const ia of iaPds(holder)) for (const p of ia.prefixes) out.push({ ...p, iaid: ia.iaid });
	return out;
}

/**
 * Every Status Code in the message, top level first, then per IA in wire order, each with where
 * it was found. RFC 8415 §18.3: an IA with NoAddrsAvail / NoPrefixAvail means the server has
 * nothing for that IA while the message as a whole may still succeed.
 */
export function statusCodes(holder: OptionsHolder): StatusAt[] {
	const out: StatusAt[] = [];
	const options = listOf(holder);
	for (const o of options) if (o.code === OptionCode.STATUS_CODE) out.push({ scope: 'message', ...readStatus(o) });
	for (const o of options) {
		const scope = o.code === OptionCode.IA_NA ? 'ia-na' : o.code === OptionCode.IA_TA ? 'ia-ta' : o.code === OptionCode.IA_PD ? 'ia-pd' : undefined;
		if (!scope) continue;
		const head = o.code === OptionCode.IA_TA ? 4 : 12;
		short(o, head, scope);
		const iaid = u32(o.data, 0);
		// Addresses and prefixes are only read into text when they carry a status of their own.
		for (const s of sub(o, head)) {
			if (s.code === OptionCode.STATUS_CODE) out.push({ scope, iaid, ...readStatus(s) });
			else if (s.code === OptionCode.IAADDR && o.code !== OptionCode.IA_PD) {
				short(s, 24, 'iaaddr');
				for (const c of sub(s, 24)) if (c.code === OptionCode.STATUS_CODE) out.push({ scope: 'iaaddr', iaid, address: ipv6ToString(s.data, 0), ...readStatus(c) });
			} else if (s.code === OptionCode.IAPREFIX && o.code === OptionCode.IA_PD) {
				short(s, 25, 'iaprefix');
				for (const c of sub(s, 25)) if (c.code === OptionCode.STATUS_CODE) out.push({ scope: 'iaprefix', iaid, prefix: `${ipv6ToString(s.data, 9)}/${s.data[8]}`, ...readStatus(c) });
			}
		}
	}
	return out;
}

/** Elapsed Time in hundredths of a second (RFC 8415 §21.9), or undefined. */
export function elapsedTime(holder: OptionsHolder): number | undefined {
	const o = findOption(holder, OptionCode.ELAPSED_TIME);
	return o && o.data.length === 2 ? (o.data[0]! << 8) | o.data[1]! : undefined;
}

/** Server Preference (RFC 8415 §21.8); an ADVERTISE without one counts as 0 (§18.2.9). */
export function preference(holder: OptionsHolder): number {
	const o = findOption(holder, OptionCode.PREFERENCE);
	return o && o.data.length === 1 ? o.data[0]! : 0;
}

export function hasRapidCommit(holder: OptionsHolder): boolean {
	return findOption(holder, OptionCode.RAPID_COMMIT) !== undefined;
}

/** The option codes requested in the Option Request option (RFC 8415 §21.7). */
export function requestedOptions(holder: OptionsHolder): number[] {
	return optionValue<number[]>(holder, OptionCode.ORO) ?? [];
}

export function dnsServers(holder: OptionsHolder): string[] {
	return optionValue<string[]>(holder, OptionCode.DNS_SERVERS) ?? [];
}

export function domainSearch(holder: OptionsHolder): string[] {
	return optionValue<string[]>(holder, OptionCode.DOMAIN_SEARCH) ?? [];
}
