import test from 'ava';
import { nagiosLine, verdictOf } from '../src/probe/verdict.js';

test('the worst finding decides the status and exit code', (t) => {
	t.like(verdictOf([], 'offer 10.0.0.5'), { status: 'OK', exitCode: 0, reason: 'offer 10.0.0.5' });
	t.like(verdictOf([{ status: 'WARNING', message: 'slow' }], 'x'), { status: 'WARNING', exitCode: 1, reason: 'slow' });
	t.like(
		verdictOf(
			[
				{ status: 'WARNING', message: 'slow' },
				{ status: 'CRITICAL', message: 'rogue server 10.0.0.9' },
				{ status: 'CRITICAL', message: 'NAK from 10.0.0.1' },
			],
			'x',
		),
		{ status: 'CRITICAL', exitCode: 2, reason: 'rogue server 10.0.0.9; NAK from 10.0.0.1' },
	);
	t.like(verdictOf([{ status: 'UNKNOWN', message: 'no privilege' }], 'x'), { status: 'UNKNOWN', exitCode: 3 });
});

test('the Nagios line follows the plugin guidelines, perfdata included', (t) => {
	const v = verdictOf([], 'offer 10.0.0.5 from 10.0.0.1 in 1.2 ms');
	t.is(nagiosLine('DHCP', v, [{ label: 'time', value: 0.0012, uom: 's', warn: 0.5, crit: 1, min: 0 }]), 'DHCP OK - offer 10.0.0.5 from 10.0.0.1 in 1.2 ms | time=0.001200s;0.5;1;0');
	t.is(nagiosLine('DHCP', verdictOf([{ status: 'CRITICAL', message: 'no answer\nat all | ever' }], '')), 'DHCP CRITICAL - no answer at all / ever');
	t.is(nagiosLine('DHCP', v, [{ label: 'offers seen', value: 2 }]), "DHCP OK - offer 10.0.0.5 from 10.0.0.1 in 1.2 ms | 'offers seen'=2");
});
