import type { ConfigIssue } from '@swespot/core';
import type { SwiftArgument } from './swift-argument';
import { SWIFT_CHOICE_TABLE } from './swift-choices-table';
import type { SwiftVersion } from './swift-version';

/**
 * One value ms-swift accepts for an enumerated flag, from the release that first accepts it
 * (and up to the one that rejects it again), with where ms-swift declares it. Rows are derived
 * from ms-swift's argument dataclasses at every release tag by `scripts/derive-swift-choices.py`.
 */
export interface SwiftChoiceEntry {
  /** The command the flag belongs to: `megatron sft` or `swift sft`. */
  backend: 'megatron' | 'swift';
  /** The flag name without dashes, as that release spells it, e.g. `recompute_granularity`. */
  flag: string;
  /** The accepted value, e.g. `none`. */
  value: string;
  /** The first ms-swift release (tag without `v`) that accepts the value, e.g. `3.12.3`. */
  since: string;
  /** The first release that rejects it again, when there is one (`train_type` is gone in 4.1.0). */
  removedIn?: string;
  /** The file of ms-swift at `since` that declares the choice, e.g. `swift/megatron/argument/megatron_args.py`. */
  file: string;
  /** The declaration there, e.g. `MegatronArguments.recompute_granularity: Literal['selective', 'full', 'none']`. */
  declaration: string;
}

type Release = [major: number, minor: number, patch: number];

function parseRelease(text: string): Release {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return [major, minor, patch];
}

function compareReleases(left: Release, right: Release): number {
  return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
}

/** Whether `entry` is accepted by `version` (a version without a patch number means its `.0` release). */
function acceptedBy(entry: SwiftChoiceEntry, version: SwiftVersion): boolean {
  const release: Release = [version.major, version.minor, version.patch];
  if (compareReleases(release, parseRelease(entry.since)) < 0) return false;
  return entry.removedIn === undefined || compareReleases(release, parseRelease(entry.removedIn)) < 0;
}

/** The table's rows by `backend flag`. */
const ROWS_BY_FLAG = new Map<string, SwiftChoiceEntry[]>();
for (const entry of SWIFT_CHOICE_TABLE) {
  const key = `${entry.backend} ${entry.flag}`;
  ROWS_BY_FLAG.set(key, [...(ROWS_BY_FLAG.get(key) ?? []), entry]);
}

/** True when the table lists choices for `--flag` of `backend` at some release, i.e. the flag is enumerated. */
export function isEnumeratedSwiftFlag(backend: SwiftChoiceEntry['backend'], flag: string): boolean {
  return ROWS_BY_FLAG.has(`${backend} ${flag}`);
}

/**
 * The values `version` of ms-swift accepts for `--flag` of `backend`, each with its source, from
 * {@link SWIFT_CHOICE_TABLE}. Empty when that release has no such enumerated flag (or the flag
 * is not in the table: check {@link isEnumeratedSwiftFlag}). A version written without a patch
 * number (`3.12`) means its first release (`3.12.0`): a value must work on every patch release
 * of the line the job names.
 */
export function swiftChoicesFor(backend: SwiftChoiceEntry['backend'], flag: string, version: SwiftVersion): SwiftChoiceEntry[] {
  return (ROWS_BY_FLAG.get(`${backend} ${flag}`) ?? []).filter((entry) => acceptedBy(entry, version));
}

/** The job field each enumerated flag is written from, for issue paths. */
const FLAG_FIELDS: Readonly<Record<string, string>> = {
  train_type: 'tuner.type',
  tuner_type: 'tuner.type',
  recompute_granularity: 'recompute.granularity',
  recompute_method: 'recompute.method',
  lr_decay_style: 'learningRate.schedule',
  lr_scheduler_type: 'learningRate.schedule',
  attention_backend: 'attentionBackend',
  attn_impl: 'attentionBackend',
  truncation_strategy: 'sequence.truncation',
  torch_dtype: 'precision',
  rope_scaling: 'sequence.ropeScaling.type',
  deepspeed: 'parallelism.deepspeed',
  report_to: 'logging',
};

/**
 * Checks every value of every enumerated flag in `swiftArguments` against what `version`
 * accepts ({@link swiftChoicesFor}) and returns one issue per value outside it, naming the job
 * field (or `extraArguments.<flag>`), the file and release that declare the choices, and when
 * the value arrived or left. `deepspeed` values ending in `.json` are config paths and pass.
 */
export function checkSwiftChoices(
  swiftArguments: readonly SwiftArgument[],
  backend: SwiftChoiceEntry['backend'],
  version: SwiftVersion,
  extraArgumentNames: ReadonlySet<string> = new Set(),
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const argument of swiftArguments) {
    if (!isEnumeratedSwiftFlag(backend, argument.name)) continue;
    const accepted = swiftChoicesFor(backend, argument.name, version);
    for (const value of argument.values) {
      if (argument.name === 'deepspeed' && value.endsWith('.json')) continue;
      if (accepted.some((entry) => entry.value === value)) continue;
      const path = extraArgumentNames.has(argument.name) ? `extraArguments.${argument.name}` : (FLAG_FIELDS[argument.name] ?? argument.name);
      const rows = (ROWS_BY_FLAG.get(`${backend} ${argument.name}`) ?? []).filter((entry) => entry.value === value);
      const history = rows.map((entry) => `${value} is accepted from ${entry.since}${entry.removedIn ? ` until ${entry.removedIn}` : ''} (${entry.file})`).join('; ');
      const samePatchLine = rows.some((entry) => {
        const [major, minor] = parseRelease(entry.since);
        return major === version.major && minor === version.minor;
      });
      const patchHint = samePatchLine && version.text.split('.').length === 2 ? ` (swiftVersion ${version.text} is read as ${version.text}.0: write the exact release, e.g. ${rows[0]?.since}, if the cluster runs it)` : '';
      const source = accepted[0] ? ` (${accepted[0].declaration} in ${accepted[0].file})` : '';
      const choices = accepted.length > 0 ? `its choices are ${accepted.map((entry) => entry.value).join(', ')}${source}` : `it has no --${argument.name}`;
      issues.push({
        path,
        message: `ms-swift ${version.text} rejects --${argument.name} ${value}: ${choices}${history ? `; ${history}` : ''}${patchHint}`,
      });
    }
  }
  return issues;
}
