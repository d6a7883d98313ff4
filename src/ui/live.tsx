/**
 * Mounts the Ink dashboard for a load run and keeps it cheap: the engine may push snapshots as
 * often as it likes; at most `maxFps` of them are rendered, the rest are coalesced into the
 * newest. A frame costs a few ms of the main thread's event loop (measured with Ink 6.8: a 22-line frame at 10 Hz took 3.4 ms on average, 12 ms at most), so
 * 8 fps is ~2–3 % of a core — the dashboard must not limit the generator.
 *
 * While mounted, stdout/stderr log records (src/log console sinks) are taken with
 * `setConsoleSink` and shown in the events panel, so no line is ever written across the frame.
 * They are also kept, and printed as they were (above the summary) when the dashboard unmounts,
 * so none is lost; stderr lines go to stderr at once when stderr is not the terminal (`2>FILE`).
 *
 * When the run ends, the frame is replaced by a compact summary (Summary.tsx) which stays on
 * screen; the full text report follows it (observers/text-report.ts).
 */
import chalk from 'chalk';
import { render, useStderr, useStdout, type Instance } from 'ink';
import { useLayoutEffect, type ReactElement } from 'react';
import { setConsoleSink, type ConsoleStream, type SeverityName } from '../log/index.js';
import type { PerfEvent, PerfSnapshot } from '../perf/snapshot.js';
import type { Verdict } from '../perf/verdict.js';
import { Dashboard } from './Dashboard.js';
import { Summary } from './Summary.js';

export interface StartDashboardOptions {
	/** The first frame (state `starting` is fine). */
	initial: PerfSnapshot;
	/** `q` or Ctrl-C (stdin is raw, so Ctrl-C is a key here, not SIGINT): stop, drain, report. */
	onQuit: () => void;
	/** `p`: pause or resume sending. */
	onTogglePause: () => void;
	/** `+` / `-`: the new asked rate (±10 %, ≥ 1/s). */
	onRateChange: (newRate: number) => void;
	/** Keys typed before the first frame (early-keys.ts): q acted on at once, the others once the run is measuring (Dashboard.tsx). */
	earlyKeys?: string;
	/**
	 * The run's event clock (RunHandle.eventClockS): log records are stamped with it, so they fall
	 * among the run's events in the order things happened. Without it, the last snapshot's time,
	 * up to a collection late: a record could then sort before events that came before it, and a
	 * short panel hid it (a status dump, once in the full suite).
	 */
	eventClockS?: () => number;
	/** False: no colour, bold or inverse (NO_COLOR, TERM=dumb: should-use-dashboard.ts colorAllowed). Default true. */
	color?: boolean;
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
	/** Log lines taken from the console sinks while mounted. */
	logLines: number;
}

export interface DashboardHandle {
	/** Shows `snapshot` — now if the last frame is older than 1/maxFps, else at that moment (only the newest pending snapshot is drawn). */
	update(snapshot: PerfSnapshot): void;
	/**
	 * Draws the run's summary (with a verdict) or else the newest frame, prints the log lines
	 * held while mounted above it, unmounts (what was drawn last stays on screen, the cursor
	 * comes back) and gives log lines back to the process streams. Idempotent.
	 */
	stop(final?: FinalView): Promise<void>;
	/** Cost counters, e.g. for a status dump or the benchmark. */
	stats(): DashboardStats;
}

/** The end of a run: its last snapshot and, when it finished, its verdict (then the summary is drawn). */
export interface FinalView {
	snapshot: PerfSnapshot;
	verdict?: Verdict;
}

/** Log records kept for the events panel (it shows five at most). */
const PANEL_LOGS = 50;
/** Log lines kept to print when the dashboard unmounts; past this, only how many more there were. */
const HELD_MAX = 10_000;

type Writer = (data: string) => void;

interface Bridge {
	stdout: Writer | null;
	stderr: Writer | null;
}

interface LiveRootProps {
	view: FinalView;
	logEvents: readonly PerfEvent[];
	earlyKeys: string;
	onQuit: () => void;
	onTogglePause: () => void;
	onRateChange: (newRate: number) => void;
}

const LEVEL: Record<SeverityName, PerfEvent['level']> = { FATAL: 'error', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'info' };

/**
 * The default pattern's lead (log/pattern.ts DEFAULT_PATTERN): date and time, severity, and the
 * `[logger/process.thread]` bracket. The panel has its own time and level columns, and its width
 * is better spent on the message.
 */
const PATTERN_LEAD = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)? +(FATAL|ERROR|WARN|INFO|DEBUG) +(\[[^\]]*\] )?/;

/** A log line as an event: its message (after the default pattern's lead), without the newline. */
export function logEvent(atS: number, line: string, severity: SeverityName): PerfEvent {
	return { atS, level: LEVEL[severity], text: line.replace(/\n$/, '').replace(PATTERN_LEAD, '') };
}

/** Hands Ink's "write above the live area" functions to startLiveView while its tree is mounted. */
function Bridged({ bridge, children }: { bridge: Bridge; children: ReactElement }): ReactElement {
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
	return children;
}

/** The dashboard, or at the end the summary. */
function LiveRoot({ view, logEvents, earlyKeys, onQuit, onTogglePause, onRateChange }: LiveRootProps): ReactElement {
	const { stdout } = useStdout();
	if (view.verdict) return <Summary snapshot={view.snapshot} verdict={view.verdict} width={Math.max(1, stdout.columns ?? 80)} />;
	return <Dashboard snapshot={view.snapshot} logEvents={logEvents} earlyKeys={earlyKeys} onQuit={onQuit} onTogglePause={onTogglePause} onRateChange={onRateChange} />;
}

/** What a live view needs: its first state, how to draw a state, and the terminal's streams (live.tsx's options for perf's dashboard). */
export interface LiveViewOptions<V> {
	initial: V;
	/** The frame for a state, with the log records taken from the console sinks while mounted. */
	draw: (view: V, logEvents: readonly PerfEvent[]) => ReactElement;
	/**
	 * Seconds into the run when a log record is taken, on the clock the view's own events use (the
	 * run's event clock); the state on screen is passed for views that have no such clock.
	 */
	atS: (view: V) => number;
	/** Who says that log lines were not kept, e.g. `dhcpulse perf`. */
	name: string;
	color?: boolean;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	stderr?: NodeJS.WriteStream;
	/** @default 8 */
	maxFps?: number;
}

export interface LiveViewHandle<V> {
	/** Shows `view` — now if the last frame is older than 1/maxFps, else at that moment (only the newest pending state is drawn). */
	update(view: V): void;
	/** Draws `final` (or the newest state), prints the log lines held while mounted above it, unmounts and gives log lines back. Idempotent. */
	stop(final?: V): Promise<void>;
	stats(): DashboardStats;
}

/**
 * Mounts any live view the way the dashboard is mounted (the frame rate, the log lines, the
 * resize, the unmount described at the top of this file); `dhcpulse capacity`'s view
 * (CapacityView.tsx) uses it too.
 */
export function startLiveView<V>(options: LiveViewOptions<V>): LiveViewHandle<V> {
	const maxFps = options.maxFps ?? 8;
	const frameMs = 1000 / maxFps;
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	const bridge: Bridge = { stdout: null, stderr: null };
	const stats: DashboardStats = { updates: 0, renders: 0, renderMs: 0, logLines: 0 };
	let view: V = options.initial;
	let logEvents: PerfEvent[] = [];
	let lastRenderAt = 0;
	let frameTimer: NodeJS.Timeout | null = null;
	let stopping: Promise<void> | null = null;
	// Chalk's level is process-wide: set for the dashboard's life, put back when it unmounts.
	const chalkLevel = chalk.level;
	if (options.color === false) chalk.level = 0;

	const tree = (): ReactElement => <Bridged bridge={bridge}>{options.draw(view, logEvents)}</Bridged>;

	const started = performance.now();
	const instance: Instance = render(tree(), {
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

	// Log lines: into the events panel now, and held in order with their stream to be printed at
	// the end. Nothing is logged while the first frame is drawn (it is synchronous).
	let held: { stream: ConsoleStream; line: string }[] = [];
	let dropped = 0;
	setConsoleSink((stream, line, severity) => {
		stats.logLines++;
		const text = line.endsWith('\n') ? line : `${line}\n`;
		if (stream === 'stderr' && stderr.isTTY !== true) stderr.write(text);
		else if (held.length < HELD_MAX) held.push({ stream, line: text });
		else dropped++;
		logEvents = [...logEvents.slice(1 - PANEL_LOGS), logEvent(options.atS(view), line, severity)];
		scheduleFrame();
	});

	function renderNow(): void {
		if (frameTimer) clearTimeout(frameTimer);
		frameTimer = null;
		const t0 = performance.now();
		instance.rerender(tree());
		const t1 = performance.now();
		stats.renders++;
		stats.renderMs += t1 - t0;
		lastRenderAt = t1;
	}

	/** A frame now if the last one is older than 1/maxFps, else at that moment (only the newest state is drawn). */
	function scheduleFrame(): void {
		if (frameTimer || stopping) return;
		const wait = lastRenderAt + frameMs - performance.now();
		if (wait <= 0) renderNow();
		else {
			frameTimer = setTimeout(renderNow, wait);
			frameTimer.unref();
		}
	}

	// A resized terminal gets a frame laid out for its new width at once. Ink redraws on 'resize'
	// too, but with the tree it has, laid out for the old width: ours runs first (prepended).
	// Narrower, the terminal has already rewrapped the old frame's lines, which Ink's erase (it
	// counts the lines it wrote) cannot reach: the screen is cleared (its scrollback is kept).
	let columns = stdout.columns ?? 0;
	const onResize = (): void => {
		if (stopping) return;
		if ((stdout.columns ?? 0) < columns) stdout.write('\x1b[2J\x1b[H');
		columns = stdout.columns ?? 0;
		renderNow();
	};
	stdout.prependListener('resize', onResize);

	function printHeld(): void {
		const lines = held;
		held = [];
		if (dropped > 0) lines.push({ stream: 'stderr', line: `${options.name}: ${dropped} more log lines while the dashboard was up were not kept\n` });
		let i = 0;
		while (i < lines.length) {
			const stream = lines[i]!.stream;
			let data = '';
			for (; i < lines.length && lines[i]!.stream === stream; i++) data += lines[i]!.line;
			const write = stream === 'stdout' ? bridge.stdout : bridge.stderr;
			if (write) write(data);
			else (stream === 'stdout' ? stdout : stderr).write(data);
		}
	}

	return {
		update(next: V): void {
			if (stopping) return;
			stats.updates++;
			view = next;
			scheduleFrame();
		},

		stop(final?: V): Promise<void> {
			if (stopping) return stopping;
			stopping = (async () => {
				stdout.off('resize', onResize);
				if (final) view = final;
				renderNow();
				// Above what was drawn last: Ink erases it, prints the lines and draws it again below them.
				printHeld();
				instance.unmount();
				setConsoleSink(null);
				await instance.waitUntilExit();
				chalk.level = chalkLevel;
			})();
			return stopping;
		},

		stats(): DashboardStats {
			return { ...stats };
		},
	};
}

export function startDashboard(options: StartDashboardOptions): DashboardHandle {
	const live = startLiveView<FinalView>({
		initial: { snapshot: options.initial },
		draw: (view, logEvents) => <LiveRoot view={view} logEvents={logEvents} earlyKeys={options.earlyKeys ?? ''} onQuit={options.onQuit} onTogglePause={options.onTogglePause} onRateChange={options.onRateChange} />,
		atS: options.eventClockS ?? ((view) => view.snapshot.elapsedS),
		name: 'dhcpulse perf',
		...(options.color !== undefined ? { color: options.color } : {}),
		...(options.stdout ? { stdout: options.stdout } : {}),
		...(options.stdin ? { stdin: options.stdin } : {}),
		...(options.stderr ? { stderr: options.stderr } : {}),
		...(options.maxFps !== undefined ? { maxFps: options.maxFps } : {}),
	});
	return { update: (snapshot) => live.update({ snapshot }), stop: (final) => live.stop(final), stats: () => live.stats() };
}
