import { UserError } from '../exit-codes.js';
import type { Path } from '../probe/path.js';
import type { ProbeArgs } from './probe-common.js';

/** DHCPv6 flavours of the probe commands. */
export async function probe6(command: 'discover' | 'ping' | 'lease', _args: ProbeArgs, _path: Path): Promise<void> {
	throw new UserError(`${command} -6: DHCPv6 probing is not available in this build`);
}
