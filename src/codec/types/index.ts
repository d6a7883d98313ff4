export * from './value-type.js';
export * from './scalars.js';
export * from './names.js';
export * from './composite.js';
export * from './formats.js';
export * from './text.js';
