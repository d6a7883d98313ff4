import { CATALOGUE, type MessageDef } from './messages.js';

/**
 * The messages manual, in the form of Kea's: each entry is the message identifier, the text
 * with its %1, %2 placeholders, the severity it is logged at, and a description. One renderer
 * for the terminal (`dhcpulse messages`) and one for docs/messages.md.
 */

function severityLabel(entry: MessageDef): string {
	return entry.severity === 'DEBUG' ? `DEBUG, debug level ${entry.debugLevel}` : entry.severity;
}

function wrap(text: string, width: number, indent: string): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		if (line && line.length + 1 + word.length > width - indent.length) {
			lines.push(indent + line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(indent + line);
	return lines.join('\n');
}

/** One entry for the terminal. */
export function renderEntry(entry: MessageDef): string {
	return `${entry.id} ${entry.text}\n    (${severityLabel(entry)})\n\n${wrap(entry.description, 80, '    ')}\n`;
}

/** The whole manual for the terminal, sorted by ID. */
export function renderManual(entries: readonly MessageDef[] = CATALOGUE): string {
	return sorted(entries).map(renderEntry).join('\n');
}

/** docs/messages.md. */
export function renderMarkdown(entries: readonly MessageDef[] = CATALOGUE): string {
	const head = [
		'# dhcpulse messages manual',
		'',
		'<!-- Generated from src/log/messages.ts by `npm run messages:doc`; do not edit by hand. -->',
		'',
		"This document lists every message dhcpulse can log, in the form of Kea's messages manual. Each entry",
		'gives the message identifier, which starts every logged message, then the message text, where',
		'`%1`, `%2` … are replaced by values when the message is logged, the severity it is logged at, and a',
		'description of the circumstances and what to do. `dhcpulse messages ID` prints one entry.',
		'',
		'For configuring logging, see the Logging section of the README.',
		'',
	];
	const body = sorted(entries).map((e) => `## ${e.id}\n\n\`${e.id} ${e.text}\`\n\nSeverity: ${severityLabel(e)}\n\n${e.description}\n`);
	return `${head.join('\n')}\n${body.join('\n')}`;
}

function sorted(entries: readonly MessageDef[]): MessageDef[] {
	return [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
