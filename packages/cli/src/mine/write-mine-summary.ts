import { readFile, writeFile } from 'node:fs/promises';
import { mineSummarySchema, type MineStageSummary, type MineSummary, type MineUnitSummary } from '@swespot/core';
import type { MineRunFolder } from './mine-run-folder';

/** What {@link writeMineSummary} needs besides the stage markers. */
export interface MineSummaryInput {
  readonly repository: MineSummary['repository'];
  readonly cutoff: string;
  readonly snapshotCommit: string;
  readonly options: MineSummary['options'];
  readonly stages: readonly MineStageSummary[];
  readonly units: readonly MineUnitSummary[];
  readonly trajectories: number;
  readonly datasetRows: number;
  readonly skipped: ReadonlyArray<{ what: string; reason: string }>;
}

/** How many sample tasks the HTML summary shows whole per unit. */
const SAMPLES_PER_UNIT = 1;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `summary.md`: the run in tables a person reads. */
export function renderSummaryMarkdown(summary: MineSummary): string {
  const lines = [
    `# swespot mine: ${summary.repository.name}${summary.repository.sample ? ' (built-in sample repository)' : ''}`,
    '',
    `Cutoff ${summary.cutoff}, snapshot ${summary.snapshotCommit?.slice(0, 12) ?? '(none)'}; sandbox ${summary.options.sandbox}, dependencies ${summary.options.dependencies}, seed ${summary.options.seed}, at most ${summary.options.count} tasks per unit; model ${summary.options.model ?? 'none'}, teacher ${summary.options.teacher ?? 'none'}.`,
    '',
    `**${summary.totals.tasks} tasks**, ${summary.totals.trajectories} trajectories, ${summary.totals.datasetRows} dataset rows, in ${seconds(summary.totals.durationMs)}.`,
    '',
    '## Units',
    '',
    '| unit | status | tasks | by kind | funnel |',
    '| --- | --- | ---: | --- | --- |',
    ...summary.units.map(
      (unit) =>
        `| ${unit.unit} | ${unit.status}${unit.reason ? `: ${unit.reason}` : ''} | ${unit.tasks} | ${Object.entries(unit.byKind).map(([kind, count]) => `${kind} ${count}`).join(', ') || '-'} | ${unit.funnel.map((step) => `${step.step} ${step.count}`).join(' → ') || '-'} |`,
    ),
    '',
    '## Stages',
    '',
    '| stage | status | time | counts |',
    '| --- | --- | ---: | --- |',
    ...summary.stages.map(
      (stage) =>
        `| ${stage.name} | ${stage.status}${stage.reason ? `: ${stage.reason}` : ''} | ${stage.status === 'skipped' ? '-' : seconds(stage.durationMs)} | ${Object.entries(stage.counts).map(([name, count]) => `${name} ${count}`).join(', ') || '-'} |`,
    ),
    '',
  ];
  if (summary.skipped.length > 0) {
    lines.push('## Skipped', '', ...summary.skipped.map((item) => `- ${item.what}: ${item.reason}`), '');
  }
  return `${lines.join('\n')}`;
}

/** An inline SVG bar chart of one unit's funnel (no script, no external file). */
export function renderFunnelSvg(unit: MineUnitSummary): string {
  const steps = unit.funnel;
  if (steps.length === 0) return `<p class="muted">${escapeHtml(unit.reason ?? 'no funnel')}</p>`;
  const width = 560;
  const labelWidth = 220;
  const barHeight = 22;
  const gap = 8;
  const maximum = Math.max(1, ...steps.map((step) => step.count));
  const height = steps.length * (barHeight + gap);
  const bars = steps
    .map((step, index) => {
      const y = index * (barHeight + gap);
      const barWidth = Math.max(2, Math.round(((width - labelWidth - 60) * step.count) / maximum));
      return [
        `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" text-anchor="end">${escapeHtml(step.step)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${barHeight}" rx="3" fill="#3b82f6"/>`,
        `<text x="${labelWidth + barWidth + 6}" y="${y + barHeight * 0.7}">${step.count}</text>`,
      ].join('');
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(`${unit.unit} funnel`)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">${bars}</svg>`;
}

/** `summary.html`: one self-contained page, the funnel of each unit as an inline SVG chart, a sample task of each unit shown whole. */
export function renderSummaryHtml(summary: MineSummary, samples: Readonly<Record<string, unknown[]>>): string {
  const unitSections = summary.units
    .map((unit) => {
      const sample = samples[unit.unit] ?? [];
      return [
        `<section><h3>${escapeHtml(unit.unit)} <span class="badge ${unit.status}">${unit.status}</span> <span class="muted">${unit.tasks} tasks</span></h3>`,
        unit.reason ? `<p class="muted">${escapeHtml(unit.reason)}</p>` : '',
        renderFunnelSvg(unit),
        Object.keys(unit.byKind).length > 0 ? `<p>${Object.entries(unit.byKind).map(([kind, count]) => `<code>${escapeHtml(kind)}</code> ${count}`).join(' · ')}</p>` : '',
        ...sample.map((task) => `<details><summary>sample task ${escapeHtml(String((task as { id?: string }).id ?? ''))}</summary><pre>${escapeHtml(JSON.stringify(task, null, 2))}</pre></details>`),
        '</section>',
      ].join('\n');
    })
    .join('\n');
  const stageRows = summary.stages
    .map(
      (stage) =>
        `<tr><td>${escapeHtml(stage.name)}</td><td><span class="badge ${stage.status}">${stage.status}</span>${stage.reason ? ` <span class="muted">${escapeHtml(stage.reason)}</span>` : ''}</td><td class="number">${stage.status === 'skipped' ? '-' : seconds(stage.durationMs)}</td><td>${escapeHtml(Object.entries(stage.counts).map(([name, count]) => `${name} ${count}`).join(', '))}</td></tr>`,
    )
    .join('\n');
  const skipped = summary.skipped.map((item) => `<li><b>${escapeHtml(item.what)}</b>: ${escapeHtml(item.reason)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>swespot mine: ${escapeHtml(summary.repository.name)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #111; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.number { text-align: right; } .muted { color: #666; } pre { background: #f6f8fa; padding: 1em; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
.badge { font-size: 12px; padding: 1px 6px; border-radius: 8px; background: #e5e7eb; } .badge.done { background: #d1fae5; } .badge.skipped { background: #fef3c7; } .badge.failed { background: #fee2e2; }
section { margin-bottom: 1.5em; }
</style>
</head>
<body>
<h1>swespot mine: ${escapeHtml(summary.repository.name)}${summary.repository.sample ? ' <span class="muted">(built-in sample repository)</span>' : ''}</h1>
<p>Cutoff ${escapeHtml(summary.cutoff)}, snapshot <code>${escapeHtml(summary.snapshotCommit?.slice(0, 12) ?? '(none)')}</code>; sandbox ${summary.options.sandbox}, dependencies ${summary.options.dependencies}, seed ${summary.options.seed}; model ${escapeHtml(summary.options.model ?? 'none')}, teacher ${escapeHtml(summary.options.teacher ?? 'none')}.</p>
<p><b>${summary.totals.tasks} tasks</b>, ${summary.totals.trajectories} trajectories, ${summary.totals.datasetRows} dataset rows, in ${seconds(summary.totals.durationMs)}.</p>
<h2>Units</h2>
${unitSections}
<h2>Stages</h2>
<table><thead><tr><th>stage</th><th>status</th><th class="number">time</th><th>counts</th></tr></thead><tbody>
${stageRows}
</tbody></table>
${skipped ? `<h2>Skipped</h2>\n<ul>\n${skipped}\n</ul>` : ''}
</body>
</html>
`;
}

async function firstRecords(path: string, count: number): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line) => JSON.parse(line) as unknown);
}

/** Writes `summary.json` (validated by core's `mineSummarySchema`), `summary.md` and `summary.html`, and returns the summary. */
export async function writeMineSummary(folder: MineRunFolder, input: MineSummaryInput): Promise<MineSummary> {
  const summary = mineSummarySchema.parse({
    schemaVersion: 1,
    repository: input.repository,
    cutoff: input.cutoff,
    snapshotCommit: input.snapshotCommit,
    options: input.options,
    stages: [...input.stages],
    units: [...input.units],
    totals: {
      tasks: input.units.reduce((sum, unit) => sum + unit.tasks, 0),
      trajectories: input.trajectories,
      datasetRows: input.datasetRows,
      durationMs: input.stages.reduce((sum, stage) => sum + stage.durationMs, 0),
    },
    skipped: [...input.skipped],
    finishedAt: new Date().toISOString(),
  } satisfies MineSummary);
  const samples: Record<string, unknown[]> = {};
  for (const unit of summary.units) if (unit.file !== null) samples[unit.unit] = await firstRecords(folder.path(unit.file), SAMPLES_PER_UNIT);
  await folder.writeJson('summary.json', summary);
  await writeFile(folder.path('summary.md'), renderSummaryMarkdown(summary));
  await writeFile(folder.path('summary.html'), renderSummaryHtml(summary, samples));
  return summary;
}

/** The closing lines `swespot mine` prints: tasks per unit and time per stage. */
export function formatMineClosing(summary: MineSummary, root: string): string {
  const lines = [
    `mine ${root}: ${summary.repository.name} at ${summary.snapshotCommit?.slice(0, 12) ?? '?'} (cutoff ${summary.cutoff})`,
    `tasks ${summary.totals.tasks}: ${summary.units.map((unit) => `${unit.unit} ${unit.status === 'skipped' ? 'skipped' : unit.tasks}`).join(', ')}`,
    `time ${seconds(summary.totals.durationMs)}: ${summary.stages.filter((stage) => stage.status !== 'skipped').map((stage) => `${stage.name} ${seconds(stage.durationMs)}`).join(', ')}`,
    ...summary.skipped.map((item) => `skipped ${item.what}: ${item.reason}`),
    `summary ${root}/summary.md, ${root}/summary.html, ${root}/summary.json`,
  ];
  return `${lines.join('\n')}\n`;
}
