import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EvaluationSummary } from '../metrics/summarize-evaluation';
import { renderMarkdownReport } from './render-markdown-report';
import { testTimeScalingCharts } from '../tts/render-test-time-scaling';
import type { TestTimeScalingSummary } from '../tts/score-test-time-scaling';

/** One chart of the HTML report: what it shows and the numbers it must draw. */
export interface ReportChart {
  /** Element id of its canvas. */
  readonly id: string;
  readonly kind: 'pass-at-k' | 'repository-bars' | 'turn-histogram' | 'test-time-scaling';
  readonly title: string;
  readonly type: 'line' | 'bar';
  readonly labels: readonly string[];
  readonly datasets: readonly { readonly label: string; readonly data: readonly number[] }[];
  readonly yTitle: string;
}

const TURN_BINS = [0, 4, 8, 16, 24, 32, 48, 64];

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : 0;
}

/**
 * The charts of a summary: per task, pass@k curves (k = 1..runs, % resolved, one line per
 * model) and per-repository bars (pass@1 % or QA score); per task with trajectories, a
 * histogram of trajectory lengths in turns (one series per model).
 */
export function reportCharts(summary: EvaluationSummary): ReportChart[] {
  const charts: ReportChart[] = [];
  const tasks = [...new Set(summary.cells.map((cell) => cell.task))];
  for (const task of tasks) {
    const cells = summary.cells.filter((cell) => cell.task === task);
    const all = cells.filter((cell) => cell.repo === 'all');
    if (all[0]?.metric === 'resolved') {
      const maxK = Math.max(1, ...all.map((cell) => Object.keys(cell.passAtK).length));
      charts.push({
        id: `pass-at-k-${task}`,
        kind: 'pass-at-k',
        title: `${task}: pass@k`,
        type: 'line',
        labels: Array.from({ length: maxK }, (_, index) => String(index + 1)),
        datasets: all.map((cell) => ({ label: cell.model, data: Array.from({ length: maxK }, (_, index) => round((cell.passAtK[index + 1] ?? Number.NaN) * 100)) })),
        yTitle: '% resolved',
      });
    }
    const repos = [...new Set(cells.map((cell) => cell.repo))].filter((repo) => repo !== 'all').sort();
    charts.push({
      id: `repositories-${task}`,
      kind: 'repository-bars',
      title: `${task}: per repository`,
      type: 'bar',
      labels: repos,
      datasets: summary.models.map((model) => ({
        label: model,
        data: repos.map((repo) => {
          const cell = cells.find((item) => item.model === model && item.repo === repo);
          return cell === undefined ? 0 : round(cell.pass1.mean * (cell.metric === 'resolved' ? 100 : 1));
        }),
      })),
      yTitle: all[0]?.metric === 'score' ? 'judge score (0–100)' : 'pass@1 (%)',
    });
  }
  const trajectoryTasks = [...new Set(summary.trajectories.map((stats) => stats.task))];
  for (const task of trajectoryTasks) {
    const stats = summary.trajectories.filter((item) => item.task === task);
    charts.push({
      id: `turns-${task}`,
      kind: 'turn-histogram',
      title: `${task}: trajectory length`,
      type: 'bar',
      labels: TURN_BINS.map((low, index) => (index + 1 < TURN_BINS.length ? `${low}–${TURN_BINS[index + 1]! - 1}` : `${low}+`)),
      datasets: stats.map((item) => ({
        label: item.model,
        data: TURN_BINS.map((low, index) => item.turnCounts.filter((turns) => turns >= low && (index + 1 >= TURN_BINS.length || turns < TURN_BINS[index + 1]!)).length),
      })),
      yTitle: 'trajectories',
    });
  }
  return charts;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Chart.js's UMD build, read from the installed package, to inline into the report. */
export async function readChartJsBundle(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports only its modules; the UMD build sits beside its CommonJS entry.
  return readFile(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

/** Markdown tables to HTML tables (the Markdown report's own tables, so both say the same). */
function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith('# ')) continue;
    if (line.startsWith('## ')) out.push(`<h2>${escapeHtml(line.slice(3))}</h2>`);
    else if (line.startsWith('| ')) {
      const rows: string[][] = [];
      while (index < lines.length && lines[index]!.startsWith('| ')) {
        rows.push(lines[index]!.slice(2, -2).split(' | '));
        index++;
      }
      index--;
      const [header, , ...body] = rows;
      out.push(`<table><thead><tr>${header!.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${body.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (line.trim() !== '') out.push(`<p>${escapeHtml(line).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`);
  }
  return out.join('\n');
}

/**
 * The report as one self-contained HTML file that opens offline: the tables of the Markdown
 * report and Chart.js charts (pass@k curves, per-repository bars, trajectory-length
 * histograms, and pass@1 / TTS@k / oracle pass@k against k when `tts` is given) with Chart.js itself inlined. After drawing, each canvas carries
 * `data-rendered` (the numbers the chart instance holds, per dataset) and `data-painted` (how
 * many of its pixels are painted), so a headless browser can check that every chart was
 * drawn with the run's numbers.
 */
export function renderHtmlReport(summary: EvaluationSummary, chartJs: string, options: { readonly title?: string; readonly tts?: TestTimeScalingSummary } = {}): string {
  const title = options.title ?? 'Repository-Centric Evaluation';
  const charts: ReportChart[] = [...reportCharts(summary), ...(options.tts === undefined ? [] : testTimeScalingCharts(options.tts))];
  const canvases = charts.map((chart) => `<figure><figcaption>${escapeHtml(chart.title)}</figcaption><canvas id="${chart.id}" data-kind="${chart.kind}" width="640" height="320"></canvas></figure>`).join('\n');
  const script = `
const charts = JSON.parse(document.getElementById('report-charts').textContent);
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
for (const spec of charts) {
  const canvas = document.getElementById(spec.id);
  const chart = new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets.map((dataset, index) => ({ label: dataset.label, data: dataset.data, borderColor: colours[index % colours.length], backgroundColor: colours[index % colours.length], fill: false })) },
    options: { animation: false, responsive: false, plugins: { title: { display: true, text: spec.title } }, scales: { y: { beginAtZero: true, title: { display: true, text: spec.yTitle } } } },
  });
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let index = 3; index < pixels.length; index += 4) if (pixels[index] !== 0) painted++;
  canvas.dataset.rendered = JSON.stringify(chart.data.datasets.map((dataset) => ({ label: dataset.label, data: dataset.data })));
  canvas.dataset.painted = String(painted);
}
document.body.dataset.chartsDrawn = String(charts.length);
`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { display: inline-block; margin: 0 1rem 1rem 0; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${markdownToHtml(renderMarkdownReport(summary, { ...options, title }))}
<h2>Charts</h2>
${canvases}
<script type="application/json" id="report-charts">${scriptJson(charts)}</script>
<script type="application/json" id="report-summary">${scriptJson(summary)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${script}</script>
</body>
</html>
`;
}
