/**
 * The paste-back promise over arbitrary content: for every row of every option space of both
 * families, whatever bytes an option holds, the printed value (typed, or `[hex]` when the bytes
 * do not fit the type) parses back through CODE[FMT]=VALUE to exactly those bytes, and printing
 * never throws anything but what it promises (nothing).
 */
import test from 'ava';
import { DHCP4_SPACES } from '../src/codec/dhcp4/option-defs.js';
import { DHCP6_SPACES } from '../src/codec/dhcp6/option-defs.js';
import { mulberry32 } from '../src/prng.js';

const SEED = Number(process.env.DHCPULSE_FUZZ_SEED ?? 0x26) >>> 0;

test('every option of every space prints any content in a form that parses back to the same bytes', (t) => {
	const random = mulberry32(SEED);
	const byte = (): number => Math.floor(random() * 256);
	let checked = 0;
	let typed = 0;
	for (const space of [...DHCP4_SPACES, ...DHCP6_SPACES]) {
		for (const def of space.defs) {
			if (space.codeWidth === 1 && (def.code === 0 || def.code === 255) && space.name === 'dhcp4') continue;
			// The option's own sample bytes (what its type writes) and random bytes of many lengths.
			for (let n = 0; n < 48; n++) {
				const data = Buffer.from(Array.from({ length: n % 24 === 0 ? 0 : Math.floor(random() * 40) }, byte));
				const option = { code: def.code, data };
				const { text, format } = space.formatValue(option);
				if (!format) typed++;
				const spec = `${def.code}${format ? `[${format}]` : ''}=${text}`;
				let back: Uint8Array | undefined;
				try {
					back = space.parseOption(spec).data;
				} catch (error) {
					t.fail(`seed ${SEED}: ${space.name} ${def.name}: ${spec} does not parse: ${(error as Error).message}`);
					continue;
				}
				if (!Buffer.from(back).equals(data)) t.fail(`seed ${SEED}: ${space.name} ${def.name}: ${data.toString('hex')} printed ${spec}, parses to ${Buffer.from(back).toString('hex')}`);
				checked++;
			}
		}
	}
	t.log(`${checked} random option values, ${typed} of them typed`);
	t.true(typed > 1000);
});
