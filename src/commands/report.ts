import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { outputError } from '../os/output-error.js';
import type { PerfJson } from '../perf/json.js';
import type { CapacityJson } from '../capacity/json.js';
import { capacityDocument, isCapacityJson, type CapacityJsonInput } from '../report/capacity.js';
import { renderHtml } from '../report/html.js';
import { perfDocument, type ReportDocument } from '../report/model.js';
import { footer, Group } from './help.js';
import type { Command } from './command.js';

/** What `capacity --json` writes is what the report reads: a type error here when the two drift apart. */
export type CapacityContract<T extends CapacityJsonInput = CapacityJson> = T;

interface ReportArgs {
	run?: string;
	html?: string;
}

/**
 * The saved result as the page it makes: a `perf --json` summary (version 1; a file from an older
 * dhcpulse without `series` still renders, without the plots over time) or a `capacity --json`
 * search (src/report/capacity.ts).
 */
export function readReport(path: string, now: Date): ReportDocument {
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
	if (isCapacityJson(doc)) return capacityDocument(doc, now);
	const d = doc as Partial<PerfJson> | null;
	const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
	if (!isObject(d) || d!.version !== 1 || !isObject(d!.exchanges) || !isObject(d!.rate) || !isObject(d!.settings) || typeof d!.mode !== 'string' || typeof d!.target !== 'string') {
		throw new UserError(`${path}: not a dhcpulse perf or capacity --json document (version 1)`);
	}
	if (d!.series !== undefined && !Array.isArray(d!.series)) throw new UserError(`${path}: "series" is not an array`);
	return perfDocument(d as PerfJson, now);
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
	describe: 'Render the HTML report (plots, percentiles, verdict) of a saved perf or capacity --json document',
	builder: (y) =>
		footer(
			y
				.positional('run', { type: 'string', describe: 'the JSON written by perf --json FILE or capacity --json FILE' })
				.option('html', { type: 'string', describe: 'write the page to FILE', defaultDescription: 'RUN with .html for .json' })
				.group(['html'], Group.output),
			{
				examples: [
					['dhcpulse perf 198.19.0.1 -r 2000 -p 30 --json run.json', 'a load run, its summary saved'],
					['dhcpulse report run.json --html run.html', 'its report, one HTML file that opens offline'],
				],
				exitCodes: ['0 OK       the page was written', '3 UNKNOWN  the input is not a perf or capacity JSON document, the', '           page cannot be written, or a bad flag'],
			},
		),
	handler(argv) {
		const args = argv as ReportArgs;
		if (typeof args.run !== 'string' || args.run === '') throw new UserError('report needs a summary: dhcpulse report RUN.json [--html OUT]');
		if (args.html === '') throw new UserError('--html: needs a file name');
		const doc = readReport(args.run, new Date());
		const out = args.html ?? defaultOut(args.run);
		let page: string;
		try {
			page = renderHtml(doc);
		} catch (error) {
			// A hand-edited or truncated document: its fields are not what the summary holds.
			throw new UserError(`${args.run}: a field of the document is not as perf or capacity --json writes it (${error instanceof Error ? error.message : String(error)})`);
		}
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
