import type { Command } from './command.js';

/**
 * Every dhcpulse command lives in its own module under src/commands and is listed here once, in
 * the order `dhcpulse --help` lists them, each loaded only when needed.
 */
const modules: Record<string, () => Promise<{ default: unknown }>> = {
	version: () => import('./version.js'),
	lab: () => import('./lab.js'),
	demo: () => import('./demo.js'),
	messages: () => import('./messages.js'),
	discover: () => import('./discover.js'),
	ping: () => import('./ping.js'),
	lease: () => import('./lease.js'),
	perf: () => import('./perf.js'),
	report: () => import('./report.js'),
	check: () => import('./check.js'),
	capacity: () => import('./capacity.js'),
	listen: () => import('./listen.js'),
	decode: () => import('./decode.js'),
	options: () => import('./options.js'),
};

/**
 * The commands to register: only the one named on the line when it is one of them, so a start
 * loads that command's modules alone (`dhcpulse version`, run every minute by a monitoring
 * check, does not pay for Ink, React and the perf engine); every command for the top-level
 * help, shell completion or a mistyped name.
 */
export async function loadCommands(word?: string): Promise<Command[]> {
	const chosen = word !== undefined && Object.hasOwn(modules, word) ? [modules[word]!] : Object.values(modules);
	return (await Promise.all(chosen.map((load) => load()))).map((m) => m.default as Command);
}
