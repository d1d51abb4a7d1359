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
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(batchJobV1JsonSchema);
  if (compiled(document)) return [];
  return (compiled.errors ?? []).map((error) => ({
    path: error.instancePath.split('/').filter(Boolean).join('.'),
    message: `${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
  }));
}
