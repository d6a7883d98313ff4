/** DHCPv4 codec: message encode/decode, option registry, builders, hot-path helpers, presenters. */
export * from './message.js';
export * from './option-defs.js';
export * from './options.js';
export * from './value-types.js';
export * from './builders.js';
export * from './fast.js';
export * from './present.js';
export * from './message-value.js';
