import type { z } from 'zod';
import { readJsonl, type ReadJsonlOptions } from './read-jsonl';

/**
 * Reads a whole JSONL file into an array of validated records, with the same rules and
 * options as {@link readJsonl} (blank lines ignored, torn last line ignored by default,
 * `onInvalid: 'throw'` by default). Holds every record in memory; stream with `readJsonl`
 * for big files.
 *
 * @throws {ValidationError} for an invalid line, naming the file, line and zod paths.
 */
export async function readJsonlToArray<Schema extends z.ZodType>(
  file: string,
  options: ReadJsonlOptions<Schema>,
): Promise<z.output<Schema>[]> {
  const records: z.output<Schema>[] = [];
  for await (const record of readJsonl(file, options)) records.push(record);
  return records;
}
