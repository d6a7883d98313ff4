#!/usr/bin/env node
// Thin launcher: the tool ships compiled to dist/ so no TypeScript loader runs in production.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
	(code) => {
		// Exit now rather than when the event loop drains: during that teardown Node closes its
		// signal handles and the kernel's default action returns, so a SIGUSR1 (status dump) that
		// arrives then killed the process (status 138). Output is written by now: file and pipe
		// writes are synchronous on Linux, log files flush on 'exit'.
		// A write to standard output that failed (cli.ts, tolerateClosedStdio) set exitCode 3.
		process.exit(code !== 0 ? code : Number(process.exitCode ?? 0));
	},
	(error) => {
		// main() reports its own errors; this is the last guard against a stack trace.
		process.stderr.write(`dhcpulse: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 3;
	},
);
