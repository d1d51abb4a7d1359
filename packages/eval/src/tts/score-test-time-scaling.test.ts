import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalResult, Trajectory } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../load/load-benchmark';
import { createSampleBenchmark } from '../test/create-sample-benchmark';
import { calcDiff, rolloutTrajectory } from './__fixtures__/rollout-trajectory';
import { createGenerativeVerifier } from './create-generative-verifier';
import { readTestTimeScaling, scoreTestTimeScaling } from './score-test-time-scaling';

const route = 'POST /v1/chat/completions';
const jsonl = (records: readonly unknown[]) => records.map((record) => `${JSON.stringify(record)}\n`).join('');

let root: string;
let server: TestServer;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tts-run-'));
  // The judge: P(YES) = 0.9 when the final patch contains `a + b`, else 0.2, as vLLM log-probabilities.
  server = await createTestServer({
    [route]: (call) => {
      const user = (call.bodyJson as { messages: { content: string }[] }).messages[1]!.content;
      const yes = user.split('<final_patch>')[1]!.includes('a + b') ? 0.9 : 0.2;
      const token = yes > 0.5 ? 'YES' : 'NO';
      return {
        type: 'json',
        body: {
          id: 'chatcmpl-judge',
          object: 'chat.completion',
          created: 1759000400,
          model: 'judge-8b',
          choices: [{ index: 0, message: { role: 'assistant', content: token }, logprobs: { content: [{ token, logprob: Math.log(Math.max(yes, 1 - yes)), top_logprobs: [{ token: 'YES', logprob: Math.log(yes) }, { token: 'NO', logprob: Math.log(1 - yes) }] }] }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 700, completion_tokens: 1, total_tokens: 701 },
        },
      };
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/**
 * A run folder as `runEvaluation` writes it with `runs: 4`: two sample instances, four agent
 * rollouts each, graded. Instance 1 is resolved by run 2 only (patch `a + b`); instance 2 by none.
 */
async function writeRunFolder(out: string): Promise<void> {
  const sample = await createSampleBenchmark(join(root, 'sample'));
  const { instances } = await loadBenchmark({ task: 'sbv', files: [sample.sbvFile] });
  expect(instances.map((instance) => instance.id)).toEqual(['sample__calc-1', 'sample__calc-2']);
  const folder = join(out, 'sbv', 'vllm__repo-expert-4b');
  await mkdir(folder, { recursive: true });
  await writeFile(join(out, 'evaluation.json'), `${JSON.stringify({ schemaVersion: 1, runs: 4 })}\n`);
  await writeFile(join(out, 'sbv', 'instances.jsonl'), jsonl(instances));
  const trajectories: Trajectory[] = [];
  const results: EvalResult[] = [];
  for (const instance of instances) {
    for (let run = 0; run < 4; run++) {
      const id = `${instance.id}__run-${run}`;
      const resolved = instance.id === 'sample__calc-1' && run === 2;
      const diff = run === 3 ? undefined : calcDiff(resolved ? '    return a + b' : `    return a * b  # ${run}`);
      trajectories.push(rolloutTrajectory({ id, taskId: instance.id, ...(diff === undefined ? {} : { diff }), steps: [{ action: 'python -m pytest -q', observation: 'ok' }] }));
      results.push({ schemaVersion: 1, id: `vllm__repo-expert-4b__${id}`, runId: 'vllm__repo-expert-4b', taskId: instance.id, taskKind: 'bugfix', model: { provider: 'vllm', modelId: 'repo-expert-4b' }, attempt: run + 1, resolved, score: resolved ? 1 : 0, trajectoryId: id });
    }
  }
  await writeFile(join(folder, 'trajectories.jsonl'), jsonl(trajectories));
  await writeFile(join(folder, 'results.jsonl'), jsonl(results));
}

describe('scoreTestTimeScaling over an evaluation run folder', () => {
  it('judges the K = 4 rollouts with a generative verifier, reports TTS@k, and resumes without asking again', async () => {
    const out = join(root, 'run');
    await writeRunFolder(out);
    const verifier = createGenerativeVerifier({ model: createOpenAI({ baseURL: `${server.url}/v1`, server: 'vllm', retry: { maxRetries: 0 } }).model('judge-8b') });

    const summary = await scoreTestTimeScaling({ out, verifier });

    expect(summary.rollouts).toBe(4);
    expect(summary.outcomes).toHaveLength(1);
    const [outcome] = summary.outcomes;
    expect(outcome).toMatchObject({ model: 'vllm:repo-expert-4b', task: 'sbv', verifierId: 'generative:vllm:judge-8b', judged: 8, reused: 0 });
    expect(outcome!.selected).toEqual({ 'sample__calc-1': 'sample__calc-1__run-2', 'sample__calc-2': 'sample__calc-2__run-0' });
    expect(outcome!.metrics.rows).toEqual([
      { k: 1, passAt1: 0.125, ttsAtK: 0.125, oracleAtK: 0.125 },
      { k: 2, passAt1: 0.125, ttsAtK: 0.25, oracleAtK: 0.25 },
      { k: 4, passAt1: 0.125, ttsAtK: 0.5, oracleAtK: 0.5 },
    ]);
    expect(outcome!.metrics.verifier).toMatchObject({ scored: 6, truePositives: 1, falsePositives: 0, accuracy: 1 });
    // 6 non-empty patches judged, 2 empty ones dropped without a call
    expect(server.callsTo(route)).toHaveLength(6);
    const scores = (await readFile(join(out, 'sbv', 'vllm__repo-expert-4b', 'tts-generative_vllm_judge-8b.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(scores).toHaveLength(8);
    expect(await readTestTimeScaling(out)).toEqual(summary);

    const again = await scoreTestTimeScaling({ out, verifier });
    expect(again.outcomes[0]).toMatchObject({ judged: 0, reused: 8 });
    expect(again.outcomes[0]!.metrics).toEqual(outcome!.metrics);
    expect(server.callsTo(route)).toHaveLength(6);
  });
});
