import type { Options } from './options';

/** Clamps a value. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

export const lerp = (from: number, to: number, amount: number): number => from + (to - from) * clamp(amount, 0, 1);

export class Vector {
  static readonly zero = new Vector(0, 0);
  constructor(readonly x: number, readonly y: number) {}

  length(options?: Options): number { // ref: Options -> packages/util/src/options.ts::Options
    return Math.hypot(this.x, this.y);
  }

  scale(factor: number): Vector {
    return new Vector(clamp(this.x * factor, -1e9, 1e9), this.y * factor);
  }
}
