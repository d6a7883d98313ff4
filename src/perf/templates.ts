/**
 * perfdhcp's -T packet templates for DHCPv4 (perfdhcp(8) "TEMPLATES"; Kea src/bin/perfdhcp
 * test_control.cc sendDiscover4 / sendRequest4): a file of hexadecimal digits and spaces holding
 * a DHCP message without IP/UDP headers, the first for the DISCOVERs, the second for the
 * REQUESTs. perfdhcp patches fields at byte offsets given with -X (xid), -O (the MAC's last
 * octet), -E (secs), -S (the server-id option) and -I (the requested-IP option), and offers
 * defaults that do not all fall on those fields (its -O 35 and -S 54: Kea test_control.h). Here a
 * template is decoded as the DHCPv4 message it is, and each exchange patches xid, chaddr (and a
 * type-1 client identifier), secs and the values of options 54 and 50 where RFC 2131 §2 and the
 * message put them; an offset that is given must name that very place, or the run is refused.
 * Everything else (options, flags, sname, file) goes out as the template has it.
 */
import { decode as decodeDhcp4 } from '../codec/dhcp4/message.js';
import { findOptionOffset, isDhcp4 } from '../codec/dhcp4/fast.js';
import { MessageType } from '../codec/dhcp4/value-types.js';
import { UserError } from '../exit-codes.js';

/** The DHCPv4 templates as hex, checked (plain data, posted to workers as is). */
export interface Templates4 {
	discover: string;
	request: string | null;
}

/** The template offsets as given (-X, -O twice at most: one per template; -E, -S, -I: the REQUEST template's). */
export interface TemplateOffsets {
	xid: number[];
	random: number[];
	elapsed?: number;
	serverId?: number;
	requestedIp?: number;
}

/** A template file's text as bytes: hexadecimal digits, whitespace ignored (perfdhcp(8): "12B4 is the same as 1 2 B 4"). */
export function parseTemplateHex(file: string, text: string): Buffer {
	const digits = text.replace(/\s+/g, '');
	const bad = /[^0-9a-fA-F]/.exec(digits);
	if (bad) throw new UserError(`-T ${file}: ${JSON.stringify(bad[0])} is not a hexadecimal digit (a template is hex digits and spaces)`);
	if (digits.length === 0) throw new UserError(`-T ${file}: the template is empty`);
	if (digits.length % 2 !== 0) throw new UserError(`-T ${file}: an odd number of hexadecimal digits`);
	return Buffer.from(digits, 'hex');
}

const TYPE_NAME: Record<number, string> = { [MessageType.DISCOVER]: 'DHCPDISCOVER', [MessageType.REQUEST]: 'DHCPREQUEST' };

function checkOne(file: string, bytes: Buffer, type: number): void {
	if (!isDhcp4(bytes) || bytes[0] !== 1) throw new UserError(`-T ${file}: not a DHCPv4 request (op 1 and the magic cookie at octet 236, RFC 2131 §3)`);
	let message;
	try {
		message = decodeDhcp4(bytes);
	} catch (error) {
		throw new UserError(`-T ${file}: not a DHCPv4 message (${(error as Error).message})`);
	}
	const mt = message.options.find((o) => o.code === 53)?.data[0];
	if (mt !== type) throw new UserError(`-T ${file}: expected a ${TYPE_NAME[type]} template (option 53 = ${type}), got ${mt === undefined ? 'no message type' : `type ${mt}`}`);
	if (message.hlen !== 6) throw new UserError(`-T ${file}: hlen ${message.hlen}; the simulated clients have 6-octet MACs`);
	if (type === MessageType.REQUEST) {
		for (const code of [54, 50])
			if (!message.options.some((o) => o.code === code && o.data.length === 4))
				throw new UserError(`-T ${file}: a DHCPREQUEST template needs option ${code} (4 octets) for the ${code === 54 ? 'server identifier' : 'offered address'} each exchange writes into it`);
	}
}

/**
 * Checks the templates and the offsets given with them, in perfdhcp's terms: a one-line
 * UserError for a file that is not the DHCPv4 message it must be, or an offset that is not where
 * the field is.
 */
export function checkTemplates4(files: { file: string; bytes: Buffer }[], o: TemplateOffsets): Templates4 {
	const [first, second] = files;
	checkOne(first!.file, first!.bytes, MessageType.DISCOVER);
	if (second) checkOne(second.file, second.bytes, MessageType.REQUEST);
	const where = (flag: string, given: number | undefined, at: number, what: string): void => {
		if (given !== undefined && given !== at) throw new UserError(`${flag} ${given}: ${what} is at octet ${at} of the template; dhcpulse writes it there`);
	};
	if (o.xid.length > files.length || o.random.length > files.length) throw new UserError(`${o.xid.length > files.length ? '-X' : '-O'}: one value per -T template, and there ${files.length === 1 ? 'is one' : 'are two'}`);
	files.forEach((_, k) => {
		// perfdhcp repeats a single -X / -O for the second template.
		where('-X', o.xid[k] ?? o.xid[0], 4, 'the xid (RFC 2131 §2)');
		where('-O', o.random[k] ?? o.random[0], 33, "the MAC's last octet (chaddr, RFC 2131 §2)");
	});
	if (second) {
		where('-E', o.elapsed === 0 ? undefined : o.elapsed, 8, 'secs (RFC 2131 §2)');
		// perfdhcp places the whole option (code, length, value) at -S / -I: the option's first octet.
		where('-S', o.serverId, findOptionOffset(second.bytes, 54) - 2, 'option 54');
		where('-I', o.requestedIp, findOptionOffset(second.bytes, 50) - 2, 'option 50');
	} else {
		const request = o.elapsed !== undefined ? '-E' : o.serverId !== undefined ? '-S' : o.requestedIp !== undefined ? '-I' : null;
		if (request) throw new UserError(`${request}: an offset in the REQUEST template; give it with a second -T (as perfdhcp)`);
	}
	return { discover: first!.bytes.toString('hex'), request: second ? second.bytes.toString('hex') : null };
}
