import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const task = {
  schemaVersion: 1,
  id: 'totals__qa-1',
  kind: 'qa',
  repo: 'swespot/totals',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
  environment: { image: 'swespot/totals:test' },
  testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
  provenance: { source: 'manual', createdAt: '2024-01-02T00:00:00Z' },
  seed: 0,
  question: 'What does total() return for an empty list?',
  referenceAnswer: '0',
};

describe('swespot rollout', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-rollout-cli-'));
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(task)}\n`);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('reports every bad flag at once, as --flag: message', async () => {
    const result = await run(['rollout', 'tasks.jsonl', '--model', 'foo:bar', '--out', 'out.jsonl', '--runs', '0', '--concurrency', 'many', '--top-p', '2']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      '--concurrency: expected a number of runs at once',
      '--model: unknown provider; use one of openai, vllm, sglang, llama.cpp, anthropic, google',
      '--runs: expected 1 or more runs',
      '--top-p: Too big: expected number to be <=1',
    ]);
  });

  it('names the file, line and field of an invalid task', async () => {
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(task)}\n${JSON.stringify({ ...task, id: 'x', question: '' })}\n`);
    const result = await run(['rollout', 'tasks.jsonl', '--model', 'openai:gpt-5-mini', '--out', 'out.jsonl']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${join(folder, 'tasks.jsonl')}:2: invalid TaskInstance:`);
    expect(result.stderr).toContain('question:');
  });

  it('says what a local model server needs', async () => {
    const vllm = await run(['rollout', 'tasks.jsonl', '--model', 'vllm:Qwen/Qwen3-4B-Instruct-2507', '--out', 'out.jsonl']);
    expect(vllm).toMatchObject({ exitCode: 1 });
    expect(vllm.stderr).toBe('--base-url: required for vllm: the server\'s OpenAI-compatible address, e.g. http://127.0.0.1:8000/v1\n');
  });

  it('leaves out a missing --model or --out as a usage error', async () => {
    const result = await run(['rollout', 'tasks.jsonl', '--out', 'out.jsonl']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("required option '--model <provider:model>' not specified");
  });
});
