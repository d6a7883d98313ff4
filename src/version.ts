/** dhcpulse's own version, as its package.json says (from src/ under tsx and from dist/ alike, one level below it). */
import { readFileSync } from 'node:fs';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
