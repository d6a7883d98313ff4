/**
 * Mounts the Ink dashboard for a load run and keeps it cheap: the engine may push snapshots as
 * often as it likes; at most `maxFps` of them are rendered, the rest are coalesced into the
 * newest. A frame costs a few ms of the main thread's event loop (measured with Ink 6.8: a 22-line frame at 10 Hz took 3.4 ms on average, 12 ms at most), so
 * 8 fps is ~2–3 % of a core — the dashboard must not limit the generator.
 *
 * While mounted, stdout/stderr log lines (src/log console sinks) are taken with
 * `setConsoleSink` and handed to Ink's own stdout/stderr writers, which erase the live area,
 * print the lines and redraw the frame below them: the lines scroll up above the dashboard and
 * the frame is never torn. Lines are batched over a short window so a burst of warnings costs
 * one redraw, not one per line.
 */
import { render, useStderr, useStdout, type Instance } from 'ink';
import { useLayoutEffect, type ReactElement } from 'react';
import type { PerfSnapshot } from '../perf/snapshot.js';
import { setConsoleSink, type ConsoleStream } from '../log/index.js';
import { Dashboard } from './Dashboard.js';

export interface StartDashboardOptions {
	/** The first frame (state `starting` is fine). */
	initial: PerfSnapshot;
	/** `q` or Ctrl-C (stdin is raw, so Ctrl-C is a key here, not SIGINT): stop, drain, report. */
	onQuit: () => void;
	/** `p`: pause or resume sending. */
	onTogglePause: () => void;
	/** `+` / `-`: the new asked rate (±10 %, ≥ 1/s). */
	onRateChange: (newRate: number) => void;
	/** Default: process.stdout / process.stdin / process.stderr. Tests pass fake TTY streams. */
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	stderr?: NodeJS.WriteStream;
	/**
	 * Most frames per second, for both the snapshot rendering and Ink's own output throttle.
	 * @default 8
	 */
	maxFps?: number;
}

export interface DashboardStats {
	/** Snapshots handed to `update()`. */
	updates: number;
	/** Frames actually rendered (React render + Yoga layout + output), the initial one included. */
	renders: number;
	/** Main-thread time spent rendering those frames, ms. */
	renderMs: number;
	/** Log lines printed above the live area. */
	logLines: number;
}

export interface DashboardHandle {
	/** Shows `snapshot` — now if the last frame is older than 1/maxFps, else at that moment (only the newest pending snapshot is drawn). */
	update(snapshot: PerfSnapshot): void;
	/**
	 * Draws `finalSnapshot` (or the newest one) immediately, prints pending log lines, unmounts
	 * (the last frame stays on screen, the cursor comes back) and gives log lines back to the
	 * process streams. Idempotent.
	 */
	stop(finalSnapshot?: PerfSnapshot): Promise<void>;
	/** Cost counters, e.g. for a status dump or the benchmark. */
	stats(): DashboardStats;
}

/** How long log lines are gathered before one redraw prints them all, ms. */
const LOG_BATCH_MS = 25;
/** A burst this large is printed at once rather than held. */
const LOG_BATCH_MAX = 500;

type Writer = (data: string) => void;

interface Bridge {
	stdout: Writer | null;
	stderr: Writer | null;
}

interface LiveRootProps {
	snapshot: PerfSnapshot;
	bridge: Bridge;
	onQuit: () => void;
	onTogglePause: () => void;
	onRateChange: (newRate: number) => void;
}

/** The dashboard plus a hand-over of Ink's "write above the live area" functions to startDashboard. */
function LiveRoot({ snapshot, bridge, onQuit, onTogglePause, onRateChange }: LiveRootProps): ReactElement {
	const { write: writeStdout } = useStdout();
	const { write: writeStderr } = useStderr();
	useLayoutEffect(() => {
		bridge.stdout = writeStdout;
		bridge.stderr = writeStderr;
		return () => {
			bridge.stdout = null;
			bridge.stderr = null;
		};
	}, [bridge, writeStdout, writeStderr]);
	return <Dashboard snapshot={snapshot} onQuit={onQuit} onTogglePause={onTogglePause} onRateChange={onRateChange} />;
}

export function startDashboard(options: StartDashboardOptions): DashboardHandle {
	const maxFps = options.maxFps ?? 8;
	const frameMs = 1000 / maxFps;
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const bridge: Bridge = { stdout: null, stderr: null };
	const stats: DashboardStats = { updates: 0, renders: 0, renderMs: 0, logLines: 0 };
	let latest = options.initial;
	let lastRenderAt = 0;
	let frameTimer: NodeJS.Timeout | null = null;
	let stopping: Promise<void> | null = null;

	const tree = (snapshot: PerfSnapshot): ReactElement => (
		<LiveRoot
			snapshot={snapshot}
			bridge={bridge}
			onQuit={options.onQuit}
			onTogglePause={options.onTogglePause}
			onRateChange={options.onRateChange}
		/>
	);

	const started = performance.now();
	const instance: Instance = render(tree(latest), {
		stdout,
		stderr,
		stdin: options.stdin ?? process.stdin,
		maxFps,
		patchConsole: false,
		exitOnCtrlC: false,
		// Ink 6.8's incremental mode leaves stale lines when the frame's height changes (seen in tmux:
		// frames stacked instead of redrawing), so every frame is drawn whole.
		incrementalRendering: false,
	});
	stats.renders = 1;
	stats.renderMs = performance.now() - started;
	lastRenderAt = performance.now();

	function renderNow(): void {
		frameTimer = null;
		const t0 = performance.now();
		instance.rerender(tree(latest));
		const t1 = performance.now();
		stats.renders++;
		stats.renderMs += t1 - t0;
		lastRenderAt = t1;
	}

	// Log lines: queued in order with their stream, printed in runs of the same stream.
	let pending: { stream: ConsoleStream; line: string }[] = [];
	let logTimer: NodeJS.Timeout | null = null;

	function flushLogs(): void {
		if (logTimer) clearTimeout(logTimer);
		logTimer = null;
		const lines = pending;
		pending = [];
		let i = 0;
		while (i < lines.length) {
			const stream = lines[i]!.stream;
			let data = '';
			for (; i < lines.length && lines[i]!.stream === stream; i++) data += lines[i]!.line;
			const write = stream === 'stdout' ? bridge.stdout : bridge.stderr;
			if (write) write(data);
			else (stream === 'stdout' ? stdout : stderr).write(data);
		}
		stats.logLines += lines.length;
	}

	setConsoleSink((stream, line) => {
		pending.push({ stream, line: line.endsWith('\n') ? line : `${line}\n` });
		if (pending.length >= LOG_BATCH_MAX) flushLogs();
		else if (!logTimer) {
			logTimer = setTimeout(flushLogs, LOG_BATCH_MS);
			logTimer.unref();
		}
	});

	return {
		update(snapshot: PerfSnapshot): void {
			if (stopping) return;
			stats.updates++;
			latest = snapshot;
			if (frameTimer) return;
			const wait = lastRenderAt + frameMs - performance.now();
			if (wait <= 0) renderNow();
			else {
				frameTimer = setTimeout(renderNow, wait);
				frameTimer.unref();
			}
		},

		stop(finalSnapshot?: PerfSnapshot): Promise<void> {
			if (stopping) return stopping;
			stopping = (async () => {
				if (frameTimer) clearTimeout(frameTimer);
				if (finalSnapshot) latest = finalSnapshot;
				renderNow();
				flushLogs();
				instance.unmount();
				setConsoleSink(null);
				await instance.waitUntilExit();
			})();
			return stopping;
		},

		stats(): DashboardStats {
			return { ...stats };
		},
	};
}
