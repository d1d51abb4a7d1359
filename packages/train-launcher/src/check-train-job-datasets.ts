import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { msSwiftRecordSchema, readJsonl, type ConfigIssue } from '@swespot/core';
import { isSwiftVersionAtLeast, parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';

/** What {@link checkTrainJobDatasets} found in one dataset file. */
export interface DatasetCheck {
  /** The path as written in the job. */
  path: string;
  /** The file that was read. */
  file: string;
  /** Valid records in the file. */
  rows: number;
  /** Rows training draws from it: `samples` when set (ms-swift repeats the file when it is larger), else `rows`. */
  sampledRows: number;
}

/** What {@link checkTrainJobDatasets} found. */
export interface DatasetsCheck {
  /** Per dataset, in job order (only the readable ones). */
  datasets: DatasetCheck[];
  /** Rows per epoch across all datasets, after `#N` sampling. */
  totalRows: number;
  /** Missing files and invalid lines, at `datasets.N`, each naming `file:line: field: message`. */
  errors: ConfigIssue[];
  /** Oversampling notices. */
  warnings: ConfigIssue[];
}

/** Options of {@link checkTrainJobDatasets}. */
export interface CheckTrainJobDatasetsOptions {
  /** Directory relative dataset paths resolve against. Default: `job.cluster.workingDirectory`, else `process.cwd()`. */
  baseDirectory?: string;
  /** Invalid lines reported per file before the rest are only counted. Default 20. */
  maxIssuesPerFile?: number;
  /** Stops the reads. */
  abortSignal?: AbortSignal;
}

/**
 * Checks that every dataset file of a job exists and that every line is a valid ms-swift
 * record (core's `msSwiftRecordSchema`: roles, turn order, `loss` flags, `tools`), and counts
 * the rows training will see after `#N` sampling. Per-message `loss_scale` is reported as an
 * error below ms-swift 4.2, which does not read it. Streams each file; memory stays constant.
 */
export async function checkTrainJobDatasets(job: TrainJob, options: CheckTrainJobDatasetsOptions = {}): Promise<DatasetsCheck> {
  const baseDirectory = options.baseDirectory ?? job.cluster.workingDirectory ?? process.cwd();
  const maxIssues = options.maxIssuesPerFile ?? 20;
  let lossScaleSupported = true;
  try {
    lossScaleSupported = isSwiftVersionAtLeast(parseSwiftVersion(job.swiftVersion), 4, 2);
  } catch {
    // The version error is reported by validateTrainJob.
  }
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const datasets: DatasetCheck[] = [];
  for (const [index, dataset] of job.datasets.entries()) {
    const path = `datasets.${index}`;
    const file = isAbsolute(dataset.path) ? dataset.path : resolve(baseDirectory, dataset.path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      errors.push({ path, message: `${file} does not exist or is not a file; write the ms-swift JSONL there or fix the path` });
      continue;
    }
    const reader = readJsonl(file, { schema: msSwiftRecordSchema, schemaName: 'ms-swift record', onInvalid: 'skip', abortSignal: options.abortSignal });
    let lossScaleLine: number | undefined;
    for await (const record of reader) {
      if (!lossScaleSupported && lossScaleLine === undefined && record.messages.some((message) => 'loss_scale' in message && message.loss_scale !== undefined)) {
        lossScaleLine = reader.stats.linesRead;
      }
    }
    const { skippedLines, truncatedTail, recordsYielded } = reader.stats;
    for (const skipped of skippedLines.slice(0, maxIssues)) {
      errors.push({ path, message: skipped.message.replace(/\n\s*/g, ' ') });
    }
    if (skippedLines.length > maxIssues) {
      errors.push({ path, message: `${file}: ${skippedLines.length - maxIssues} more invalid lines` });
    }
    if (truncatedTail) {
      errors.push({ path, message: `${file}:${truncatedTail.line}: the last line is cut off (no newline, not JSON); finish or remove it` });
    }
    if (lossScaleLine !== undefined) {
      errors.push({ path, message: `${file}:${lossScaleLine}: per-message loss_scale needs ms-swift >= 4.2 (job targets ${job.swiftVersion}); use "loss": false or raise swiftVersion` });
    }
    if (recordsYielded === 0 && skippedLines.length === 0) {
      errors.push({ path, message: `${file} has no records` });
    }
    const sampledRows = dataset.samples ?? recordsYielded;
    if (dataset.samples !== undefined && recordsYielded > 0 && dataset.samples > recordsYielded) {
      warnings.push({
        path,
        message: `#${dataset.samples} draws more rows than the ${recordsYielded} in ${dataset.path}: ms-swift repeats the file ${Math.floor(dataset.samples / recordsYielded)}× and adds ${dataset.samples % recordsYielded} random repeats`,
      });
    }
    datasets.push({ path: dataset.path, file, rows: recordsYielded, sampledRows });
  }
  return { datasets, totalRows: datasets.reduce((sum, dataset) => sum + dataset.sampledRows, 0), errors, warnings };
}
