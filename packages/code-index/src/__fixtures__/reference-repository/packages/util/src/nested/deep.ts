import { Vector } from '../math';

export function deepest(): Vector { // ref: Vector -> packages/util/src/math.ts::Vector
  return Vector.zero; // ref: Vector.zero -> packages/util/src/math.ts::Vector.zero
}
