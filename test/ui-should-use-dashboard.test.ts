import test from 'ava';
import { colorAllowed, isInCi, shouldUseDashboard } from '../src/ui/should-use-dashboard.js';

const tty = { stdoutIsTTY: true, jsonToStdout: false, env: {} };

test('a terminal outside CI gets the dashboard', (t) => {
	t.true(shouldUseDashboard(tty));
	t.true(shouldUseDashboard({ ...tty, env: { TERM: 'xterm', PATH: '/usr/bin' } }));
});

test('a pipe or file gets plain lines', (t) => {
	t.false(shouldUseDashboard({ ...tty, stdoutIsTTY: false }));
});

test('--json - keeps stdout for the JSON summary', (t) => {
	t.false(shouldUseDashboard({ ...tty, jsonToStdout: true }));
});

test('--no-dashboard is obeyed', (t) => {
	t.false(shouldUseDashboard({ ...tty, noDashboard: true }));
	t.true(shouldUseDashboard({ ...tty, noDashboard: false }));
});

test('TERM=dumb gets plain lines: it cannot move the cursor to redraw a frame', (t) => {
	t.false(shouldUseDashboard({ ...tty, env: { TERM: 'dumb' } }));
	t.true(shouldUseDashboard({ ...tty, env: { TERM: 'screen' } }));
});

test('colour is off with NO_COLOR set to anything but empty, and on TERM=dumb', (t) => {
	t.true(colorAllowed({}));
	t.true(colorAllowed({ NO_COLOR: '' }), 'an empty NO_COLOR is as if unset (no-color.org)');
	t.false(colorAllowed({ NO_COLOR: '1' }));
	t.false(colorAllowed({ NO_COLOR: '0' }), 'any value counts, even 0');
	t.false(colorAllowed({ TERM: 'dumb' }));
	t.true(colorAllowed({ TERM: 'xterm-256color' }));
});

test('CI follows is-in-ci: CI or CONTINUOUS_INTEGRATION present and not 0/false, an empty CI= included', (t) => {
	const cases: [Record<string, string>, boolean][] = [
		[{ CI: 'true' }, true],
		[{ CI: '1' }, true],
		[{ CI: '' }, true],
		[{ CI: 'woodpecker' }, true],
		[{ CONTINUOUS_INTEGRATION: 'yes' }, true],
		[{ CI: '0' }, false],
		[{ CI: 'false' }, false],
		[{ CONTINUOUS_INTEGRATION: 'false' }, false],
		[{ CI: 'false', CONTINUOUS_INTEGRATION: '1' }, true],
		[{ GITHUB_ACTIONS: 'true' }, false],
	];
	for (const [env, ci] of cases) {
		t.is(isInCi(env), ci, JSON.stringify(env));
		t.is(shouldUseDashboard({ ...tty, env }), !ci, JSON.stringify(env));
	}
});
