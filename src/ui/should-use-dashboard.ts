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
 * the last frame), a JSON summary on stdout, `--no-dashboard`, or `TERM=dumb` (a terminal that
 * cannot move its cursor, so every frame would pile up below the last) all get plain lines
 * instead.
 */
export function shouldUseDashboard(ctx: DashboardContext): boolean {
	if (!ctx.stdoutIsTTY) return false;
	if (ctx.jsonToStdout) return false;
	if (ctx.noDashboard === true) return false;
	if (ctx.env['TERM'] === 'dumb') return false;
	return !isInCi(ctx.env);
}

/**
 * Whether the dashboard may colour its text: not when `NO_COLOR` is set to anything but the
 * empty string (no-color.org), nor on `TERM=dumb`. Ink's colours come from chalk, which honours
 * `FORCE_COLOR` and `TERM=dumb` but not `NO_COLOR`.
 */
export function colorAllowed(env: DashboardContext['env']): boolean {
	const noColor = env['NO_COLOR'];
	if (noColor !== undefined && noColor !== '') return false;
	return env['TERM'] !== 'dumb';
}
