/**
 * The `[FMT]` overrides of the option value language shared by every space: dhcptest's scalar and
 * list format names plus Kea's type names, so `--option 60[hex]=4D53` and `--option 60[binary]=4D53`
 * both work. Formats that need a space's own types (dhcptest's `relayAgent`, `clientFQDN`, …) are
 * that space's (OptionSpace `formats`).
 */
import { arrayOf } from './composite.js';
import { domainList, fqdn } from './names.js';
import { binary, boolean, duration, empty, int16, int32, int8, ipv4Address, ipv6Address, ipv6Prefix, normalizeName, string, uint16, uint32, uint8 } from './scalars.js';
import type { ValueType } from './value-type.js';

const FORMATS: [string[], ValueType][] = [
	[['str', 'string', 'fullstring', 'text'], string],
	[['hex', 'binary', 'raw'], binary],
	[['ip', 'ipv4', 'ipv4-address', 'ipv4address'], ipv4Address],
	[['ips', 'ipv4s', 'ipv4-addresses'], arrayOf(ipv4Address)],
	[['ip6', 'ipv6', 'ipv6-address', 'ipv6address'], ipv6Address],
	[['ip6s', 'ipv6s', 'ipv6-addresses'], arrayOf(ipv6Address)],
	[['ip6prefix', 'ipv6-prefix'], ipv6Prefix],
	[['u8', 'uint8'], uint8],
	[['u16', 'uint16'], uint16],
	[['u32', 'uint32'], uint32],
	[['i8', 'int8'], int8],
	[['i16', 'int16'], int16],
	[['i32', 'int32'], int32],
	[['u8s', 'uint8s'], arrayOf(uint8)],
	[['u16s', 'uint16s'], arrayOf(uint16)],
	[['u32s', 'uint32s'], arrayOf(uint32)],
	[['bool', 'boolean'], boolean],
	[['duration', 'time', 'seconds'], duration],
	[['durations', 'times'], arrayOf(duration)],
	[['fqdn', 'name', 'domain'], fqdn],
	[['names', 'fqdns', 'domainsearch', 'domain-list'], domainList(false)],
	[['zerolength', 'empty', 'present'], empty],
];

const BY_NAME = new Map<string, ValueType>();
for (const [names, type] of FORMATS) for (const n of names) BY_NAME.set(normalizeName(n), type);

/** The type a `[FMT]` name stands for, or undefined. */
export function typeForFormat(name: string): ValueType | undefined {
	return BY_NAME.get(normalizeName(name));
}
