import test from 'ava';
import { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN, PatternError } from '../src/log/pattern.js';
import type { LogRecord } from '../src/log/record.js';

// 2019-08-05 14:27:45.871234 UTC, a Monday: Kea's own example line, to the microsecond.
const time = Date.UTC(2019, 7, 5, 14, 27, 45, 871) + 0.234;
const record: LogRecord = {
	time,
	severity: 'DEBUG',
	logger: 'dhcpulse.perf.rate',
	workerId: 3,
	message: 'PERF_RATE_NOT_REACHED rate 900/s below the requested 1000/s',
};
const format = (pattern: string, r: LogRecord = record): string => compilePattern(pattern)(r);

/** Local-time fields of the record's instant, to check %D against whatever TZ the test runs in. */
const local = new Date(Math.floor(time));
const p2 = (n: number): string => String(n).padStart(2, '0');

test("Kea's default pattern for stdout, stderr and files", (t) => {
	t.is(DEFAULT_PATTERN, '%D{%Y-%m-%d %H:%M:%S.%q} %-5p [%c/%i.%t] %m\n');
	const expected =
		`${local.getFullYear()}-${p2(local.getMonth() + 1)}-${p2(local.getDate())} ${p2(local.getHours())}:${p2(local.getMinutes())}:${p2(local.getSeconds())}.871 ` +
		`DEBUG [dhcpulse.perf.rate/${process.pid}.3] PERF_RATE_NOT_REACHED rate 900/s below the requested 1000/s\n`;
	t.is(format(DEFAULT_PATTERN), expected);
});

test("Kea's default pattern for syslog leaves time and pid to syslog", (t) => {
	t.is(DEFAULT_SYSLOG_PATTERN, '%-5p [%c.%t] %m\n');
	t.is(format(DEFAULT_SYSLOG_PATTERN, { ...record, severity: 'INFO' }), 'INFO  [dhcpulse.perf.rate.3] PERF_RATE_NOT_REACHED rate 900/s below the requested 1000/s\n');
});

test('%d is UTC with every strftime component, %q milliseconds and %Q microseconds', (t) => {
	t.is(format('%d{%Y-%m-%d %H:%M:%S.%q}'), '2019-08-05 14:27:45.871');
	t.is(format('%d{%Q}'), '871.234');
	t.is(format('%d{%a %A %b %B %h}'), 'Mon Monday Aug August Aug');
	t.is(format('%d{%c}'), 'Mon Aug  5 14:27:45 2019');
	t.is(format('%d{%d %e %j %m %y %Y}'), '05  5 217 08 19 2019');
	t.is(format('%d{%H %I %M %S %p}'), '14 02 27 45 PM');
	t.is(format('%d{%U %W %w}'), '31 31 1'); // as glibc strftime gives for that Monday
	t.is(format('%d{%x %X %F %T}'), '08/05/19 14:27:45 2019-08-05 14:27:45');
	t.is(format('%d{%z %Z %%}'), '+0000 GMT %');
	t.is(format('%d'), '2019-08-05 14:27:45,871');
});

test('%q and %Q are zero-padded at the start of a second', (t) => {
	const early = { ...record, time: Date.UTC(2020, 0, 1, 0, 0, 0, 7) + 0.05 };
	t.is(format('%d{%q|%Q}', early), '007|007.050');
	t.is(format('%d{%j %U %W %I %p}', early), '001 00 00 12 AM');
});

test('%D is local time', (t) => {
	t.is(format('%D{%Y %m %d %H %M %S}'), `${local.getFullYear()} ${p2(local.getMonth() + 1)} ${p2(local.getDate())} ${p2(local.getHours())} ${p2(local.getMinutes())} ${p2(local.getSeconds())}`);
	const offset = -local.getTimezoneOffset();
	t.is(format('%D{%z}'), `${offset < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(offset) / 60))}${p2(Math.abs(offset) % 60)}`);
	t.regex(format('%D{%Z}'), /^\S+$/);
});

test('%p, %c, %c{n}, %i, %t, %m, %n, %% and literal text', (t) => {
	t.is(format('<%p>'), '<DEBUG>');
	t.is(format('%c'), 'dhcpulse.perf.rate');
	t.is(format('%c{1}|%c{2}|%c{9}'), 'rate|perf.rate|dhcpulse.perf.rate');
	t.is(format('pid=%i'), `pid=${process.pid}`);
	t.is(format('thread %t'), 'thread 3');
	t.is(format('%t', { ...record, workerId: 0 }), '0');
	t.is(format('%m'), record.message);
	t.is(format('a%nb'), 'a\nb');
	t.is(format('100%% [%p]'), '100% [DEBUG]');
	t.is(format('plain text only'), 'plain text only');
});

test('width modifiers: right-justify, left-justify, maximum width keeps the end', (t) => {
	t.is(format('[%8p]', { ...record, severity: 'WARN' }), '[    WARN]');
	t.is(format('[%-8p]', { ...record, severity: 'WARN' }), '[WARN    ]');
	t.is(format('[%-5p]', { ...record, severity: 'ERROR' }), '[ERROR]');
	t.is(format('[%.4c]'), '[rate]');
	t.is(format('[%-6.4c]'), '[rate  ]');
	t.is(format('[%3t]'), '[  3]');
	t.is(format('[%12d{%H:%M}]'), '[       14:27]');
});

test('malformed patterns are rejected with the position', (t) => {
	t.throws(() => compilePattern('%k'), { instanceOf: PatternError, message: 'unknown conversion %k at position 1' });
	t.throws(() => compilePattern('ok %'), { instanceOf: PatternError, message: 'incomplete conversion at the end (position 4)' });
	t.throws(() => compilePattern('%d{%H'), { instanceOf: PatternError, message: 'unclosed "{" after %d at position 1' });
	t.throws(() => compilePattern('%d{%K}'), { instanceOf: PatternError, message: 'unknown date component %K in "%K"' });
	t.throws(() => compilePattern('%p{x}'), { instanceOf: PatternError, message: '%p takes no {…} option (position 1)' });
	t.throws(() => compilePattern('%c{0}'), { instanceOf: PatternError });
	t.throws(() => compilePattern('%5.p'), { instanceOf: PatternError });
	// A width that would make every line gigabytes long is refused when the configuration is read.
	t.throws(() => compilePattern('%-999999999p %m\n'), { instanceOf: PatternError, message: 'a width of at most 1000 characters, at position 1' });
	t.throws(() => compilePattern('%.1001m'), { instanceOf: PatternError });
	t.is(compilePattern('%-1000p')({ ...record }).length, 1000);
});
