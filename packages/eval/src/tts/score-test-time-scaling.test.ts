import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAI } from '@swespot/model-openai';
import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEvaluationReport } from '../report/write-evaluation-report';
import { createSampleTtsRun } from '../test/create-sample-tts-run';
import { createGenerativeVerifier } from './create-generative-verifier';
import { readTestTimeScaling, scoreTestTimeScaling } from './score-test-time-scaling';

const route = 'POST /v1/chat/completions';

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

describe('scoreTestTimeScaling over an evaluation run folder', () => {
  it('judges the K = 4 rollouts with a generative verifier, reports TTS@k, and resumes without asking again', async () => {
    const out = join(root, 'run');
    await createSampleTtsRun(out);
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

    // the evaluation report gains the table and the chart
    await writeEvaluationReport(out);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('## Test-time scaling (verifier generative:vllm:judge-8b, K = 4)');
    expect(markdown).toContain('vllm:repo-expert-4b on sbv: 2 instances; verifier accuracy 100.0%, precision 100.0%, recall 100.0% over 6 judged rollouts');
    expect(markdown).toContain('| 1 | 12.5 | 12.5 | 12.5 |\n| 2 | 12.5 | 25.0 | 25.0 |\n| 4 | 12.5 | 50.0 | 50.0 |');
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<canvas id="test-time-scaling-0" data-kind="test-time-scaling"');
    const charts = JSON.parse(/<script type="application\/json" id="report-charts">(.*?)<\/script>/s.exec(html)![1]!) as { id: string; datasets: { label: string; data: number[] }[] }[];
    expect(charts.find((chart) => chart.id === 'test-time-scaling-0')?.datasets).toEqual([
      { label: 'pass@1', data: [12.5, 12.5, 12.5] },
      { label: 'TTS@k', data: [12.5, 25, 50] },
      { label: 'oracle pass@k', data: [12.5, 25, 50] },
    ]);

    const again = await scoreTestTimeScaling({ out, verifier });
    expect(again.outcomes[0]).toMatchObject({ judged: 0, reused: 8 });
    expect(again.outcomes[0]!.metrics).toEqual(outcome!.metrics);
    expect(server.callsTo(route)).toHaveLength(6);
  });
});
