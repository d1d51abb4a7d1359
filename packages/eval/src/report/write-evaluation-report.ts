import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeEvaluation, type EvaluationSummary } from '../metrics/summarize-evaluation';
import { readEvaluationRecords } from '../run/run-evaluation';
import { readChartJsBundle, renderHtmlReport } from './render-html-report';
import { renderMarkdownReport } from './render-markdown-report';
import { readTestTimeScaling } from '../tts/score-test-time-scaling';

/** The report files of a run folder. */
export const REPORT_FILES = { json: 'report.json', markdown: 'report.md', html: 'report.html' } as const;

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/**
 * Reads a run folder (instances, results, trajectories; every record validated), computes the
 * summary and writes `report.json` (the summary), `report.md` and `report.html` (self-contained,
 * Chart.js inlined) into it, with the test-time scaling table and chart when the folder has a
 * `tts.json` (see `scoreTestTimeScaling`). Returns the summary.
 */
export async function writeEvaluationReport(out: string, options: { readonly title?: string } = {}): Promise<EvaluationSummary> {
  const records = await readEvaluationRecords(out);
  const summary = summarizeEvaluation({ instances: records.instances, results: records.results, trajectories: records.trajectories, runs: records.runs });
  await writeAtomically(join(out, REPORT_FILES.json), `${JSON.stringify(summary, null, 2)}\n`);
  // Test-time scaling, when scoreTestTimeScaling ran on this folder.
  const tts = await readTestTimeScaling(out);
  const withTts = tts === undefined ? options : { ...options, tts };
  await writeAtomically(join(out, REPORT_FILES.markdown), renderMarkdownReport(summary, withTts));
  await writeAtomically(join(out, REPORT_FILES.html), renderHtmlReport(summary, await readChartJsBundle(), withTts));
  return summary;
}
