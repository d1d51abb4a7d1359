import { z } from 'zod';
import { environmentSpecSchema } from './environment-spec';
import { provenanceSchema } from './provenance';
import { commitShaSchema, isoDateTimeSchema, recordIdSchema, repositoryNameSchema, schemaVersionSchema } from './record-fields';
import { testSpecSchema } from './test-spec';

/**
 * The kinds of task instance: the four RCX units (`design` probes, agentic `fim` holes,
 * `bugfix` from PR mirrors and synthetic bugs, `test-repro`) and the evaluation tasks they
 * share with benchmarks (`bugfix` for SWE-bench Verified, `test-repro` for TDD-Bench,
 * `feature` for FEA-Bench, `qa` for SWE-QA).
 */
export const taskKindSchema = z
  .enum(['design', 'fim', 'bugfix', 'test-repro', 'feature', 'qa'])
  .describe('Kind of task: design, fim, bugfix, test-repro, feature or qa.');

/** The kind of a task instance. See {@link taskKindSchema}. */
export type TaskKind = z.infer<typeof taskKindSchema>;

/**
 * The state of the repository a task starts from: a commit, and the knowledge cutoff the
 * task respects (nothing after it may leak into the task or its training data).
 */
export const snapshotSchema = z
  .strictObject({
    commit: commitShaSchema.describe('Commit the task starts from (before any bug patch is applied).'),
    cutoff: isoDateTimeSchema.describe('Knowledge cutoff: no repository history after this instant is part of the task.'),
  })
  .describe('Repository snapshot the task starts from.');

/** The commit and knowledge cutoff a task starts from. */
export type Snapshot = z.infer<typeof snapshotSchema>;

/**
 * The fields every task instance has, whatever its kind. Each kind's schema extends this one
 * with a `kind` literal and its own fields.
 */
export const taskBaseSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  id: recordIdSchema.describe('Task id, e.g. django__django-13837 or django__pr-mirror__12345.'),
  repo: repositoryNameSchema,
  snapshot: snapshotSchema,
  environment: environmentSpecSchema,
  testSpec: testSpecSchema,
  provenance: provenanceSchema,
  seed: z.int().nonnegative().describe('Seed that made this instance; rerunning the generator with it gives the same instance.'),
  split: z.string().min(1).optional().describe('Dataset split, e.g. train, validation or test.'),
  difficulty: z
    .string()
    .min(1)
    .optional()
    .describe('Difficulty label as the source gives it, e.g. "1-4 hours" (SWE-bench Verified) or "hard".'),
  metadata: z
    .record(z.string(), z.json())
    .optional()
    .describe('Free-form JSON for generator-specific details that no consumer relies on.'),
});

/** The fields every task instance has. See {@link taskBaseSchema}. */
export type TaskBase = z.infer<typeof taskBaseSchema>;
