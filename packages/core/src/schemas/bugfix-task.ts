import { z } from 'zod';
import { changeTaskFields, failToPassSchema, passToPassSchema } from './change-task-fields';
import { taskBaseSchema } from './task-base';

/**
 * How the bug in a bugfix task came to be:
 * - `historical`: the original bug at the PR's base commit (SWE-bench-style benchmarks);
 * - `pr-mirror`: a merged PR's change undone on a later snapshot (Evolutionary Replay);
 * - `synthetic`: made by a bug generator with the named strategy.
 */
export const bugOriginSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('historical') }).describe('The original bug at the pull request\'s base commit.'),
    z
      .strictObject({
        type: z.literal('pr-mirror'),
        prNumber: z.int().positive().describe('The pull request whose change was undone.'),
        direct: z
          .boolean()
          .describe('Whether the PR diff applied in reverse as is (true) or a model rewrote the files (false).'),
      })
      .describe('A merged pull request mirrored back onto the snapshot.'),
    z
      .strictObject({
        type: z.literal('synthetic'),
        strategy: z
          .string()
          .min(1)
          .describe('Generator strategy, e.g. lm-modify, lm-rewrite, procedural/remove-conditional, combine.'),
        entity: z.string().min(1).optional().describe('The function or class the bug was put into, e.g. pkg/mod.py::Class.method.'),
      })
      .describe('A bug made by a generator.'),
  ])
  .describe('How the bug came to be.');

/** How the bug in a bugfix task came to be. See {@link bugOriginSchema}. */
export type BugOrigin = z.infer<typeof bugOriginSchema>;

/**
 * A bugfix task (RCX Evolutionary Replay; SWE-bench Verified): make the failing tests pass
 * without breaking the passing ones. The repository is `snapshot.commit` with `bugPatch`
 * applied, when there is one; `goldPatch` applied on top resolves it.
 */
export const bugfixTaskSchema = taskBaseSchema
  .extend({
    kind: z.literal('bugfix'),
    ...changeTaskFields,
    failToPass: failToPassSchema,
    passToPass: passToPassSchema,
    bugOrigin: bugOriginSchema,
    bugPatch: z
      .string()
      .min(1)
      .optional()
      .describe('Unified diff that puts the bug into the snapshot (PR mirrors and synthetic bugs); absent when the snapshot already has it.'),
  })
  .describe('Bugfix task: resolve the issue so FAIL_TO_PASS passes and PASS_TO_PASS still does.');

/** A bugfix task. See {@link bugfixTaskSchema}. */
export type BugfixTask = z.infer<typeof bugfixTaskSchema>;
