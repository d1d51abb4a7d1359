import { join } from 'node:path';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { readJsonlToArray, evalResultSchema } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rceDataRoot } from '../__fixtures__/rce-data-root';
import { loadBenchmark } from '../load/load-benchmark';
import { writeEvaluationReport } from '../report/write-evaluation-report';
import { runEvaluation } from '../run/run-evaluation';
import { judgeAnswer, parseJudgeReply } from './judge-answer';

/**
 * A fake judge speaking OpenAI's chat completions: 9 on every criterion when the candidate
 * is the reference, 3 otherwise; every third reply of a call group is not JSON (dropped).
 */
function judgeReply(call: TestServerCall) {
  const prompt = (call.bodyJson as { messages: { content: string }[] }).messages.at(-1)!.content;
  const reference = /<reference_answer>\n([\s\S]*?)\n<\/reference_answer>/.exec(prompt)![1];
  const candidate = /<candidate_answer>\n([\s\S]*?)\n<\/candidate_answer>/.exec(prompt)![1];
  const score = candidate === reference ? 9 : 3;
  const content = call.routeCallIndex % 3 === 2 ? 'I cannot decide.' : `\`\`\`json\n{"correctness": ${score}, "completeness": ${score}, "relevance": 10, "clarity": ${score}, "reasoning": ${score}}\n\`\`\``;
  return {
    type: 'json' as const,
    body: { id: `j-${call.routeCallIndex}`, object: 'chat.completion', created: 1_759_000_000, model: 'judge', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 } },
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ 'POST /v1/chat/completions': judgeReply });
});
afterAll(async () => {
  await server.close();
});

describe('the QA judge over ModelV1 (real openai client, fake server on 127.0.0.1)', () => {
  it('asks 3 samples, drops a reply without five scores, and averages the rest', async () => {
    expect(parseJudgeReply('{"correctness": 11, "completeness": 5, "relevance": 5, "clarity": 5, "reasoning": 5}')).toBeUndefined();
    const judge = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' }).model('judge');
    server.reset();
    const verdict = await judgeAnswer({ judge, question: 'Q?', reference: 'the answer', candidate: 'the answer' });
    expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(3);
    expect(verdict).toMatchObject({ samples: 3, validSamples: 2, criteria: { correctness: 9, relevance: 10 } });
    expect(verdict.overall).toBeCloseTo((9 * 4 + 10) / 5, 10);
  });

  it('self-checks SWE-QA rows: gold answers score high, empty ones 0, reported x10 on 0-100', async () => {
    const { instances } = await loadBenchmark({ task: 'qa', files: [join(rceDataRoot, 'qa', 'pylint.jsonl')] });
    const judge = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' }).model('judge');
    const out = await mkdtemp(join(tmpdir(), 'swespot-eval-qa-'));
    server.reset();
    const run = await runEvaluation({
      out,
      instances: instances.slice(0, 3),
      contenders: [
        { type: 'predictions', source: 'gold' },
        { type: 'predictions', source: 'empty' },
      ],
      // Judged answers run nothing: no environment, no container.
      sandbox: createLocalSandbox({ unsafe: true }),
      resolveEnvironment: () => Promise.reject(new Error('not needed')),
      judge,
    });
    expect(Object.values(run.environments).map((environment) => environment.error)).toEqual([undefined, undefined, undefined]);
    // 3 gold answers x 3 samples; the empty answers are not sent.
    expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(9);
    const gold = await readJsonlToArray(join(out, 'qa', 'predictions__gold', 'results.jsonl'), { schema: evalResultSchema });
    expect(gold.map((result) => result.resolved)).toEqual([null, null, null]);
    const summary = await writeEvaluationReport(out);
    const score = (model: string) => summary.cells.find((cell) => cell.model === model && cell.task === 'qa' && cell.repo === 'all')!.pass1.mean;
    expect(score('predictions:empty')).toBe(0);
    expect(score('predictions:gold')).toBeGreaterThan(80);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('SWE-QA (qa): judge score, 0–100');
  });
});
