/** The load shapes `--scenario` names; a new shape is one file beside this one and one line here. */
import { avalanche } from './avalanche.js';
import { basic } from './basic.js';
import type { ShapeSpec } from './shape.js';

export const SHAPES = { basic, avalanche } as const satisfies Record<string, ShapeSpec>;

export type ShapeName = keyof typeof SHAPES;

export function isShapeName(name: string): name is ShapeName {
	return Object.hasOwn(SHAPES, name);
}
