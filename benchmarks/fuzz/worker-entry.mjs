// Worker threads do not inherit the --import=tsx loader hooks on Node 20, so the worker registers
// tsx itself before loading the TypeScript fuzzing loop.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
