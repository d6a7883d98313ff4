import type { LabInfo } from './info.js';
import { PLAN } from './plan.js';
import type { ServerStatistics } from './stats.js';

/** The human summary `lab up` and `lab status` print: what to point other commands at. */
export function formatLabInfo(info: LabInfo): string {
	const p4 = PLAN.prefixLen4;
	const p6 = PLAN.prefixLen6;
	const lines = [
		`lab ${info.name}: ${info.running ? 'running' : info.unknown ? info.unknown : 'not running'} (${info.server}${info.pid !== null ? `, pid ${info.pid}` : ''}${info.userConfig ? `, config ${info.userConfig}` : ''})`,
		`  server namespace  ${info.serverNetns}: ${info.serverIface} ${info.serverAddr4}/${p4} ${info.serverAddr6}/${p6}, ${info.serverRelayIface} ${info.relayServerAddr4}/${p4} ${info.relayServerAddr6}/${p6}`,
		`  client namespace  ${info.clientNetns}`,
		`  on-link           ${info.clientIface} (no IPv4 address, link-local IPv6) ↔ server ${info.serverAddr4} / ${info.serverAddr6}`,
		`  relay agent       ${info.relayIface} ${info.relayAddr4} / ${info.relayAddr6} → server ${info.relayServerAddr4} / ${info.relayServerAddr6}`,
	];
	if (info.pool4) lines.push(`  v4 pools          ${info.subnet4} ${info.pool4} (on-link), ${info.relaySubnet4} ${info.relayPool4} (relayed)`);
	if (info.pool6) lines.push(`  v6 pools          ${info.subnet6} ${info.pool6} (on-link), ${info.relaySubnet6} ${info.relayPool6} (relayed)`);
	if (info.pdPool6) lines.push(`  v6 prefixes       ${info.pdPool6} delegating /${info.pdDelegatedLen6}`);
	if (info.controlSocket) lines.push(`  control socket    ${info.controlSocket}`);
	if (info.controlAgent) lines.push(`  control agent     ${info.controlAgent.url} (basic auth; --kea-credentials ${info.controlAgent.credentialsFile})`);
	lines.push(`  server log        ${info.logFile}`);
	lines.push(`  run commands in it with: dhcpulse lab exec --name ${info.name} -- COMMAND…`);
	return `${lines.join('\n')}\n`;
}

/** `name value` lines, sorted by name. */
export function formatStatistics(stats: ServerStatistics): string {
	const names = Object.keys(stats).sort();
	return names.map((n) => `${n} ${stats[n]}\n`).join('');
}
