import { z } from 'zod';
import { countSchema, durationMillisecondsSchema, isoDateTimeSchema, schemaVersionSchema } from './record-fields';

/** The RCX units `swespot mine` produces, in pipeline order. */
export const mineUnitNameSchema = z
  .enum(['design', 'fim', 'mirror', 'synth', 'repro'])
  .describe('design probes, FIM holes, bugs mirrored from pull requests, synthetic bugs, reproduction-test tasks.');

/** One RCX unit `swespot mine` can produce. */
export type MineUnitName = z.infer<typeof mineUnitNameSchema>;

/** One step of a funnel: how many items were left after it. */
export const mineFunnelStepSchema = z
  .strictObject({
    step: z.string().min(1).describe('What the step does, e.g. "candidates", "validated".'),
    count: countSchema.describe('Items left after the step.'),
  })
  .describe('One step of a funnel.');

/** One stage of a `swespot mine` run: what it did, how long it took, or why it was skipped. */
export const mineStageSummarySchema = z
  .strictObject({
    name: z.string().min(1).describe('Stage name: sample, snapshot, index, environment, design, fim, mirror, synth, repro, rollout, export.'),
    status: z.enum(['done', 'skipped', 'failed']).describe('done; skipped (with the reason); failed (with the error).'),
    durationMs: durationMillisecondsSchema.describe('Time the stage took, summed over resumed runs; 0 when skipped.'),
    reason: z.string().min(1).optional().describe('Why the stage was skipped, or the error it failed with.'),
    counts: z.record(z.string(), countSchema).describe('Counts by name, e.g. { files: 12, entities: 80 }.'),
  })
  .describe('One stage of a mine run.');

/** One stage of a `swespot mine` run. */
export type MineStageSummary = z.infer<typeof mineStageSummarySchema>;

/** What one RCX unit produced: its funnel, its tasks by kind, and a sample task. */
export const mineUnitSummarySchema = z
  .strictObject({
    unit: mineUnitNameSchema,
    status: z.enum(['done', 'skipped', 'failed']),
    reason: z.string().min(1).optional().describe('Why the unit was skipped or failed.'),
    file: z.string().min(1).nullable().describe('The unit\'s task file, relative to the run folder; null when skipped.'),
    tasks: countSchema.describe('Tasks in the file.'),
    byKind: z.record(z.string(), countSchema).describe('Tasks by kind or sub-kind (e.g. granularity, classification, bug origin).'),
    funnel: z.array(mineFunnelStepSchema).describe('From candidates to kept tasks, in order.'),
  })
  .describe('What one RCX unit produced.');

/** What one RCX unit produced. */
export type MineUnitSummary = z.infer<typeof mineUnitSummarySchema>;

/**
 * `summary.json` of a `swespot mine` run folder: the repository and cutoff, the options, each
 * stage's time and counts, each unit's funnel and task counts, and what was skipped and why.
 */
export const mineSummarySchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    repository: z
      .strictObject({
        name: z.string().min(1).describe('owner/name, or local/<folder>.'),
        path: z.string().min(1).describe('The clone that was mined.'),
        sample: z.boolean().describe('Whether it is the built-in sample repository.'),
      })
      .describe('The repository mined.'),
    cutoff: isoDateTimeSchema.describe('The knowledge cutoff.'),
    snapshotCommit: z.string().regex(/^[0-9a-f]{40}$/).nullable().describe('The commit of the snapshot at the cutoff; null before the snapshot stage ran.'),
    options: z
      .strictObject({
        units: z.array(mineUnitNameSchema).describe('The units asked for.'),
        sandbox: z.enum(['docker', 'bubblewrap']).describe('The sandbox used (auto resolved).'),
        dependencies: z.enum(['online', 'offline-debian']),
        seed: countSchema,
        count: countSchema.describe('Most tasks per unit.'),
        model: z.string().nullable().describe('provider:model for generation, or null.'),
        teacher: z.string().nullable().describe('provider:model of the teacher rollouts, or null.'),
      })
      .describe('The options of the run.'),
    stages: z.array(mineStageSummarySchema).describe('Every stage, in order.'),
    units: z.array(mineUnitSummarySchema).describe('Every unit asked for, in order.'),
    totals: z
      .strictObject({
        tasks: countSchema.describe('Tasks over all units.'),
        trajectories: countSchema.describe('Teacher trajectories written (0 without --teacher).'),
        datasetRows: countSchema.describe('Rows of the exported ms-swift dataset (0 without --teacher).'),
        durationMs: durationMillisecondsSchema.describe('Time of all stages.'),
      })
      .describe('Totals of the run.'),
    skipped: z
      .array(z.strictObject({ what: z.string().min(1), reason: z.string().min(1) }))
      .describe('What the run did not do, and why (no model, no Docker engine, not in this build).'),
    finishedAt: isoDateTimeSchema.describe('When the summary was written.'),
  })
  .describe('summary.json of a swespot mine run.');

/** `summary.json` of a `swespot mine` run. See {@link mineSummarySchema}. */
export type MineSummary = z.infer<typeof mineSummarySchema>;
