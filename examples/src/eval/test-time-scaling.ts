/**
 * Test-time scaling (SWE-Lego) on an evaluation run folder whose model ran K times per
 * instance (`swespot eval run ... --runs K`): a generative verifier served by vLLM or SGLang
 * judges every rollout (P(YES) from log-probabilities, else the share of YES over samples),
 * the best-scored rollout of each instance is selected, and the table of pass@1, TTS@k and
 * oracle pass@k is printed and added to the folder's report. With `--dataset FILE`, the graded
 * rollouts are also written as an ms-swift dataset to train your own verifier.
 *
 *   pnpm --filter @swespot/examples example src/eval/test-time-scaling.ts --out RUN --base-url http://localhost:8000/v1 --verifier Qwen/Qwen3-8B [--user-template FILE] [--dataset verifier.jsonl]
 */
import { parseArgs } from 'node:util';
import { readEvaluationRecords, createGenerativeVerifier, exportVerifierDataset, loadVerifierTemplates, scoreTestTimeScaling, writeEvaluationReport } from '@swespot/eval';
import { createOpenAI } from '@swespot/model-openai';

const { values } = parseArgs({
  options: { out: { type: 'string' }, 'base-url': { type: 'string' }, verifier: { type: 'string' }, 'user-template': { type: 'string' }, dataset: { type: 'string' } },
});
if (!values.out || !values['base-url'] || !values.verifier) {
  console.error('usage: test-time-scaling.ts --out RUN_FOLDER --base-url URL --verifier MODEL [--user-template FILE] [--dataset FILE]');
  process.exit(1);
}
const templates = values['user-template'] ? { user: { file: values['user-template'] } } : {};
const model = createOpenAI({ baseURL: values['base-url'], server: 'vllm' }).model(values.verifier);
// Qwen3-style models think first unless told not to; the answer token must come first for log-probabilities.
const verifier = createGenerativeVerifier({ model, settings: { reasoningEffort: 'none' }, templates });

const summary = await scoreTestTimeScaling({ out: values.out, verifier, onProgress: (progress) => console.error(`${progress.model} ${progress.task}: ${progress.done}/${progress.total}`) });
for (const outcome of summary.outcomes) {
  console.log(`${outcome.model} ${outcome.task} (judged ${outcome.judged}, reused ${outcome.reused}):`);
  for (const row of outcome.metrics.rows) console.log(`  k=${row.k}  pass@1 ${(row.passAt1 * 100).toFixed(1)}%  TTS@k ${(row.ttsAtK * 100).toFixed(1)}%  oracle ${(row.oracleAtK * 100).toFixed(1)}%`);
  console.log(`  verifier accuracy ${outcome.metrics.verifier.accuracy}, precision ${outcome.metrics.verifier.precision}, recall ${outcome.metrics.verifier.recall}`);
}
await writeEvaluationReport(values.out);

if (values.dataset) {
  const records = await readEvaluationRecords(values.out);
  const resolved = new Map(records.results.map((result) => [result.trajectoryId, result.resolved === true]));
  const instances = new Map(records.instances.map((instance) => [instance.id, instance]));
  const rollouts = records.trajectories.flatMap((trajectory) => {
    const instance = instances.get(trajectory.taskId);
    if (instance === undefined || !('problemStatement' in instance)) return [];
    return [{ task: { id: instance.id, problemStatement: instance.problemStatement, repository: instance.repo }, candidate: { id: trajectory.id, trajectory }, resolved: resolved.get(trajectory.id) ?? false }];
  });
  const dataset = await exportVerifierDataset({ rollouts, out: values.dataset, templates: await loadVerifierTemplates(templates) });
  console.log(`verifier dataset: ${dataset.written} rows written (${dataset.yes} YES, ${dataset.no} NO) from ${dataset.instancesUsed} of ${dataset.instances} instances -> ${dataset.file}`);
}
