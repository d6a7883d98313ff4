/**
 * The HTML report: one self-contained page (uPlot's script and stylesheet, the page's script and
 * its data all inlined) that opens from a file with no network at all; its Content-Security-Policy
 * forbids every fetch, so nothing in it can reach out either. Built from a ReportDocument
 * (model.ts) alone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CLIENT_SCRIPT } from './client.js';
import type { ReportDocument } from './model.js';
import { escapeHtml, renderSection } from './sections.js';

/**
 * uPlot (MIT, github.com/leeoniya/uPlot), read from the installed package when a page is made, so
 * the page carries the very version package.json names. Its browser build defines `uPlot`.
 */
function uplotAssets(): { js: string; css: string; version: string } {
	const require = createRequire(import.meta.url);
	const read = (path: string): string => readFileSync(require.resolve(path), 'utf8');
	const version = (JSON.parse(read('uplot/package.json')) as { version: string }).version;
	return { js: read('uplot/dist/uPlot.iife.min.js'), css: read('uplot/dist/uPlot.min.css'), version };
}

/**
 * JSON inside a <script> element: `<` escaped so no `</script>` or `<!--` in a value (a setting, a
 * target) can end the element early (HTML Living Standard, "restrictions for contents of script
 * elements"); U+2028/2029 escaped for older JavaScript parsers.
 */
export function scriptJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

/** Inlined code must not close its own element; uPlot's build has no such text, and this keeps it so. */
function inline(code: string, tag: 'script' | 'style'): string {
	if (new RegExp(`</${tag}`, 'i').test(code)) throw new Error(`cannot inline a ${tag} that contains </${tag}`);
	return code;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1240px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccc; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { padding: 3px 10px; border-bottom: 1px solid #e4e4e4; text-align: left; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; } .table { overflow-x: auto; }
table.num td:not(:first-child), table.num th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
table.kv td:first-child { color: #555; }
.verdict { font-weight: bold; padding: 6px 10px; border-radius: 4px; display: inline-block; }
.verdict.ok { background: #d9f2e6; } .verdict.warn { background: #fff1cc; } .verdict.fail { background: #fbd9d3; }
.chart { margin: 18px 0; } .note, footer { color: #666; }
`;

export function renderHtml(doc: ReportDocument): string {
	const rendered = doc.sections.map((s, i) => renderSection(s, i));
	const charts = rendered.flatMap((r) => r.charts);
	const uplot = uplotAssets();
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${inline(uplot.css, 'style')}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<p class="note">Made ${escapeHtml(doc.generatedAt)} by dhcpulse. Drag across a plot to zoom, double-click to zoom out.</p>
${rendered.map((r) => r.html).join('\n')}
<footer><p>Plots drawn with uPlot ${escapeHtml(uplot.version)} (MIT licence), inlined.</p></footer>
<script type="application/json" id="dhcpulse-charts">${scriptJson(charts)}</script>
<script>${inline(uplot.js, 'script')}</script>
<script>${inline(CLIENT_SCRIPT, 'script')}</script>
</body>
</html>
`;
}
