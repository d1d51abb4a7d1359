/**
 * The harness self-check SWE-bench relies on, on benchmark rows whose environments are built
 * here: `--predictions gold` must resolve every instance and `--predictions empty` none.
 * Environments come from an image the engine has, else are built at each row's base commit
 * from a local clone (dependencies from Debian), then both predictions are graded and the
 * report (JSON, Markdown, HTML) is written into OUT.
 *
 *   pnpm --filter @swespot/examples example src/eval/self-check.ts --task sbv --data ROWS.jsonl --repos DIR --out OUT [--only ID,...] [--limit N]
 *
 * DIR holds clones named after the repositories (`pylint` or `pylint.git`). Without
 * arguments it runs on a generated sample repository. Needs Docker.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEnvironmentResolver, loadBenchmark, runEvaluation, writeEvaluationReport, type BenchmarkTask } from '@swespot/eval';
import { createSampleBenchmark } from '@swespot/eval/test';
import { createDockerSandbox } from '@swespot/repo-sandbox/docker';

const { values } = parseArgs({
  options: { task: { type: 'string', default: 'sbv' }, data: { type: 'string', multiple: true }, repos: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' }, limit: { type: 'string' } },
});
let task = values.task as BenchmarkTask;
let files = values.data ?? [];
const repositories: Record<string, string> = {};
if (files.length === 0) {
  const sample = await createSampleBenchmark();
  files = [sample.sbvFile];
  task = 'sbv';
  repositories[sample.repo] = sample.repository;
}
const { instances, problems } = await loadBenchmark({ task, files });
for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.field}: ${problem.message}`);
const only = values.only ? new Set(values.only.split(',')) : undefined;
const chosen = instances.filter((instance) => !only || only.has(instance.id)).slice(0, values.limit ? Number(values.limit) : undefined);
if (values.repos) {
  const names = await readdir(values.repos);
  for (const instance of chosen) {
    const name = instance.repo.split('/')[1]!;
    const found = names.find((entry) => entry === name || entry === `${name}.git`);
    if (found) repositories[instance.repo] = join(values.repos, found);
  }
}
const out = values.out ?? 'eval-self-check';
const run = await runEvaluation({
  out,
  instances: chosen,
  contenders: [
    { type: 'predictions', source: 'gold' },
    { type: 'predictions', source: 'empty' },
  ],
  sandbox: createDockerSandbox(),
  resolveEnvironment: createEnvironmentResolver({ repositories, workDirectory: join(out, '.environments'), onBuildProgress: (id, progress) => console.error(`${id}: ${progress.message}`) }),
  onProgress: (progress) => progress.message && console.error(`${progress.phase}: ${progress.message}`),
});
const summary = await writeEvaluationReport(out);
for (const [key, environment] of Object.entries(run.environments)) console.log(`${key}: ${environment.error ?? `${environment.source} ${environment.image}`}`);
for (const cell of summary.cells.filter((item) => item.repo === 'all')) console.log(`${cell.model} ${cell.task}: ${cell.resolvedPerRun.join('/')} of ${cell.instances} resolved`);
console.log(`report: ${join(out, 'report.md')}`);
