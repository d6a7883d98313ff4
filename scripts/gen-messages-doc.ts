// Writes docs/messages.md from the message catalogue (src/log/messages.ts).
// Run: npm run messages:doc. test/log-catalogue.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { renderMarkdown } from '../src/log/manual.js';

const target = new URL('../docs/messages.md', import.meta.url);
writeFileSync(target, renderMarkdown());
process.stdout.write(`wrote ${target.pathname}\n`);
