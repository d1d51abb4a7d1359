import { BENCHMARK_KINDS } from '../load/benchmark-task';
import { renderTestTimeScalingMarkdown } from '../tts/render-test-time-scaling';
import type { TestTimeScalingSummary } from '../tts/score-test-time-scaling';
import type { EvaluationSummary, SummaryCell } from '../metrics/summarize-evaluation';

function percent(value: number): string {
  return Number.isFinite(value) ? (value * 100).toFixed(1) : '–';
}

/** A cell as the paper writes it: pass@1 in % (or the QA score on 0–100) ± the std over runs. */
export function formatCell(cell: SummaryCell): string {
  const scale = cell.metric === 'resolved' ? 100 : 1;
  const mean = cell.pass1.mean * scale;
  const std = cell.pass1.std * scale;
  if (!Number.isFinite(mean)) return '–';
  return cell.perRun.length > 1 ? `${mean.toFixed(1)} ± ${std.toFixed(1)}` : mean.toFixed(1);
}

function taskTitle(task: string): string {
  return task in BENCHMARK_KINDS ? `${BENCHMARK_KINDS[task as keyof typeof BENCHMARK_KINDS].title} (${task})` : task;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/**
 * The report as Markdown: per task, a table laid out like the paper's Table 1 (a row per
 * model, a column per repository and one for all of them; pass@1 in % as mean ± std over
 * runs, QA on 0–100), resolved counts per run, pass@k, trajectory statistics like Table 3
 * (turns and tokens, mean ± std) and cost per resolved instance.
 */
export function renderMarkdownReport(summary: EvaluationSummary, options: { readonly title?: string; readonly tts?: TestTimeScalingSummary } = {}): string {
  const parts: string[] = [`# ${options.title ?? 'Repository-Centric Evaluation'}`, ''];
  const tasks = [...new Set(summary.cells.map((cell) => cell.task))];
  parts.push(`Models: ${summary.models.map((model) => `\`${model}\` (${summary.runs[model]} run${summary.runs[model] === 1 ? '' : 's'})`).join(', ')}.`, '');
  for (const task of tasks) {
    const cells = summary.cells.filter((cell) => cell.task === task);
    const repos = [...new Set(cells.map((cell) => cell.repo))].filter((repo) => repo !== 'all').sort();
    const metric = cells[0]?.metric === 'score' ? 'judge score, 0–100' : 'pass@1, % resolved';
    parts.push(`## ${taskTitle(task)}: ${metric}`, '');
    parts.push(
      table(
        ['model', ...repos.map((repo) => `${repo.split('/')[1]} (${cells.find((cell) => cell.repo === repo)?.instances ?? 0})`), `all (${cells.find((cell) => cell.repo === 'all')?.instances ?? 0})`],
        summary.models.map((model) => [model, ...[...repos, 'all'].map((repo) => {
          const cell = cells.find((item) => item.model === model && item.repo === repo);
          return cell ? formatCell(cell) : '–';
        })]),
      ),
      '',
    );
    const all = cells.filter((cell) => cell.repo === 'all');
    if (all[0]?.metric === 'resolved') {
      const maxK = Math.max(...all.map((cell) => Object.keys(cell.passAtK).length));
      parts.push(
        table(
          ['model', 'resolved per run', ...Array.from({ length: maxK }, (_, index) => `pass@${index + 1}`), ...(task === 'tdd' ? ['tddScore'] : [])],
          all.map((cell) => [
            cell.model,
            `${cell.resolvedPerRun.join(' / ')} of ${cell.instances}`,
            ...Array.from({ length: maxK }, (_, index) => percent(cell.passAtK[index + 1] ?? Number.NaN)),
            // TDD-Bench's coverage-weighted score, the mean over instances and runs.
            ...(task === 'tdd' ? [percent(cell.meanScore)] : []),
          ]),
        ),
        '',
      );
    }
  }
  if (summary.trajectories.length > 0) {
    parts.push('## Trajectories (mean ± std per trajectory)', '');
    parts.push(
      table(
        ['model', 'task', 'trajectories', 'turns', 'input tokens', 'output tokens', 'outcomes'],
        summary.trajectories.map((stats) => [
          stats.model,
          stats.task,
          String(stats.trajectories),
          `${stats.turns.mean.toFixed(1)} ± ${stats.turns.std.toFixed(1)}`,
          `${Math.round(stats.inputTokens.mean)} ± ${Math.round(stats.inputTokens.std)}`,
          `${Math.round(stats.outputTokens.mean)} ± ${Math.round(stats.outputTokens.std)}`,
          Object.entries(stats.outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(', '),
        ]),
      ),
      '',
    );
  }
  const costs = summary.cost.filter((cost) => cost.tokens > 0);
  if (costs.length > 0) {
    parts.push('## Cost', '');
    parts.push(
      table(
        ['model', 'task', 'tokens', 'cost (USD)', 'resolved attempts', 'USD per resolved'],
        costs.map((cost) => [cost.model, cost.task, String(cost.tokens), cost.costUsd === null ? 'unknown' : cost.costUsd.toFixed(4), String(cost.resolved), cost.costPerResolved === null ? '–' : cost.costPerResolved.toFixed(4)]),
      ),
      '',
    );
  }
  if (options.tts !== undefined) parts.push(renderTestTimeScalingMarkdown(options.tts));
  return `${parts.join('\n').trimEnd()}\n`;
}
