import { readFile, rename, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type TaskInstance } from '@swespot/core';
import { z } from 'zod';

/** One prediction in SWE-bench's `preds.json` shape. */
export interface SweBenchPrediction {
  readonly model_name_or_path: string;
  readonly instance_id: string;
  /** The patch (bugfix, feature, test-repro) or the answer (qa); empty when the model handed in nothing. */
  readonly model_patch: string;
}

const predictionSchema = z.looseObject({
  instance_id: z.string().min(1),
  model_patch: z.string().nullish(),
  model_name_or_path: z.string().nullish(),
});

/**
 * Writes predictions as SWE-bench's `preds.json` (`{instance_id: {model_name_or_path,
 * instance_id, model_patch}}`, what mini-swe-agent writes and the harnesses read), keys
 * sorted, through a temporary file and a rename so a kill never leaves half a file.
 */
export async function writePredictionsFile(file: string, predictions: readonly SweBenchPrediction[]): Promise<void> {
  const sorted = [...predictions].sort((left, right) => left.instance_id.localeCompare(right.instance_id));
  const body = Object.fromEntries(sorted.map((prediction) => [prediction.instance_id, prediction]));
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`);
  await rename(temporary, file);
}

/**
 * Reads predictions in any of the shapes the harnesses take: SWE-bench's `preds.json` dict,
 * a JSON list of `{instance_id, model_patch}` (TDD-Bench's), or JSONL, one per line.
 * Returns patches by instance id and the file's model name, when it has one.
 *
 * @throws {InvalidArgumentError} naming the file (and line, for JSONL) of a malformed entry.
 */
export async function readPredictionsFile(file: string): Promise<{ patches: Map<string, string>; modelName?: string }> {
  const text = await readFile(file, 'utf8');
  let entries: { value: unknown; where: string }[];
  try {
    const parsed = JSON.parse(text) as unknown;
    entries = Array.isArray(parsed)
      ? parsed.map((value, index) => ({ value, where: `${file}[${index}]` }))
      : Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({ value: typeof value === 'string' ? { instance_id: key, model_patch: value } : value, where: `${file}: ${key}` }));
  } catch {
    entries = text
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, index }) => {
        try {
          return { value: JSON.parse(line) as unknown, where: `${file}:${index + 1}` };
        } catch (error) {
          throw new InvalidArgumentError({ argument: 'predictions', message: `${file}:${index + 1}: not JSON (${(error as Error).message}); give preds.json, a JSON list or JSONL of {instance_id, model_patch}.` });
        }
      });
  }
  const patches = new Map<string, string>();
  let modelName: string | undefined;
  for (const { value, where } of entries) {
    const parsed = predictionSchema.safeParse(value);
    if (!parsed.success) {
      throw new InvalidArgumentError({ argument: 'predictions', message: `${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`).join('; ')}` });
    }
    patches.set(parsed.data.instance_id, parsed.data.model_patch ?? '');
    modelName ??= parsed.data.model_name_or_path ?? undefined;
  }
  return { patches, ...(modelName ? { modelName } : {}) };
}

/** The gold prediction of an instance: its gold patch (bugfix, feature), its golden test patch (test-repro), its reference answer (qa). */
export function goldPredictionOf(instance: TaskInstance): string {
  switch (instance.kind) {
    case 'bugfix':
    case 'feature':
      return instance.goldPatch;
    case 'test-repro':
      return instance.testPatch;
    case 'qa':
      return instance.referenceAnswer;
    default:
      return '';
  }
}
