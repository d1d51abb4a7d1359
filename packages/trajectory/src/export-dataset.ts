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
import { rowTraceOf, type RowTrace } from './export/row-trace';
import { toMsSwiftRecord } from './export/to-ms-swift-record';
import { openAiChatRecordSchema, toOpenAiChatRecord, type OpenAiChatRecord } from './export/to-open-ai-chat-record';
import { shareGptRecordSchema, toShareGptRecord } from './export/to-share-gpt-record';
import { countToolCalls, unshownTailLength } from './export/tool-calls';
import { UnrepresentableTrajectoryError } from './export/unrepresentable-trajectory-error';
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

/** A refused trajectory (or an unreadable file or line), as reported to {@link ExportDatasetOptions.onRejected} and written to `rejected.jsonl`. */
export interface ExportRejection {
  /** Trajectory id; absent for an `unreadable` file or line. */
  trajectoryId?: string;
  /** Task id; absent for an `unreadable` file or line. */
  taskId?: string;
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
  read?: Omit<ReadTrajectoriesOptions, 'abortSignal' | 'onInvalid' | 'onUnreadable'>;
  /**
   * All or nothing: the first file or line that is not a readable trajectory stops the export
   * with a {@link ValidationError} and nothing is written. Default false: such inputs are listed
   * in `rejected.jsonl` (reason `unreadable`, with the file, line and what is wrong), counted in
   * the stats, and the rest are exported.
   */
  strict?: boolean;
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
  /** Where the row's trace line sits in the trace spool (OpenAI rows, which hold no trace columns). */
  traceOffset?: number;
  traceLength?: number;
}

const writeBufferBytes = 4 * 1024 * 1024;
const spoolName = '.export-spool.jsonl';
const traceSpoolName = '.export-trace-spool.jsonl';

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

interface Formatter {
  schema: z.ZodType;
  toRecord: (trajectory: Trajectory, trace: RowTrace) => unknown;
  /** Tool calls the record holds, counted in the record itself. */
  toolCallsIn: (record: unknown, trajectory: Trajectory) => number;
  name: string;
  /** Whether trace columns fit in the row; otherwise they go to a `.trace.jsonl` file beside it. */
  traceInRow: boolean;
}

function formatter(format: ExportFormat, observationRole: 'user' | 'tool'): Formatter {
  switch (format) {
    case 'ms-swift':
      return {
        schema: msSwiftRecordSchema,
        toRecord: (trajectory, trace) => toMsSwiftRecord(trajectory, { observationRole, trace }),
        toolCallsIn: (record) => (record as { messages: Array<{ role: string }> }).messages.filter((message) => message.role === 'tool_call').length,
        name: 'ms-swift record',
        traceInRow: true,
      };
    case 'openai':
      return {
        schema: openAiChatRecordSchema,
        toRecord: (trajectory) => toOpenAiChatRecord(trajectory),
        toolCallsIn: (record) => (record as OpenAiChatRecord).messages.reduce((sum, message) => sum + (message.role === 'assistant' ? message.tool_calls?.length ?? 0 : 0), 0),
        name: 'OpenAI chat record',
        traceInRow: false,
      };
    case 'sharegpt':
      return {
        schema: shareGptRecordSchema,
        toRecord: (trajectory, trace) => toShareGptRecord(trajectory, { trace }),
        // Each call is one hermes block of a gpt turn; the text around them may quote the tags, so count the calls written.
        toolCallsIn: (_record, trajectory) => countToolCalls(trajectory),
        name: 'ShareGPT record',
        traceInRow: true,
      };
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
  const { schema, toRecord, toolCallsIn, name, traceInRow } = formatter(format, observationRole);
  const scoreOf = options.curriculumScore ?? 'tokens';

  await mkdir(options.outDir, { recursive: true });
  // Files of an earlier export (say with more stages) would be mistaken for this one's.
  for (const entry of await readdir(options.outDir)) {
    if (/^(?:train(?:-stage-\d+)?|validation)(?:\.trace)?\.jsonl$/.test(entry)) await rm(join(options.outDir, entry), { force: true });
  }
  const spoolPath = join(options.outDir, spoolName);
  const traceSpoolPath = join(options.outDir, traceSpoolName);
  const rejectedPath = join(options.outDir, 'rejected.jsonl');
  const spoolHandle = await open(spoolPath, 'w+');
  const traceSpoolHandle = traceInRow ? undefined : await open(traceSpoolPath, 'w+');
  const rejectedHandle = await open(rejectedPath, 'w');
  const spool = new BufferedFileWriter(spoolHandle);
  const traceSpool = traceSpoolHandle === undefined ? undefined : new BufferedFileWriter(traceSpoolHandle);
  const rejectedWriter = new BufferedFileWriter(rejectedHandle);
  const rows: SpooledRow[] = [];
  const rejected: Record<string, number> = {};
  const maskedByKind: Record<string, number> = {};
  const toolCalls = { read: 0, kept: 0, exported: 0 };
  let read = 0;
  let trimmedLoopSteps = 0;
  let trimmedUnshownSteps = 0;
  // Unreadable inputs are reported from inside the reader; their lines wait here until it yields.
  const unreadable: ExportRejection[] = [];
  const reject = async (rejection: ExportRejection): Promise<void> => {
    rejected[rejection.reason] = (rejected[rejection.reason] ?? 0) + 1;
    await rejectedWriter.appendLine(JSON.stringify(rejection));
    options.onRejected?.(rejection);
  };
  const flushUnreadable = async (): Promise<void> => {
    for (const rejection of unreadable.splice(0)) await reject(rejection);
  };
  try {
    for await (const item of readTrajectories(options.inputs, {
      ...options.read,
      onInvalid: options.strict === true ? 'throw' : 'skip',
      // An output folder inside an input folder holds this export's own files, not trajectories.
      ignoreFolders: [...(options.read?.ignoreFolders ?? []), options.outDir],
      onUnreadable: (problem) => unreadable.push({ file: problem.file, ...(problem.line === undefined ? {} : { line: problem.line }), reason: 'unreadable', message: problem.message }),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    })) {
      await flushUnreadable();
      read += 1;
      options.onProgress?.(read);
      toolCalls.read += countToolCalls(item.trajectory);
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
        await reject(rejection);
        continue;
      }
      trimmedLoopSteps += decision.trimmedSteps;
      let trajectory = decision.trajectory;
      // Last steps whose action the file does not show (no recorded tool call) would train a thought without its action: drop them.
      const unshown = unshownTailLength(trajectory);
      if (unshown > 0 && unshown < trajectory.steps.length) {
        trajectory = { ...trajectory, steps: trajectory.steps.slice(0, -unshown) };
        trimmedUnshownSteps += unshown;
      }
      if (maskSettings !== undefined) {
        const result = maskErrorSteps(trajectory, maskSettings);
        trajectory = result.trajectory;
        for (const masked of result.masked) maskedByKind[masked.kind] = (maskedByKind[masked.kind] ?? 0) + 1;
      }
      const maskedTurns = trajectory.steps.reduce((count, step) => count + (step.flags.lossMasked ? 1 : 0), 0);
      if (maskedTurns === trajectory.steps.length) {
        // Every turn masked: the row would train nothing (ms-swift's rules refuse it).
        await reject({ trajectoryId: trajectory.id, taskId: trajectory.taskId, file: item.file, ...(item.line === undefined ? {} : { line: item.line }), reason: 'all-steps-masked', message: 'every step is masked as an error; nothing to train on' });
        continue;
      }
      const trace = rowTraceOf(trajectory, item.file, item.line);
      let record: unknown;
      try {
        record = toRecord(trajectory, trace);
      } catch (error) {
        if (!UnrepresentableTrajectoryError.isInstance(error)) throw error;
        await reject({ trajectoryId: trajectory.id, taskId: trajectory.taskId, file: item.file, ...(item.line === undefined ? {} : { line: item.line }), reason: error.reason, message: `${name}: ${error.message}` });
        continue;
      }
      const result = schema.safeParse(record);
      if (!result.success) {
        throw new ValidationError({ issues: toValidationIssues(result.error.issues), file: item.file, ...(item.line === undefined ? {} : { line: item.line }), schema: `${name} made from trajectory ${trajectory.id}` });
      }
      const kept = countToolCalls(trajectory);
      const exported = toolCallsIn(record, trajectory);
      if (exported !== kept) {
        // A converter that drops a call is a bug; a row without it must never be written.
        throw new ValidationError({ issues: [{ path: '', message: `the row holds ${exported} of the trajectory's ${kept} tool calls` }], file: item.file, ...(item.line === undefined ? {} : { line: item.line }), schema: `${name} made from trajectory ${trajectory.id}` });
      }
      toolCalls.kept += kept;
      toolCalls.exported += exported;
      const position = await spool.appendLine(JSON.stringify(record));
      const tracePosition = traceSpool === undefined ? undefined : await traceSpool.appendLine(JSON.stringify(trace));
      rows.push({
        ...position,
        ...(tracePosition === undefined ? {} : { traceOffset: tracePosition.offset, traceLength: tracePosition.length }),
        unit: rcxUnitOf(trajectory.taskKind),
        taskId: trajectory.taskId,
        turns: trajectory.steps.length,
        tokens: decision.tokens,
        score: scoreOf === 'tokens' ? decision.tokens : scoreOf === 'turns' ? trajectory.steps.length : scoreOf(trajectory),
        maskedTurns,
      });
    }
    await flushUnreadable();
    await spool.flush();
    await traceSpool?.flush();
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
      const traceHandle = traceSpoolHandle === undefined ? undefined : await open(join(options.outDir, fileName.replace(/\.jsonl$/, '.trace.jsonl')), 'w');
      try {
        const writer = new BufferedFileWriter(handle);
        const traceWriter = traceHandle === undefined ? undefined : new BufferedFileWriter(traceHandle);
        for (const row of selected) {
          options.abortSignal?.throwIfAborted();
          await writer.appendFrom(spoolHandle, row.offset, row.length);
          if (traceWriter !== undefined && traceSpoolHandle !== undefined && row.traceOffset !== undefined && row.traceLength !== undefined) await traceWriter.appendFrom(traceSpoolHandle, row.traceOffset, row.traceLength);
        }
        await writer.flush();
        await traceWriter?.flush();
      } finally {
        await handle.close();
        await traceHandle?.close();
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
      schemaVersion: 2,
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
      toolCalls,
      trimmedUnshownSteps,
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
    await traceSpoolHandle?.close();
    await rejectedHandle.close();
    await rm(spoolPath, { force: true });
    await rm(traceSpoolPath, { force: true });
  }
}
