/**
 * SIGINT and SIGTERM while a command runs: `body` runs with `onSignal` installed for both, and the
 * handlers are removed when it settles, whatever way it ends (installed before the work starts,
 * removed in the same `finally`, so a failure can never leave a process that ignores them).
 */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export async function whileInterruptible<T>(onSignal: (signal: InterruptSignal) => void, body: () => Promise<T>): Promise<T> {
	const onInt = (): void => onSignal('SIGINT');
	const onTerm = (): void => onSignal('SIGTERM');
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	try {
		return await body();
	} finally {
		process.off('SIGINT', onInt);
		process.off('SIGTERM', onTerm);
	}
}
