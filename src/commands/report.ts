import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { outputError } from '../os/output-error.js';
import type { PerfJson } from '../perf/json.js';
import { renderHtml } from '../report/html.js';
import { perfDocument } from '../report/model.js';
import { footer, Group } from './help.js';
import type { Command } from './command.js';

interface ReportArgs {
	run?: string;
	html?: string;
}

/**
 * The saved summary, checked for what the page reads: a `perf --json` document (version 1). A
 * file from an older dhcpulse without `series` still renders, without the plots over time.
 */
export function readRunJson(path: string): PerfJson {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new UserError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (error) {
		throw new UserError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
	}
	const d = doc as Partial<PerfJson> | null;
	const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
	if (!isObject(d) || d!.version !== 1 || !isObject(d!.exchanges) || !isObject(d!.rate) || !isObject(d!.settings) || typeof d!.mode !== 'string' || typeof d!.target !== 'string') {
		throw new UserError(`${path}: not a dhcpulse perf --json summary (version 1)`);
	}
	if (d!.series !== undefined && !Array.isArray(d!.series)) throw new UserError(`${path}: "series" is not an array`);
	return d as PerfJson;
}

/** RUN.json → RUN.html beside it. */
function defaultOut(run: string): string {
	return run.replace(/\.json$/i, '') + '.html';
}

/**
 * `dhcpulse report RUN.json [--html OUT]`: the HTML report of a saved `perf --json` summary, the
 * same page `perf --html` writes at the end of a run, so runs from CI or from last week can be
 * looked at (and handed on) later.
 */
const command: Command = {
	command: 'report [run]',
	describe: 'Render the HTML report (plots, percentiles, verdict) of a saved perf --json summary',
	builder: (y) =>
		footer(
			y
				.positional('run', { type: 'string', describe: 'the JSON summary written by perf --json FILE' })
				.option('html', { type: 'string', describe: 'write the page to FILE', defaultDescription: 'RUN with .html for .json' })
				.group(['html'], Group.output),
			{
				examples: [
					['dhcpulse perf 198.19.0.1 -r 2000 -p 30 --json run.json', 'a load run, its summary saved'],
					['dhcpulse report run.json --html run.html', 'its report, one HTML file that opens offline'],
				],
				exitCodes: ['0 OK       the page was written', '3 UNKNOWN  the input is not a perf JSON summary, the page cannot be', '           written, or a bad flag'],
			},
		),
	handler(argv) {
		const args = argv as ReportArgs;
		if (typeof args.run !== 'string' || args.run === '') throw new UserError('report needs a summary: dhcpulse report RUN.json [--html OUT]');
		if (args.html === '') throw new UserError('--html: needs a file name');
		const run = readRunJson(args.run);
		const out = args.html ?? defaultOut(args.run);
		const page = renderHtml(perfDocument(run, new Date()));
		try {
			writeFileSync(out, page, { mode: 0o644 });
		} catch (error) {
			throw outputError('--html', out, 'write', error);
		}
		process.stdout.write(`dhcpulse report: ${out}\n`);
		return 0;
	},
};

export default command;
