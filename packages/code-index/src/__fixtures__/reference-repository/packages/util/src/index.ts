export { clamp, lerp as interpolate } from './math';
export * from './strings';
export { default as Logger } from './logger';
export * as nested from './nested/deep';
import { Vector } from './math';
export { Vector }; // ref: Vector -> packages/util/src/math.ts::Vector
export type { Options } from './options';
