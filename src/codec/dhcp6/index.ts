/**
 * DHCPv6 codec (RFC 8415 and the option RFCs its registry cites): messages and relay messages,
 * DUIDs, the option registry, typed accessors, builders, hot-path helpers and presenters.
 */
export * from './constants.js';
export * from './duid.js';
export * from './message.js';
export {
	dhcp6Options,
	DHCP6_SPACES,
	vendorOptsSpace,
	ntpServerSpace,
	docsis3V6Space,
	mosAddressSpace,
	mosFqdnSpace,
	s46MapeSpace,
	s46MaptSpace,
	s46LwSpace,
	s46RuleSpace,
	s46V4v6bindSpace,
	vendorSpaceOf,
	ENTERPRISE_CABLELABS,
	messageValue,
	containerOf,
	type ContainerView,
	type ContainerValue,
} from './option-defs.js';
export * from './accessors.js';
export * from './builders.js';
export * from './fast.js';
export * from './present.js';
