import type { ModelReference, SamplingSettings, TaskKind } from '@swespot/core';

/**
 * What an importer needs to know that a foreign trajectory file does not say. Every field is
 * optional; each importer documents what it falls back to.
 */
export interface ImportSettings {
  /** Trajectory id. Default: a stable hash of the file's content, prefixed with the format name. */
  id?: string;
  /** Id of the task it ran on. Default: the file's `instance_id` (mini-swe-agent), else the id. */
  taskId?: string;
  /** Kind of the task. Default: `bugfix` (both agents are mostly run on SWE-bench-style issues). */
  taskKind?: TaskKind;
  /** Model that produced it. Default: the model name in the file's config, provider `litellm`. */
  model?: ModelReference;
  /** Sampling settings. Default: those found in the file's model config (temperature, top_p, ...). */
  settings?: SamplingSettings;
  /** Knowledge cutoff of the task snapshot, ISO 8601, copied for the temporal filter. Default: none. */
  cutoff?: string;
  /**
   * When the run happened, ISO 8601, for files without timestamps. Default: the timestamps in
   * the file, else the Unix epoch.
   */
  startedAt?: string;
}
