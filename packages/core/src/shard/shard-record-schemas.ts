import type { z } from 'zod';
import { evalResultSchema } from '../schemas/eval-result';
import { runRecordSchema } from '../schemas/run-record';
import { taskInstanceSchema } from '../schemas/task-instance';
import { testReportSchema } from '../schemas/test-report';
import { trajectorySchema } from '../schemas/trajectory';

/**
 * The records a sharded stage may write, by the name its shard manifest gives
 * (`records.schema`), so `swespot merge` validates every record with the right core
 * schema. A stage that writes another record adds it here.
 */
export const SHARD_RECORD_SCHEMAS = {
  TaskInstance: taskInstanceSchema,
  Trajectory: trajectorySchema,
  EvalResult: evalResultSchema,
  TestReport: testReportSchema,
  RunRecord: runRecordSchema,
} as const satisfies Record<string, z.ZodType<{ id: string }>>;

/** The name of a record a sharded stage writes, e.g. `Trajectory`. */
export type ShardRecordSchemaName = keyof typeof SHARD_RECORD_SCHEMAS;
