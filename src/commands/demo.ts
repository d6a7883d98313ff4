import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ExitCode, UserError } from '../exit-codes.js';
import { labDown, labExecArgs, labStats, labUp, type LabInfo } from '../lab/index.js';
import { formatLabInfo, formatStatistics } from '../lab/present.js';
import type { Command } from './command.js';
import { whileInterruptible } from '../os/interrupt.js';

const DEMO_LAB = 'demo';
const BIN = fileURLToPath(new URL('../../bin/dhcpulse.js', import.meta.url));

/** One step of the demo, run against the live lab. */
interface DemoStep {
	title: string;
	run(info: LabInfo, signal: AbortSignal): Promise<void>;
}

/**
 * Runs `dhcpulse ARGS…` inside the lab's client namespace with the terminal attached, exactly
 * as a user would type it after `dhcpulse lab exec --`. Rejects when it exits with a code not
 * `accepted`; an abort kills it.
 */
export function runDhcpulseInLab(info: LabInfo, args: string[], signal: AbortSignal, accepted: readonly number[] = [0]): Promise<void> {
	const [cmd, ...prefix] = labExecArgs(info);
	return new Promise((resolve, reject) => {
		const child = spawn(cmd!, [...prefix, process.execPath, BIN, ...args], { stdio: 'inherit' });
		const onAbort = (): void => {
			child.kill('SIGTERM');
		};
		signal.addEventListener('abort', onAbort, { once: true });
		child.on('error', reject);
		child.on('close', (code, sig) => {
			signal.removeEventListener('abort', onAbort);
			if (code !== null && accepted.includes(code)) resolve();
			else reject(new UserError(`demo: dhcpulse ${args.join(' ')} ended with ${code ?? sig}`));
		});
	});
}

/**
 * The demo's steps, in order. Extension points: the probe step goes after "lab status"
 * (e.g. `runDhcpulseInLab(info, ['probe', …], signal)` on the on-link interface and through
 * the relay), and the short load run with the live dashboard after it; both run inside the
 * lab's client namespace through {@link runDhcpulseInLab}. The Kea statistics stay last so they
 * show what the earlier steps did to the server.
 */
const STEPS: DemoStep[] = [
	{
		title: 'lab status',
		run: async (info) => {
			process.stdout.write(formatLabInfo(info));
		},
	},
	{
		title: 'probe on-link: dhcpulse discover -i dpl-cli0 (a real DISCOVER from 0.0.0.0:68)',
		run: (info, signal) => runDhcpulseInLab(info, ['discover', '-i', info.clientIface, '--mac', info.reservation.hwAddress], signal),
	},
	{
		title: 'probe as a relay agent: dhcpulse lease --server 198.19.0.1 --giaddr 198.19.0.2 (DORA, then RELEASE)',
		run: (info, signal) => runDhcpulseInLab(info, ['lease', '--server', info.relayServerAddr4, '--giaddr', info.relayAddr4, '--expect', `yiaddr in ${info.relaySubnet4}`, '--nagios'], signal),
	},
	{
		// On a terminal this shows the live dashboard (q stops early); in a pipe, plain interval lines.
		title: 'a short load run: dhcpulse perf 198.19.0.1 -r 1000 -R 20000 -p 5 (relayed DORA, live dashboard)',
		// A WARNING (exit 1: timeouts or a shortfall on a busy host) is a finding the report explains, not a failed demo.
		run: (info, signal) => runDhcpulseInLab(info, ['perf', info.relayServerAddr4, '-r', '1000', '-R', '20000', '-p', '5'], signal, [0, 1]),
	},
	{
		title: "the server's own statistics (Kea statistic-get-all)",
		run: async (info) => {
			process.stdout.write(formatStatistics(await labStats(info)));
		},
	},
];

const command: Command = {
	command: 'demo',
	describe: 'Bring up a Kea lab (installing Kea if missing), show what dhcpulse does with it, and remove it',
	async handler() {
		const controller = new AbortController();
		return whileInterruptible(
			(signal) => controller.abort(signal),
			async () => {
				try {
					// A demo lab left by an earlier, killed demo is ours to remove.
					await labDown(DEMO_LAB);
					process.stdout.write(`== bringing up lab ${DEMO_LAB} with ISC Kea DHCPv4\n`);
					const info = await labUp({ name: DEMO_LAB, server: 'kea4', install: true, signal: controller.signal });
					for (const step of STEPS) {
						if (controller.signal.aborted) throw new UserError(`demo interrupted by ${String(controller.signal.reason)}`);
						process.stdout.write(`\n== ${step.title}\n`);
						await step.run(info, controller.signal);
					}
					return ExitCode.OK;
				} finally {
					// Always down, even after a failure or a signal.
					await labDown(DEMO_LAB);
					process.stdout.write(`\n== lab ${DEMO_LAB} removed\n`);
				}
			},
		);
	},
};

export default command;
