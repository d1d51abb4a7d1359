import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EvalResult, TaskInstance, Trajectory } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { summarizeEvaluation } from '../metrics/summarize-evaluation';
import { readChartJsBundle, renderHtmlReport, reportCharts } from './render-html-report';
import { renderMarkdownReport } from './render-markdown-report';

const run = promisify(execFile);

function decodeAttribute(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The DOM after the page's scripts ran, from Debian's headless Chromium. */
async function renderedDom(file: string): Promise<string> {
  const { stdout } = await run('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--virtual-time-budget=20000', '--dump-dom', `file://${file}`], { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
  return stdout;
}

const models = [
  { provider: 'vllm', modelId: 'expert' },
  { provider: 'vllm', modelId: 'base' },
];
const instances: Pick<TaskInstance, 'id' | 'repo' | 'kind'>[] = [
  { id: 'a__a-1', repo: 'a/a', kind: 'bugfix' },
  { id: 'a__a-2', repo: 'a/a', kind: 'bugfix' },
  { id: 'b__b-1', repo: 'b/b', kind: 'bugfix' },
  { id: 'q-1', repo: 'a/a', kind: 'qa' },
];

function results(): EvalResult[] {
  const out: EvalResult[] = [];
  // expert solves a-1 every run and b-1 in run 2; base solves only a-1 in run 1. QA: 0.8 and 0.5.
  const solved: Record<string, Record<string, number[]>> = { expert: { 'a__a-1': [1, 2, 3], 'b__b-1': [2] }, base: { 'a__a-1': [1] } };
  for (const model of models) {
    for (const instance of instances) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const qa = instance.kind === 'qa';
        const resolved = qa ? null : (solved[model.modelId]![instance.id] ?? []).includes(attempt);
        out.push({ schemaVersion: 1, id: `${model.modelId}-${instance.id}-${attempt}`, runId: 'r', taskId: instance.id, taskKind: instance.kind, model, attempt, resolved, score: qa ? (model.modelId === 'expert' ? 0.8 : 0.5) : resolved ? 1 : 0 });
      }
    }
  }
  return out;
}

function trajectory(model: (typeof models)[number], taskId: string, turns: number): Pick<Trajectory, 'taskId' | 'taskKind' | 'model' | 'steps' | 'usage' | 'outcome'> {
  return { taskId, taskKind: 'bugfix', model, steps: Array.from({ length: turns }) as Trajectory['steps'], usage: { inputTokens: 1000 * turns, outputTokens: 100 * turns, modelCalls: turns, costUsd: null }, outcome: 'submitted' };
}

describe('the HTML report', () => {
  it('draws every chart with the run\'s numbers in headless Chromium, offline', async () => {
    const summary = summarizeEvaluation({
      instances,
      results: results(),
      runs: 3,
      trajectories: [trajectory(models[0]!, 'a__a-1', 5), trajectory(models[0]!, 'b__b-1', 30), trajectory(models[1]!, 'a__a-1', 64)],
    });
    const markdown = renderMarkdownReport(summary);
    // Table 1 layout: expert on repository a/a solves 1 of 2 in each run: 50.0 ± 0.0; all: (1+2+1)/3 resolved of 3.
    expect(markdown).toContain('| vllm:expert | 50.0 ± 0.0 | 33.3 ± 47.1 | 44.4 ± 15.7 |');
    expect(markdown).toContain('| vllm:expert | 1 / 2 / 1 of 3 | 44.4 | 55.6 | 66.7 |');

    const html = renderHtmlReport(summary, await readChartJsBundle());
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const folder = await mkdtemp(join(tmpdir(), 'eval-report-'));
    const file = join(folder, 'report.html');
    await writeFile(file, html);
    const dom = await renderedDom(file);

    const expected = reportCharts(summary);
    expect(expected.map((chart) => chart.kind).sort()).toEqual(['pass-at-k', 'repository-bars', 'repository-bars', 'turn-histogram']);
    expect(dom).toContain(`data-charts-drawn="${expected.length}"`);
    for (const chart of expected) {
      const canvas = new RegExp(`<canvas id="${chart.id}"[^>]*>`).exec(dom)?.[0];
      expect(canvas, chart.id).toBeDefined();
      const rendered = JSON.parse(decodeAttribute(/data-rendered="([^"]*)"/.exec(canvas!)![1]!)) as { label: string; data: number[] }[];
      expect(rendered).toEqual(chart.datasets.map((dataset) => ({ label: dataset.label, data: dataset.data })));
      expect(Number(/data-painted="(\d+)"/.exec(canvas!)![1])).toBeGreaterThan(1000);
    }
    // The numbers are the run's: pass@k of the expert on sbv and its QA bar.
    const passAtK = expected.find((chart) => chart.id === 'pass-at-k-sbv')!;
    expect(passAtK.datasets.find((dataset) => dataset.label === 'vllm:expert')!.data).toEqual([44.4, 55.6, 66.7]);
    expect(expected.find((chart) => chart.id === 'repositories-qa')!.datasets.map((dataset) => dataset.data)).toEqual([[50], [80]]);
    expect(expected.find((chart) => chart.id === 'turns-sbv')!.datasets.map((dataset) => dataset.data)).toEqual([
      // models in name order: base (64 turns), expert (5 and 30).
      [0, 0, 0, 0, 0, 0, 0, 1],
      [0, 1, 0, 0, 1, 0, 0, 0],
    ]);
  });
});
