import { z } from 'zod';
import { bugfixTaskSchema } from './bugfix-task';
import { designTaskSchema } from './design-task';
import { featureTaskSchema } from './feature-task';
import { fimTaskSchema } from './fim-task';
import { qaTaskSchema } from './qa-task';
import { testReproTaskSchema } from './test-repro-task';

/**
 * One task instance, a line of a tasks JSONL file: a discriminated union over `kind`
 * (`design`, `fim`, `bugfix`, `test-repro`, `feature`, `qa`). Every kind has the fields of
 * `taskBaseSchema` (id, repo, snapshot, environment, test spec, provenance, seed).
 *
 * @example
 * ```ts
 * const task = parseWithSchema(taskInstanceSchema, JSON.parse(line), { file, line: n, schema: 'TaskInstance' });
 * if (task.kind === 'bugfix') console.log(task.failToPass);
 * ```
 */
export const taskInstanceSchema = z
  .discriminatedUnion('kind', [
    designTaskSchema,
    fimTaskSchema,
    bugfixTaskSchema,
    testReproTaskSchema,
    featureTaskSchema,
    qaTaskSchema,
  ])
  .describe('A task instance of any kind.');

/** One task instance of any kind. See {@link taskInstanceSchema}. */
export type TaskInstance = z.infer<typeof taskInstanceSchema>;
