import { mkdir, open, readdir, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createRandom,
  InvalidArgumentError,
  msSwiftRecordSchema,
  toValidationIssues,
  ValidationError,
  type Trajectory,
} from '@swespot/core';
import type { z } from 'zod';
import { assignCurriculumStages } from './assign-curriculum-stages';
import { datasetStatisticsSchema, formatDatasetStatistics, meanStandardDeviation, type DatasetStatistics } from './dataset-statistics';
import { toMsSwiftRecord } from './export/to-ms-swift-record';
import { openAiChatRecordSchema, toOpenAiChatRecord } from './export/to-open-ai-chat-record';
import { shareGptRecordSchema, toShareGptRecord } from './export/to-share-gpt-record';
import { createTrajectoryFilter, type RejectionReason, type TrajectoryFilterSettings } from './filter/create-trajectory-filter';
import { readTrajectories, type ReadTrajectoriesOptions } from './import/read-trajectories';
import { maskErrorSteps, type MaskErrorStepsSettings } from './mask-error-steps';
import { rcxUnitOf } from './rcx-unit';
import { mixGroups } from './sample-like-ms-swift';
import { splitByTask } from './split-by-task';
import { createEstimateTokenCounter, type TokenCounter } from './token-counter';

/** The training-data formats {@link exportDataset} writes. */
export type ExportFormat = 'ms-swift' | 'openai' | 'sharegpt';

/** Every {@link ExportFormat}. */
export const exportFormats: readonly ExportFormat[] = ['ms-swift', 'openai', 'sharegpt'];

/** A refused trajectory, as reported to {@link ExportDatasetOptions.onRejected} and written to `rejected.jsonl`. */
export interface ExportRejection {
  /** Trajectory id. */
  trajectoryId: string;
  /** Task id. */
  taskId: string;
  /** File it was read from, and the line for JSONL. */
  file: string;
  line?: number;
  /** Why it was refused. */
  reason: RejectionReason;
  /** Details safe to log (never a secret's value). */
  message: string;
}

/** Options of {@link exportDataset}. */
export interface ExportDatasetOptions {
  /** Trajectory files and folders (see {@link readTrajectories}). */
  inputs: readonly string[];
  /** Output folder; its export files are rewritten. */
  outDir: string;
  /** `ms-swift` (default), `openai` (chat fine-tuning) or `sharegpt` (LLaMA-Factory). */
  format?: ExportFormat;
  /** Step-level error masking: `true` for every error kind, settings to choose kinds, false (default) for none. */
  maskErrors?: boolean | MaskErrorStepsSettings;
  /** Curriculum stages, easiest first, written as `train-stage-N.jsonl`. Default 1 (a single `train.jsonl`). */
  curriculumStages?: number;
  /** Difficulty used for the curriculum: `tokens` (default; SWE-Lego's trajectory length), `turns`, or a score per trajectory. */
  curriculumScore?: 'tokens' | 'turns' | ((trajectory: Trajectory) => number);
  /** Rows per RCX unit (`software_design`, `ctx_impl`, `evo_replay`, `rt_alignment`) with ms-swift `#N` semantics (oversampling); units not named are kept whole, 0 drops a unit. Default: all whole. */
  mix?: Readonly<Record<string, number>>;
  /** Seed of sampling, splitting and shuffling. Default 42 (ms-swift's `--data_seed`). */
  seed?: number | string;
  /** Share of tasks held out for `validation.jsonl`, in [0, 1). Default 0 (the SWE-Spot recipe uses `--split_dataset_ratio 0`). */
  validationShare?: number;
  /** Filter settings (success, bounds, duplicates, leakage, secrets, loops). Its token counter defaults to `tokenCounter`. */
  filter?: TrajectoryFilterSettings;
  /** Counts tokens for the bounds, the curriculum and the stats. Default: an estimate. */
  tokenCounter?: TokenCounter;
  /** Observation role in ms-swift rows: `user` (default) or `tool`. */
  observationRole?: 'user' | 'tool';
  /** Reading options (forced format, import settings for foreign formats). */
  read?: Omit<ReadTrajectoriesOptions, 'abortSignal'>;
  /** Called for every refused trajectory (also written to `rejected.jsonl`). */
  onRejected?: (rejection: ExportRejection) => void;
  /** Called after every trajectory read, with the number read so far. */
  onProgress?: (read: number) => void;
  /** Cancels the export between trajectories. */
  abortSignal?: AbortSignal;
}

/** What the first pass keeps of one trajectory; the row itself waits in the spool file. */
interface SpooledRow {
  offset: number;
  length: number;
  unit: string;
  taskId: string;
  turns: number;
  tokens: number;
  score: number;
  maskedTurns: number;
}

const writeBufferBytes = 4 * 1024 * 1024;
const spoolName = '.export-spool.jsonl';

/**
 * Appends to a file through one reused buffer, written in large chunks: text is encoded
 * straight into the buffer and spooled rows are read straight into it, so no row is joined,
 * decoded or encoded again. Tracks the byte offset of what it appended.
 */
class BufferedFileWriter {
  private readonly buffer = Buffer.allocUnsafe(writeBufferBytes);
  private used = 0;
  /** Bytes appended so far, written or buffered: the file offset of the next append. */
  offset = 0;
  constructor(private readonly handle: FileHandle) {}

  /** Appends `text` and a newline as UTF-8; returns where the line starts and its length in bytes (newline included). */
  async appendLine(text: string): Promise<{ offset: number; length: number }> {
    const offset = this.offset;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; the newline takes one more.
    const most = text.length * 3 + 1;
    if (most > this.buffer.length - this.used) await this.flush();
    let length: number;
    if (most > this.buffer.length) {
      const bytes = Buffer.from(`${text}\n`, 'utf8');
      await this.writeFully(bytes);
      length = bytes.length;
    } else {
      length = this.buffer.write(text, this.used, 'utf8') + 1;
      this.buffer[this.used + length - 1] = 0x0a;
      this.used += length;
    }
    this.offset += length;
    return { offset, length };
  }

  /** Appends `length` bytes of `source` from byte `position`. */
  async appendFrom(source: FileHandle, position: number, length: number): Promise<void> {
    if (length > this.buffer.length - this.used) await this.flush();
    if (length > this.buffer.length) {
      const bytes = Buffer.allocUnsafe(length);
      await readFully(source, bytes, 0, length, position);
      await this.writeFully(bytes);
    } else {
      await readFully(source, this.buffer, this.used, length, position);
      this.used += length;
    }
    this.offset += length;
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    await this.writeFully(this.buffer.subarray(0, used));
  }

  private async writeFully(bytes: Buffer): Promise<void> {
    for (let written = 0; written < bytes.length; ) {
      const result = await this.handle.write(bytes, written, bytes.length - written);
      written += result.bytesWritten;
    }
  }
}

/** Reads exactly `length` bytes of `source` at `position` into `target` at `offset`. */
async function readFully(source: FileHandle, target: Buffer, offset: number, length: number, position: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await source.read(target, offset + done, length - done, position + done);
    if (bytesRead === 0) {
      throw new InvalidArgumentError({ argument: 'outDir', message: `the export's spool file ended at byte ${position + done}, inside a row it holds; do not change ${spoolName} in the output folder while an export runs` });
    }
    done += bytesRead;
  }
}

function formatter(format: ExportFormat, observationRole: 'user' | 'tool'): { schema: z.ZodType; toRecord: (trajectory: Trajectory) => unknown; name: string } {
  switch (format) {
    case 'ms-swift':
      return { schema: msSwiftRecordSchema, toRecord: (trajectory) => toMsSwiftRecord(trajectory, { observationRole }), name: 'ms-swift record' };
    case 'openai':
      return { schema: openAiChatRecordSchema, toRecord: toOpenAiChatRecord, name: 'OpenAI chat record' };
    case 'sharegpt':
      return { schema: shareGptRecordSchema, toRecord: toShareGptRecord, name: 'ShareGPT record' };
  }
}

/**
 * Turns trajectories into a training dataset in `outDir`: reads every input, filters
 * (see {@link createTrajectoryFilter}), masks error steps (when asked), converts each kept
 * trajectory to the format and validates it with the format's schema (core's
 * `msSwiftRecordSchema` for ms-swift), then splits train/validation by task, mixes units with
 * ms-swift `#N` semantics, shuffles (seeded) and cuts curriculum stages. Writes
 * `train.jsonl` (or `train-stage-1.jsonl` ... easiest first), `validation.jsonl` (when
 * `validationShare` > 0), `rejected.jsonl`, `stats.json` and `stats.md`. Kept rows wait in a
 * spool file, so memory holds only a few numbers per trajectory.
 *
 * @throws {ValidationError} when an input record is not a valid trajectory, or a produced row fails its schema (a bug; the row is named).
 * @throws {InvalidArgumentError} for bad options (unknown unit in `mix`, stages < 1, ...).
 */
export async function exportDataset(options: ExportDatasetOptions): Promise<DatasetStatistics> {
  const format = options.format ?? 'ms-swift';
  if (!exportFormats.includes(format)) {
    throw new InvalidArgumentError({ argument: 'format', message: `format must be one of ${exportFormats.join(', ')}, got '${format}'` });
  }
  const stages = options.curriculumStages ?? 1;
  if (!Number.isInteger(stages) || stages < 1) {
    throw new InvalidArgumentError({ argument: 'curriculumStages', message: `curriculum stages must be a whole number of 1 or more, got ${stages}` });
  }
  const seed = options.seed ?? 42;
  const random = createRandom(seed);
  const tokenCounter = options.tokenCounter ?? options.filter?.tokenCounter ?? createEstimateTokenCounter();
  const observationRole = options.observationRole ?? 'user';
  const filter = createTrajectoryFilter({ ...options.filter, tokenCounter, conversation: { observationRole } });
  const maskSettings = options.maskErrors === true ? {} : options.maskErrors === false || options.maskErrors === undefined ? undefined : options.maskErrors;
  const { schema, toRecord, name } = formatter(format, observationRole);
  const scoreOf = options.curriculumScore ?? 'tokens';

  await mkdir(options.outDir, { recursive: true });
  // Files of an earlier export (say with more stages) would be mistaken for this one's.
  for (const entry of await readdir(options.outDir)) {
    if (/^train(?:-stage-\d+)?\.jsonl$|^validation\.jsonl$/.test(entry)) await rm(join(options.outDir, entry), { force: true });
  }
  const spoolPath = join(options.outDir, spoolName);
  const rejectedPath = join(options.outDir, 'rejected.jsonl');
  const spoolHandle = await open(spoolPath, 'w+');
  const rejectedHandle = await open(rejectedPath, 'w');
  const spool = new BufferedFileWriter(spoolHandle);
  const rejectedWriter = new BufferedFileWriter(rejectedHandle);
  const rows: SpooledRow[] = [];
  const rejected: Record<string, number> = {};
  const maskedByKind: Record<string, number> = {};
  let read = 0;
  let trimmedLoopSteps = 0;
  try {
    for await (const item of readTrajectories(options.inputs, { ...options.read, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) })) {
      read += 1;
      options.onProgress?.(read);
      const decision = filter.check(item.trajectory);
      if (!decision.accepted) {
        const rejection: ExportRejection = {
          trajectoryId: item.trajectory.id,
          taskId: item.trajectory.taskId,
          file: item.file,
          ...(item.line === undefined ? {} : { line: item.line }),
          reason: decision.reason,
          message: decision.message,
        };
        rejected[decision.reason] = (rejected[decision.reason] ?? 0) + 1;
        await rejectedWriter.appendLine(JSON.stringify(rejection));
        options.onRejected?.(rejection);
        continue;
      }
      trimmedLoopSteps += decision.trimmedSteps;
      let trajectory = decision.trajectory;
      if (maskSettings !== undefined) {
        const result = maskErrorSteps(trajectory, maskSettings);
        trajectory = result.trajectory;
        for (const masked of result.masked) maskedByKind[masked.kind] = (maskedByKind[masked.kind] ?? 0) + 1;
      }
      const maskedTurns = trajectory.steps.reduce((count, step) => count + (step.flags.lossMasked ? 1 : 0), 0);
      if (maskedTurns === trajectory.steps.length) {
        // Every turn masked: the row would train nothing (ms-swift's rules refuse it).
        const rejection: ExportRejection = { trajectoryId: trajectory.id, taskId: trajectory.taskId, file: item.file, ...(item.line === undefined ? {} : { line: item.line }), reason: 'all-steps-masked', message: 'every step is masked as an error; nothing to train on' };
        rejected[rejection.reason] = (rejected[rejection.reason] ?? 0) + 1;
        await rejectedWriter.appendLine(JSON.stringify(rejection));
        options.onRejected?.(rejection);
        continue;
      }
      const record = toRecord(trajectory);
      const result = schema.safeParse(record);
      if (!result.success) {
        throw new ValidationError({ issues: toValidationIssues(result.error.issues), file: item.file, ...(item.line === undefined ? {} : { line: item.line }), schema: `${name} made from trajectory ${trajectory.id}` });
      }
      const position = await spool.appendLine(JSON.stringify(record));
      rows.push({
        ...position,
        unit: rcxUnitOf(trajectory.taskKind),
        taskId: trajectory.taskId,
        turns: trajectory.steps.length,
        tokens: decision.tokens,
        score: scoreOf === 'tokens' ? decision.tokens : scoreOf === 'turns' ? trajectory.steps.length : scoreOf(trajectory),
        maskedTurns,
      });
    }
    await spool.flush();
    await rejectedWriter.flush();

    const { train, validation } = splitByTask(rows, (row) => row.taskId, options.validationShare ?? 0, random.fork('split'));
    const groups = new Map<string, SpooledRow[]>();
    for (const row of train) {
      const group = groups.get(row.unit);
      if (group === undefined) groups.set(row.unit, [row]);
      else group.push(row);
    }
    const mixed = mixGroups(groups, options.mix ?? {}, random.fork('mix'));
    const trainRows = random.fork('shuffle').shuffle([...mixed.values()].flat());
    const stagedRows = assignCurriculumStages(trainRows, stages, (row) => row.score);

    const files: DatasetStatistics['files'] = [];
    const writeRows = async (fileName: string, selected: readonly SpooledRow[]): Promise<void> => {
      const handle = await open(join(options.outDir, fileName), 'w');
      try {
        const writer = new BufferedFileWriter(handle);
        for (const row of selected) {
          options.abortSignal?.throwIfAborted();
          await writer.appendFrom(spoolHandle, row.offset, row.length);
        }
        await writer.flush();
      } finally {
        await handle.close();
      }
    };
    if (stages === 1) {
      await writeRows('train.jsonl', stagedRows[0] ?? []);
      files.push({ path: 'train.jsonl', rows: stagedRows[0]?.length ?? 0, split: 'train' });
    } else {
      for (const [index, stageRows] of stagedRows.entries()) {
        const fileName = `train-stage-${index + 1}.jsonl`;
        await writeRows(fileName, stageRows);
        files.push({ path: fileName, rows: stageRows.length, split: 'train', stage: index + 1 });
      }
    }
    if ((options.validationShare ?? 0) > 0) {
      await writeRows('validation.jsonl', validation);
      files.push({ path: 'validation.jsonl', rows: validation.length, split: 'validation' });
    }

    const units: DatasetStatistics['units'] = {};
    for (const unit of new Set(rows.map((row) => row.unit))) {
      const unitRows = rows.filter((row) => row.unit === unit);
      units[unit] = {
        trajectories: unitRows.length,
        trainRows: mixed.get(unit)?.length ?? 0,
        validationRows: validation.filter((row) => row.unit === unit).length,
        turns: meanStandardDeviation(unitRows.map((row) => row.turns)),
        tokens: meanStandardDeviation(unitRows.map((row) => row.tokens)),
        maskedTurns: unitRows.reduce((sum, row) => sum + row.maskedTurns, 0),
        assistantTurns: unitRows.reduce((sum, row) => sum + row.turns, 0),
      };
    }
    const maskedTurns = rows.reduce((sum, row) => sum + row.maskedTurns, 0);
    const assistantTurns = rows.reduce((sum, row) => sum + row.turns, 0);
    const statistics = datasetStatisticsSchema.parse({
      schemaVersion: 1,
      format,
      seed,
      tokenCounter: { kind: tokenCounter.kind, name: tokenCounter.name },
      read,
      kept: rows.length,
      rejected,
      trimmedLoopSteps,
      maskedTurns,
      assistantTurns,
      maskedTurnShare: assistantTurns === 0 ? 0 : maskedTurns / assistantTurns,
      maskedByKind,
      turns: meanStandardDeviation(rows.map((row) => row.turns)),
      tokens: meanStandardDeviation(rows.map((row) => row.tokens)),
      units,
      files,
    } satisfies DatasetStatistics);
    await writeFile(join(options.outDir, 'stats.json'), `${JSON.stringify(statistics, null, 2)}\n`);
    await writeFile(join(options.outDir, 'stats.md'), formatDatasetStatistics(statistics));
    return statistics;
  } finally {
    await spoolHandle.close();
    await rejectedHandle.close();
    await rm(spoolPath, { force: true });
  }
}
