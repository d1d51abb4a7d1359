import { z } from 'zod';

/**
 * What a task instance keeps of the SWE-bench-style row it was converted from, so that
 * `toSweBenchRow(fromSweBenchRow(row))` gives the row back byte for byte (same values, same
 * key order): everything the instance has no typed field for, and how the row encoded the
 * fields it does have.
 */
export const sweBenchOriginSchema = z
  .strictObject({
    keyOrder: z.array(z.string().min(1)).describe('Keys of the original row, in their original order.'),
    testListEncoding: z
      .enum(['json-string', 'array'])
      .optional()
      .describe(
        'How FAIL_TO_PASS/PASS_TO_PASS were written: a JSON-encoded string (SWE-bench on Hugging Face) or a JSON array (FEA-Bench).',
      ),
    createdAtEncoding: z
      .enum(['iso-string', 'epoch-milliseconds'])
      .optional()
      .describe('How created_at was written: an ISO string, or epoch milliseconds (TDD-Bench, from pandas).'),
    extraFields: z
      .record(z.string(), z.json())
      .default({})
      .describe('Row keys the instance has no field for, with their values as they were.'),
    verbatim: z
      .record(z.string(), z.json())
      .default({})
      .describe(
        'Original values of mapped keys whose exact encoding cannot be rebuilt from the typed field; used only while they still decode to the typed value.',
      ),
  })
  .describe('The SWE-bench row an instance came from: what is needed to write it back unchanged.');

/** What an instance keeps of its SWE-bench row. See {@link sweBenchOriginSchema}. */
export type SweBenchOrigin = z.infer<typeof sweBenchOriginSchema>;
