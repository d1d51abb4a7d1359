import type { ValidationIssue } from '@swespot/core';
import { Ajv } from 'ajv';
import { batchJobV1JsonSchema } from './batch-job-v1-json-schema';

let compiled: ReturnType<Ajv['compile']> | undefined;

/**
 * Checks a Kubernetes Job document against {@link batchJobV1JsonSchema} (batch/v1 from the
 * official OpenAPI, plus the API server's Indexed Job rules) with ajv, returning every issue
 * as `{ path: 'spec.template.spec.restartPolicy', message }`; empty when valid. The schema
 * is compiled on first use.
 */
export function validateBatchJob(document: unknown): ValidationIssue[] {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The OpenAPI integer formats, checked rather than ignored (ajv knows neither).
    ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
    compiled = ajv.compile(batchJobV1JsonSchema);
  }
  if (compiled(document)) return [];
  return (compiled.errors ?? []).map((error) => ({
    path: error.instancePath.split('/').filter(Boolean).join('.'),
    message: `${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
  }));
}
