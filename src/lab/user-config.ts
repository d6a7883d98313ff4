import type { ServerKind } from './servers.js';

/**
 * Removes the comments Kea accepts in its JSON configuration (`#` and `//` to end of line,
 * `/* … *\/` blocks), leaving strings untouched.
 */
export function stripKeaComments(text: string): string {
	let out = '';
	let i = 0;
	while (i < text.length) {
		const c = text[i]!;
		if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			out += text.slice(i, j + 1);
			i = j + 1;
		} else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
			while (i < text.length && text[i] !== '\n') i++;
		} else if (c === '/' && text[i + 1] === '*') {
			const end = text.indexOf('*/', i + 2);
			i = end < 0 ? text.length : end + 2;
		} else {
			out += c;
			i++;
		}
	}
	return out;
}

/**
 * The unix control socket a user's Kea configuration names, so `lab stats` and the readiness
 * check can use it; null when it names none or cannot be read as JSON (Kea itself then judges
 * the file).
 */
export function findControlSocket(text: string, kind: ServerKind): string | null {
	const top = kind === 'kea6' ? 'Dhcp6' : 'Dhcp4';
	try {
		const parsed = JSON.parse(stripKeaComments(text)) as Record<string, Record<string, unknown> | undefined>;
		const socket = parsed[top]?.['control-socket'] as { 'socket-type'?: string; 'socket-name'?: string } | undefined;
		if (socket && (socket['socket-type'] ?? 'unix') === 'unix' && typeof socket['socket-name'] === 'string') return socket['socket-name'];
	} catch {
		// not JSON we understand
	}
	return null;
}
