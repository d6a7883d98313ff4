/** The load shapes `--scenario` names; a new shape is one file beside this one and one line here. */
import { avalanche } from './avalanche.js';
import { basic } from './basic.js';
import { clientLifecycle } from './client-lifecycle.js';
import { closedLoop } from './closed-loop.js';
import { stages } from './stages.js';
import type { ShapeSpec } from './shape.js';

const SHAPES: Readonly<Record<string, ShapeSpec>> = { basic, avalanche, stages, 'closed-loop': closedLoop, lifecycle: clientLifecycle };

/** The names `--scenario` takes. */
export const SHAPE_NAMES = Object.keys(SHAPES);

/** The shape of that name, or undefined. */
export function shapeNamed(name: string): ShapeSpec | undefined {
	return Object.hasOwn(SHAPES, name) ? SHAPES[name] : undefined;
}
