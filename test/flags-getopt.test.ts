/**
 * perfdhcp's users' words read as getopt(3) reads them (src/flags.ts getoptWords): a one-letter
 * flag that takes a value takes the rest of its word, the letters before it are flags of their
 * own, and nothing else changes.
 */
import test from 'ava';
import { getoptWords } from '../src/flags.js';
import { PERF_FLAGS } from '../src/perf/flags.js';

const words = (...argv: string[]): string[] => getoptWords(argv, PERF_FLAGS);

test("the man page's -xi is -x with the value i, not -x and perf's -i", (t) => {
	t.deepEqual(words('perf', '-xi', '-t', '2', '-r', '10', '-R', '100', '192.0.2.1'), ['perf', '-x=i', '-t=2', '-r=10', '-R=100', '192.0.2.1']);
});

test("a repeatable flag's value is one word: the man page's -l eth0 all leaves all for SERVER", (t) => {
	t.deepEqual(words('perf', '-6', '-l', 'eth0', 'all'), ['perf', '-6', '-l=eth0', 'all']);
	t.deepEqual(words('perf', '--option', 'hostname=a', '198.19.0.1'), ['perf', '--option=hostname=a', '198.19.0.1']);
});

test('flags without a value before one with a value: -Bxi is -B -x i; -uB is -u -B', (t) => {
	t.deepEqual(words('perf', '-Bxi'), ['perf', '-B', '-x=i']);
	t.deepEqual(words('perf', '-uB'), ['perf', '-u', '-B']);
});

test('a value joined to its letter: -t2, -bduid=0001…, -r-5 (as typed, for the check to echo)', (t) => {
	t.deepEqual(words('perf', '-t2', '-bduid=000100010203', '-r-5'), ['perf', '-t=2', '-b=duid=000100010203', '-r=-5']);
});

test("a letter's value in the next word is never read as flags, nor a long option's", (t) => {
	t.deepEqual(words('perf', '-o', '-xi', '--option', '-Bx', '-B'), ['perf', '-o=-xi', '--option=-Bx', '-B']);
});

test('unknown letters, long flags without a value, lone flags and everything after -- stay as typed', (t) => {
	t.deepEqual(words('perf', '-xq', '-Bq', '--no-dashboard', '-6', '-B', '--', '-xi'), ['perf', '-x=q', '-Bq', '--no-dashboard', '-6', '-B', '--', '-xi']);
});
