#!/usr/bin/env node
// Thin launcher: the tool ships compiled to dist/ so no TypeScript loader runs in production.
// First: React's production build for the dashboards (dist/ui/react-mode.js says why).
import '../dist/ui/react-mode.js';
import { main } from '../dist/cli.js';

// The event loop drained while the command still waited on something that holds nothing alive (a
// callback that never came): Node would end with exit 0 and no output, a silent OK to a monitoring
// system. Said in one line, exit 3 (UNKNOWN).
process.once('beforeExit', () => {
	process.stderr.write('dhcpulse: internal error: the command stopped waiting on something that never happened, and ended without a verdict (a bug in dhcpulse: please report it with the command line)\n');
	process.exit(3);
});

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
		process.exit(3);
	},
);
