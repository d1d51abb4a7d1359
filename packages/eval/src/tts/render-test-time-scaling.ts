import type { TestTimeScalingSummary } from './score-test-time-scaling';

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}`;
}

/**
 * The test-time scaling section of the Markdown report: per model and task, a table of
 * pass@1, TTS@k and oracle pass@k (in %) for k = 1, 2, 4, ..., K, and the verifier's accuracy,
 * precision and recall against the grades.
 */
export function renderTestTimeScalingMarkdown(summary: TestTimeScalingSummary): string {
  const lines = [`## Test-time scaling (verifier ${summary.verifierId}, K = ${summary.rollouts})`, ''];
  for (const outcome of summary.outcomes) {
    const verifier = outcome.metrics.verifier;
    lines.push(
      `${outcome.model} on ${outcome.task}: ${outcome.metrics.instances} instances; verifier accuracy ${percent(verifier.accuracy)}%, precision ${percent(verifier.precision)}%, recall ${percent(verifier.recall)}% over ${verifier.scored} judged rollouts (YES at score >= ${verifier.threshold})`,
      '',
      '| k | pass@1 (%) | TTS@k (%) | oracle pass@k (%) |',
      '| --- | --- | --- | --- |',
      ...outcome.metrics.rows.map((row) => `| ${row.k} | ${percent(row.passAt1)} | ${percent(row.ttsAtK)} | ${percent(row.oracleAtK)} |`),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line chart per model and task: pass@1, TTS@k and oracle pass@k (%) against k, in the shape of the HTML report's charts. */
export function testTimeScalingCharts(summary: TestTimeScalingSummary): {
  id: string;
  kind: 'test-time-scaling';
  title: string;
  type: 'line';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  yTitle: string;
}[] {
  const round = (value: number) => Math.round(value * 1000) / 10;
  return summary.outcomes.map((outcome, index) => ({
    id: `test-time-scaling-${index}`,
    kind: 'test-time-scaling',
    title: `${outcome.task}: test-time scaling, ${outcome.model}`,
    type: 'line',
    labels: outcome.metrics.rows.map((row) => String(row.k)),
    datasets: [
      { label: 'pass@1', data: outcome.metrics.rows.map((row) => round(row.passAt1)) },
      { label: 'TTS@k', data: outcome.metrics.rows.map((row) => round(row.ttsAtK)) },
      { label: 'oracle pass@k', data: outcome.metrics.rows.map((row) => round(row.oracleAtK)) },
    ],
    yTitle: '% resolved',
  }));
}
