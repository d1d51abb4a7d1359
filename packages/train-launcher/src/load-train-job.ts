import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidConfigError, type ConfigIssue } from '@swespot/core';
import { isPair, isScalar, parseDocument, visit } from 'yaml';
import { applySetting, parseSetting, type Setting } from './apply-setting';
import { getTrainJobPreset } from './presets';
import { trainJobSchema, type TrainJob } from './train-job-schema';

/** Options of {@link loadTrainJob}: a preset or a job file, then overrides. */
export interface LoadTrainJobOptions {
  /** A preset name (`swespot-4b`, `swespot-4b-lora`, `swe-lego-8b`). Set this or `file`. */
  preset?: string;
  /** A job.yaml (or .json) file. Set this or `preset`. */
  file?: string;
  /** `key=value` overrides applied in order, e.g. `['cluster.nodes=2', 'datasets.0=data/a.jsonl#100']`. */
  set?: readonly string[];
  /** The ms-swift version to target, applied last (the CLI's `--swift-version`). */
  swiftVersion?: string;
  /** Directory a relative `file` resolves against. Default `process.cwd()`. */
  cwd?: string;
  /** Stops the read. */
  abortSignal?: AbortSignal;
}

/** A loaded job and where its relative paths resolve. */
export interface LoadedTrainJob {
  /** The validated job, defaults filled in. */
  job: TrainJob;
  /** The job file's folder (or `cwd` for a preset): relative dataset paths resolve here. */
  baseDirectory: string;
}

function toIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ConfigIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

async function readJobFile(file: string, abortSignal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  const text = await readFile(file, { encoding: 'utf8', signal: abortSignal }).catch((error: NodeJS.ErrnoException) => {
    throw new InvalidConfigError({ file, issues: [{ path: '', message: `cannot read the job file (${error.code ?? error.message})` }], cause: error });
  });
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new InvalidConfigError({
      file,
      issues: document.errors.map((error) => ({ path: '', message: `line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}` })),
    });
  }
  // YAML reads `swiftVersion: 3.10` as the number 3.1; keep the version as written.
  visit(document, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'swiftVersion' && isScalar(pair.value) && typeof pair.value.value === 'number') {
        pair.value.value = pair.value.source ?? String(pair.value.value);
      }
    },
  });
  const value: unknown = document.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidConfigError({ file, issues: [{ path: '', message: 'the job file must be a mapping of settings (name, model, datasets, ...)' }] });
  }
  return value as Record<string, unknown>;
}

/**
 * Loads a training job from a preset or a job.yaml file, applies `--set` overrides and the
 * ms-swift version, and validates it with {@link trainJobSchema}.
 *
 * @throws {InvalidConfigError} listing every issue as `path.to.field: message` (with the file),
 *   or naming the preset/file problem.
 */
export async function loadTrainJob(options: LoadTrainJobOptions): Promise<LoadedTrainJob> {
  const cwd = options.cwd ?? process.cwd();
  if ((options.preset === undefined) === (options.file === undefined)) {
    throw new InvalidConfigError({ issues: [{ path: '', message: 'give exactly one of a preset (--preset NAME) and a job file (--job job.yaml)' }] });
  }
  let input: Record<string, unknown>;
  let baseDirectory = cwd;
  let file: string | undefined;
  if (options.file !== undefined) {
    file = resolve(cwd, options.file);
    input = await readJobFile(file, options.abortSignal);
    baseDirectory = dirname(file);
  } else {
    try {
      input = getTrainJobPreset(options.preset as string) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidConfigError({ issues: [{ path: 'preset', message: (error as Error).message.replace(/^preset: /, '') }], cause: error });
    }
  }
  const settings: Setting[] = [];
  const settingIssues: ConfigIssue[] = [];
  for (const assignment of options.set ?? []) {
    try {
      settings.push(parseSetting(assignment));
    } catch (error) {
      settingIssues.push({ path: 'set', message: (error as Error).message });
    }
  }
  if (settingIssues.length > 0) throw new InvalidConfigError({ issues: settingIssues, file });
  for (const setting of settings) applySetting(input, setting);
  if (options.swiftVersion !== undefined) input.swiftVersion = options.swiftVersion;

  let result = trainJobSchema.safeParse(input);
  if (!result.success) {
    // `--set swiftVersion=3.10` or `--set name=2024` parse as numbers; retry those as the text given.
    let retried = false;
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      const setting = settings.findLast((candidate) => candidate.path.map(String).join('.') === key);
      if (setting && issue.code === 'invalid_type' && issue.expected === 'string' && typeof setting.value !== 'string') {
        applySetting(input, { ...setting, value: setting.text.trim() });
        retried = true;
      }
    }
    if (retried) result = trainJobSchema.safeParse(input);
  }
  if (!result.success) throw new InvalidConfigError({ issues: toIssues(result.error.issues), file });
  return { job: result.data, baseDirectory };
}
