/**
 * `@swespot/core`: the contracts every swespot package builds on. Versioned interfaces
 * (models, sandboxes, git readers), zod schemas of every record written to disk, errors,
 * JSONL streaming I/O, seeded randomness and stable ids. Runtime dependency: zod only.
 */
export { VERSION } from './version';

// errors
export { SwespotError, type SwespotErrorOptions } from './errors/swespot-error';
export { InvalidArgumentError } from './errors/invalid-argument-error';
export { InvalidConfigError, type ConfigIssue } from './errors/invalid-config-error';
export { LoadSettingError } from './errors/load-setting-error';
export { ApiCallError, isRetryableStatus } from './errors/api-call-error';
export { UnsupportedCapabilityError } from './errors/unsupported-capability-error';
export { SandboxCommandError } from './errors/sandbox-command-error';
export { ValidationError, type ValidationIssue } from './errors/validation-error';
export { parseWithSchema, toValidationIssues, type ParseLocation } from './schemas/zod-issues';

// interfaces: model, sandbox, git
// @section interfaces
export type * from './model/v1';
export type * from './sandbox/v1';
export type * from './git/v1';

// records on disk: TaskInstance, TestReport, Trajectory, RunRecord
// @section record-schemas

// SWE-bench rows <-> bugfix/feature instances
// @section swe-bench

// JSONL streaming reader and resumable writer
// @section jsonl
export { parseJsonlLine, type ParseJsonlLineOptions } from './jsonl/parse-jsonl-line';
export {
  readJsonl,
  type ReadJsonlOptions,
  type JsonlReader,
  type JsonlReadStats,
  type JsonlSkippedLine,
  type JsonlTruncatedTail,
} from './jsonl/read-jsonl';
export { readJsonlToArray } from './jsonl/read-jsonl-to-array';
export {
  openJsonlWriter,
  type OpenJsonlWriterOptions,
  type JsonlWriter,
  type JsonlWriteOptions,
  type JsonlDurability,
} from './jsonl/open-jsonl-writer';

// seeded randomness and stable ids
// @section random
export { createRandom, type Random } from './random/create-random';
export { stableId, type StableIdOptions } from './ids/stable-id';
export { canonicalJson } from './ids/canonical-json';
