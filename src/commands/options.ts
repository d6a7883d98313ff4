import { UserError } from '../exit-codes.js';
import { DHCP4_SPACES, FRAMING_CODES } from '../codec/dhcp4/option-defs.js';
import { DHCP6_SPACES } from '../codec/dhcp6/option-defs.js';
import type { OptionDef, OptionSpace } from '../codec/option-space.js';
import { Group, footer } from './help.js';
import type { Command } from './command.js';

/** One row of the listing: a registry row and the space it belongs to. */
export interface OptionRow {
	space: string;
	code: number;
	/** Kea's name (the CLI's); for codes Kea does not define, IANA's name in Kea's spelling. */
	name: string;
	/** The RFC's long name, as the text dumps print it. */
	longName: string;
	/** The value type, in Kea's vocabulary where Kea has the type (`ipv4-address[]`, `record`, …). */
	type: string;
	ref: string | null;
	aliases: string[];
}

/** What the registry of one family holds, and the counts the README quotes. */
export interface FamilyListing {
	family: 4 | 6;
	/** Option codes of the top-level space (DHCPv4 pad and end are framing, not counted). */
	codes: number;
	/** Rows of the spaces nested in options (relay agent, vendor, softwire, NTP, MoS sub-options). */
	subOptions: number;
	spaces: { name: string; options: OptionRow[] }[];
}

function rowOf(space: OptionSpace, def: OptionDef): OptionRow {
	return { space: space.name, code: def.code, name: def.name, longName: def.longName, type: def.type.kind, ref: def.ref ?? null, aliases: [...(def.aliases ?? [])] };
}

/** The registry of a family, as data: the command's JSON and the source of the README's counts. */
export function listFamily(family: 4 | 6): FamilyListing {
	const spaces = family === 4 ? DHCP4_SPACES : DHCP6_SPACES;
	const [top, ...nested] = spaces;
	return {
		family,
		codes: top!.defs.filter((d) => family === 6 || !FRAMING_CODES.has(d.code)).length,
		subOptions: nested.reduce((n, s) => n + s.defs.length, 0),
		spaces: spaces.map((s) => ({ name: s.name, options: [...s.defs].sort((a, b) => a.code - b.code).map((d) => rowOf(s, d)) })),
	};
}

/** The rows of the top-level space of `family` that `query` (a code or any name) names. */
function findRows(family: 4 | 6, query: string): OptionRow[] {
	const top = (family === 4 ? DHCP4_SPACES : DHCP6_SPACES)[0]!;
	const def = /^\d+$/.test(query.trim()) ? top.byCode(Number(query)) : top.byName(query);
	return def ? [rowOf(top, def)] : [];
}

/** Rows as aligned columns: code, name, type, reference, RFC name (the longest, last). */
function table(rows: readonly OptionRow[]): string {
	const width = (pick: (r: OptionRow) => string): number => Math.max(...rows.map((r) => pick(r).length));
	const w = { code: width((r) => String(r.code)), name: width((r) => r.name), type: width((r) => r.type), ref: width((r) => r.ref ?? '') };
	return rows.map((r) => `  ${String(r.code).padStart(w.code)}  ${r.name.padEnd(w.name)}  ${r.type.padEnd(w.type)}  ${(r.ref ?? '').padEnd(w.ref)}  ${r.longName}`.trimEnd()).join('\n');
}

function familyText(listing: FamilyListing): string {
	const v = `DHCPv${listing.family}`;
	const parts = listing.spaces.map((s, i) => `${s.name}: ${s.options.length} ${i === 0 ? 'options' : 'sub-options'}\n${table(s.options)}`);
	const framing = listing.family === 4 ? ' (pad and end are framing, not counted)' : '';
	return `${parts.join('\n\n')}\n\n${v}: ${listing.codes} option codes${framing}, ${listing.subOptions} sub-options in ${listing.spaces.length - 1} nested spaces\n`;
}

/** `dhcpulse options [-4|-6] [--json] [CODE|NAME]`: what the option registries know. */
const command: Command = {
	command: 'options [option]',
	describe: 'List the option registry: code, Kea name, value type, defining RFC and RFC name of every DHCPv4 and DHCPv6 option dhcpulse knows',
	builder: (yargs) =>
		footer(
			yargs
				.positional('option', { type: 'string', describe: 'show only this option: a code or any of its names' })
				.option('4', { type: 'boolean', describe: 'DHCPv4 only' })
				.option('6', { type: 'boolean', describe: 'DHCPv6 only' })
				.option('json', { type: 'boolean', default: false, describe: 'the listing as one JSON document' })
				.group(['4', '6'], Group.target)
				.group(['json'], Group.output),
			{
				examples: [
					['dhcpulse options -6', 'every DHCPv6 option and the sub-options of nested spaces'],
					['dhcpulse options -4 121', 'what option 121 is: its names, value type and RFC'],
					['dhcpulse options s46-cont-mape', 'look an option up by name, in both families'],
				],
				exitCodes: ['0 OK       printed', '3 UNKNOWN  no such option, or -4 with -6'],
			},
		),
	handler(argv) {
		if (argv['4'] && argv['6']) throw new UserError('options: -4 and -6 exclude each other');
		const families: (4 | 6)[] = argv['4'] ? [4] : argv['6'] ? [6] : [4, 6];
		const query = argv.option as string | undefined;
		const json = argv.json === true;
		if (query !== undefined) {
			const rows = families.flatMap((f) => findRows(f, query).map((r) => ({ family: f, ...r })));
			if (rows.length === 0) throw new UserError(`options: no ${families.length === 1 ? `DHCPv${families[0]} ` : ''}option ${JSON.stringify(query)} (dhcpulse options lists them all)`);
			process.stdout.write(json ? `${JSON.stringify(rows)}\n` : `${rows.map((r) => `DHCPv${r.family} ${r.space}\n${table([r])}${r.aliases.length ? `\n  also: ${r.aliases.join(', ')}` : ''}`).join('\n\n')}\n`);
			return;
		}
		const listings = families.map(listFamily);
		process.stdout.write(json ? `${JSON.stringify(listings)}\n` : listings.map(familyText).join('\n'));
	},
};

export default command;
