/**
 * The lab library: throw-away namespace networks with a real DHCP server, for users, CI and
 * dhcpulse's own tests. `dhcpulse lab` is a thin command on top of this.
 */
export { labUp, labDown, labRestart, labStatus, keaCommand, LabInterrupted, type LabUpOptions, type LabDownResult, type LabRestartOptions } from './lifecycle.js';
export { labExecArgs, type LabInfo } from './info.js';
export { labStats, type ServerStatistics } from './stats.js';
export { type KeaResponse } from '../kea/socket.js';
export { PLAN, DEFAULT_LAB_NAME, validateLabName, serverNetnsName, clientNetnsName } from './plan.js';
export { SERVER_KINDS, isServerKind, type ServerKind } from './servers.js';
export { listLabNames } from './state.js';
