/**
 * Whether `dhcpulse perf` mounts the live Ink dashboard or prints plain interval lines.
 */

export interface DashboardContext {
	/** `process.stdout.isTTY`. */
	stdoutIsTTY: boolean;
	/** `--json -`: the JSON summary goes to stdout, so nothing else may be drawn there. */
	jsonToStdout: boolean;
	/** `--no-dashboard`. Default false. */
	noDashboard?: boolean;
	/** Usually `process.env`. */
	env: NodeJS.ProcessEnv | Record<string, string | undefined>;
}

/**
 * is-in-ci's rule, which Ink itself applies (the is-in-ci package): `CI` or
 * `CONTINUOUS_INTEGRATION` present and not `'0'` or `'false'`. Presence is what counts, so an
 * empty `CI=` means CI too.
 */
export function isInCi(env: DashboardContext['env']): boolean {
	const set = (key: string): boolean => key in env && env[key] !== undefined && env[key] !== '0' && env[key] !== 'false';
	return set('CI') || set('CONTINUOUS_INTEGRATION');
}

/**
 * The dashboard is for a person at a terminal. A pipe or file, CI (where Ink would print only
 * the last frame), a JSON summary on stdout, or `--no-dashboard` all get plain lines instead.
 */
export function shouldUseDashboard(ctx: DashboardContext): boolean {
	if (!ctx.stdoutIsTTY) return false;
	if (ctx.jsonToStdout) return false;
	if (ctx.noDashboard === true) return false;
	return !isInCi(ctx.env);
}
