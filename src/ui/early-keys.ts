/**
 * Keys typed before the dashboard's first frame. Between the command's start and that frame lie
 * loading Ink and React, opening sockets and starting the workers; a `p` or `q` typed then would
 * otherwise wait in the terminal's line buffer, echoed over the frame, and reach Ink after its
 * input handler was set up or not at all. So the command puts the terminal in raw mode at once
 * and keeps what is typed; the dashboard replays it when it mounts (live.tsx).
 *
 * Keys typed even earlier, while Node starts, are not lost either: switching the terminal out of
 * canonical mode makes the characters already in its line buffer readable (Linux n_tty).
 */

/** Ctrl-C as a raw byte: with the terminal raw it is a key, not SIGINT. */
const CTRL_C = '\x03';

export interface EarlyKeys {
	/** Stops collecting and returns what was typed, in order (Ctrl-C excepted). Idempotent. */
	take(): string;
	/** Stops collecting and gives the terminal its mode back (a run that never mounted the dashboard). */
	release(): void;
}

/**
 * Collects the keys typed on `stdin` from now on; null when stdin is not a terminal (no keys to
 * keep: the dashboard then offers none either). Ctrl-C keeps its meaning: it is raised as SIGINT,
 * so it does what it would have done in the terminal's normal mode.
 */
export function collectEarlyKeys(stdin: NodeJS.ReadStream = process.stdin): EarlyKeys | null {
	if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return null;
	let typed = '';
	let collecting = true;
	const onReadable = (): void => {
		let chunk: string | Buffer | null;
		while ((chunk = stdin.read() as string | Buffer | null) !== null) {
			const text = String(chunk);
			if (text.includes(CTRL_C)) process.kill(process.pid, 'SIGINT');
			typed += text.replaceAll(CTRL_C, '');
		}
	};
	stdin.setEncoding('utf8');
	stdin.setRawMode(true);
	stdin.on('readable', onReadable);
	const stop = (): void => {
		if (!collecting) return;
		collecting = false;
		stdin.off('readable', onReadable);
	};
	return {
		take(): string {
			stop();
			const keys = typed;
			typed = '';
			return keys;
		},
		release(): void {
			stop();
			stdin.setRawMode(false);
			// Reading made stdin hold the event loop open; the command must still be able to end.
			stdin.pause();
			stdin.unref?.();
		},
	};
}
