import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../exit-codes.js';
import { hasCapability } from '../os/capabilities.js';
import { run } from './run.js';
import { findProgram, SERVERS, type ServerKind } from './servers.js';

/**
 * Creating namespaces takes CAP_SYS_ADMIN (`ip netns add` mounts) and wiring them
 * CAP_NET_ADMIN; without both nothing can work, so say so in one line before touching anything.
 */
export function requireNetAdmin(what: string): void {
	if (process.geteuid?.() === 0 || (hasCapability('NET_ADMIN') && hasCapability('SYS_ADMIN'))) return;
	throw new UserError(`${what} needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN to create and enter network namespaces); run it as root`);
}

/**
 * Resolves a server kind's program, installing its Debian package first when asked to.
 * Without `install` a missing program is a one-line error naming the package.
 */
export async function requireServerProgram(kind: ServerKind, install: boolean): Promise<string> {
	const spec = SERVERS[kind];
	if (!findProgram('ip')) throw new UserError('the lab needs the ip command; install the Debian package iproute2');
	return requireProgram(spec.program, spec.debianPackage, install);
}

/** A Kea or other program the lab runs, by {@link requireServerProgram}'s rules. */
export async function requireProgram(program: string, debianPackage: string, install: boolean): Promise<string> {
	const found = findProgram(program);
	if (found) {
		refuseAppArmorConfinement(program, found);
		return found;
	}
	if (!install) {
		throw new UserError(`${program} is not installed; install the Debian package ${debianPackage} (or pass --install)`);
	}
	await installDebianPackage(debianPackage);
	const after = findProgram(program);
	if (!after) throw new UserError(`${debianPackage} was installed but ${program} is still not found`);
	return after;
}

/**
 * Installs one Debian package without letting its maintainer scripts start the service on the
 * host's interfaces: a policy-rc.d that exits 101 forbids service starts during the install
 * (lab-facts), and the service is disabled afterwards so a reboot does not start it either.
 */
export async function installDebianPackage(pkg: string): Promise<void> {
	if (process.geteuid?.() !== 0) throw new UserError(`--install: installing ${pkg} needs root`);
	if (!existsSync('/etc/debian_version') || !findProgram('apt-get')) {
		throw new UserError(`--install works on Debian only; install the package that provides ${pkg} by hand`);
	}
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# dhcpulse lab --install: no service starts during the install\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const install = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', pkg];
		let r = await run(install, { env, timeoutMs: 600_000 });
		if (r.code !== 0) {
			// A fresh machine often has no package lists yet.
			await run(['apt-get', 'update', '-q'], { env, timeoutMs: 600_000 });
			r = await run(install, { env, timeoutMs: 600_000 });
		}
		if (r.code !== 0) {
			const why = (r.stderr.trim() || r.stdout.trim()).split('\n').filter(Boolean).pop() ?? `exit ${r.code}`;
			throw new UserError(`--install: apt-get install ${pkg} failed: ${why}`);
		}
		for (const svc of ['kea-dhcp4-server', 'kea-dhcp6-server', 'kea-ctrl-agent', 'kea-dhcp-ddns-server', 'isc-dhcp-server', 'isc-dhcp-server6', 'dnsmasq']) {
			if (findProgram('systemctl')) await run(['systemctl', 'disable', svc]);
			if (findProgram('update-rc.d')) await run(['update-rc.d', '-f', svc, 'remove']);
		}
	} finally {
		if (ownPolicy) rmSync(policy, { force: true });
	}
}

/**
 * Debian's AppArmor profiles confine kea-dhcp4/6 and dhcpd to their packaged paths (/etc/kea,
 * /var/lib/kea, /var/lib/dhcp …), so in enforce mode they cannot read the lab's configuration or
 * write its leases in the state directory. Say so up front instead of failing obscurely.
 */
function refuseAppArmorConfinement(program: string, path: string): void {
	let profiles: string;
	try {
		profiles = readFileSync('/sys/kernel/security/apparmor/profiles', 'utf8');
	} catch {
		return; // AppArmor is off or not readable: nothing confines the server
	}
	const enforced = profiles.split('\n').some((line) => line === `${program} (enforce)` || line === `${path} (enforce)`);
	if (enforced) {
		throw new UserError(`AppArmor confines ${program} to its packaged paths, so it cannot use the lab's files; allow it with: aa-complain ${path} (package apparmor-utils)`);
	}
}
