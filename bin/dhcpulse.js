#!/usr/bin/env node
// Thin launcher: the tool ships compiled to dist/ so no TypeScript loader runs in production.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		// main() reports its own errors; this is the last guard against a stack trace.
		process.stderr.write(`dhcpulse: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 3;
	},
);
