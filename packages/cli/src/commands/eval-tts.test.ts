import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { validateMsSwiftRecord } from '@swespot/core';
import { createSampleTtsRun } from '@swespot/eval/test';
import { createTestServer, type TestServer } from '@swespot-tools/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const route = 'POST /v1/chat/completions';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let root: string;
let server: TestServer;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-eval-tts-'));
  // A judge served like vLLM: P(YES) = 0.9 when the final patch contains `a + b`, else 0.2, as log-probabilities.
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
          created: 1759000500,
          model: 'judge',
          choices: [{ index: 0, message: { role: 'assistant', content: token }, logprobs: { content: [{ token, logprob: Math.log(Math.max(yes, 1 - yes)), top_logprobs: [{ token: 'YES', logprob: Math.log(yes) }, { token: 'NO', logprob: Math.log(1 - yes) }] }] }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 600, completion_tokens: 1, total_tokens: 601 },
        },
      };
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('swespot eval tts / eval run --tts', () => {
  it('refuses --tts without --verifier or --model, and --verifier without --tts', async () => {
    const run = async (extra: string[]) => {
      const stderr = capture();
      const code = await runCli(['eval', 'run', '--task', 'sbv', '--data', 'a.jsonl', '--out', 'o', ...extra], { stdout: capture().stream, stderr: stderr.stream, cwd: root, env: {} });
      return { code, stderr: stderr.text() };
    };
    expect(await run(['--model', 'vllm:m', '--tts', '4'])).toEqual({ code: 1, stderr: '--tts: --tts needs --verifier PROVIDER:MODEL, the model that judges the rollouts\n' });
    expect(await run(['--predictions', 'gold', '--tts', '4', '--verifier', 'vllm:judge'])).toEqual({ code: 1, stderr: '--tts: --tts needs --model: fixed --predictions have one rollout per instance\n' });
    expect(await run(['--model', 'vllm:m', '--verifier', 'vllm:judge'])).toEqual({ code: 1, stderr: '--tts: --verifier needs --tts K (or score a finished run with swespot eval tts DIR --verifier ...)\n' });
    expect((await run(['--model', 'vllm:m', '--tts', '0', '--verifier', 'nope:judge'])).stderr.split('\n').filter(Boolean).sort()).toEqual(['--tts: expected 1 or more rollouts', '--verifier: unknown provider; use one of openai, vllm, sglang, llama.cpp, anthropic, google']);
  });

  it('scores a K = 4 run folder with the verifier, prints and reports TTS@k, and writes the verifier dataset', async () => {
    await createSampleTtsRun(join(root, 'run'));
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(['eval', 'tts', 'run', '--verifier', 'vllm:judge', '--verifier-base-url', `${server.url}/v1`, '--dataset', 'verifier.jsonl'], { stdout: stdout.stream, stderr: stderr.stream, cwd: root, env: {} });

    expect(stderr.text()).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(stdout.text()).toContain(
      [
        'vllm:repo-expert-4b sbv test-time scaling (K = 4, 8 judged, 0 reused):',
        '  k=1: pass@1 12.5%, TTS@k 12.5%, oracle pass@k 12.5%',
        '  k=2: pass@1 12.5%, TTS@k 25.0%, oracle pass@k 25.0%',
        '  k=4: pass@1 12.5%, TTS@k 50.0%, oracle pass@k 50.0%',
        '  verifier: accuracy 100.0%, precision 100.0%, recall 100.0% over 6 rollouts',
      ].join('\n'),
    );
    // sample__calc-1 has 1 resolved and 3 unresolved rollouts; sample__calc-2 none resolved
    expect(stdout.text()).toContain('verifier dataset: 2 rows written, 0 already there (1 YES, 1 NO) from 1 of 2 instances (1 with one answer only) -> verifier.jsonl');
    expect(server.callsTo(route)).toHaveLength(6);
    const rows = (await readFile(join(root, 'verifier.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(rows.map((row) => validateMsSwiftRecord(row))).toEqual([[], []]);
    const markdown = await readFile(join(root, 'run', 'report.md'), 'utf8');
    expect(markdown).toContain('| 4 | 12.5 | 50.0 | 50.0 |');
    expect(await readFile(join(root, 'run', 'report.html'), 'utf8')).toContain('id="test-time-scaling-0"');

    // a second pass judges nothing again
    const again = capture();
    expect(await runCli(['eval', 'tts', 'run', '--verifier', 'vllm:judge', '--verifier-base-url', `${server.url}/v1`], { stdout: again.stream, stderr: capture().stream, cwd: root, env: {} })).toBe(0);
    expect(again.text()).toContain('(K = 4, 0 judged, 8 reused)');
    expect(server.callsTo(route)).toHaveLength(6);
  });
});
