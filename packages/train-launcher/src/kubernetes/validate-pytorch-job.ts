import type { ValidationIssue } from '@swespot/core';
import { Ajv } from 'ajv';
import { pyTorchJobV1JsonSchema } from './pytorch-job-v1-json-schema';

let compiled: ReturnType<Ajv['compile']> | undefined;

/**
 * Checks a PyTorchJob document against {@link pyTorchJobV1JsonSchema} (the v1 CRD's structure
 * plus the admission webhook's rules) with ajv, returning every issue as
 * `{ path: 'spec.pytorchReplicaSpecs.Master.replicas', message }`; empty when valid. The
 * schema is compiled on first use.
 */
export function validatePyTorchJob(document: unknown): ValidationIssue[] {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(pyTorchJobV1JsonSchema);
  if (compiled(document)) return [];
  return (compiled.errors ?? []).map((error) => ({
    path: error.instancePath.split('/').filter(Boolean).join('.'),
    message: `${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
  }));
}
