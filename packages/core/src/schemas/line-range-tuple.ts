import { z } from 'zod';

/**
 * A 1-based, inclusive line range written as a pair `[start, end]`, the way FEA-Bench and
 * many tools write it.
 */
export const lineRangeTupleSchema = z
  .tuple([z.int().positive(), z.int().positive()])
  .refine(([start, end]) => end >= start, { message: 'end must not be before start', path: [1] })
  .describe('[first line, last line], 1-based, inclusive.');

/** A `[start, end]` line pair, 1-based, inclusive. */
export type LineRangeTuple = z.infer<typeof lineRangeTupleSchema>;
