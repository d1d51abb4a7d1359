import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { createTestServer } from '@swespot-tools/test-server';
import { readJsonlToArray, taskInstanceSchema, trajectorySchema } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const exec = promisify(execFile);

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

/**
 * An OpenAI-compatible server on 127.0.0.1 that answers the agent's step N with `replies[N]`
 * and keeps every request's messages in `seen`.
 */
async function scriptedChatServer(replies: readonly string[]) {
  const seen: string[] = [];
  const server = await createTestServer({
    'POST /v1/chat/completions': (call) => {
      const body = call.bodyJson as { messages: { role: string; content: string }[] };
      seen.push(JSON.stringify(body.messages));
      const step = body.messages.filter((message) => message.role === 'assistant').length;
      return {
        type: 'json',
        body: { id: `chatcmpl-${call.routeCallIndex}`, object: 'chat.completion', created: 1, model: 'qwen', choices: [{ index: 0, message: { role: 'assistant', content: replies[step] }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } },
      };
    },
  });
  return { seen, server };
}

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
    const result = await run(['rollout', 'tasks.jsonl', '--model', 'foo:bar', '--out', 'out.jsonl', '--runs', '0', '--concurrency', 'many', '--top-p', '2', '--max-consecutive-timeouts', '0']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      '--concurrency: expected a number of runs at once',
      '--max-consecutive-timeouts: expected 1 or more timed-out commands',
      '--model: unknown provider; use one of openai, vllm, sglang, llama.cpp, anthropic, google',
      '--runs: expected 1 or more runs',
      '--top-p: Too big: expected number to be <=1',
    ]);
  });

  it('names the file, line and field of an invalid task', async () => {
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(task)}\n${JSON.stringify({ ...task, id: 'x', question: '' })}\n`);
    const result = await run(['rollout', 'tasks.jsonl', '--model', 'openai:gpt-5-mini', '--out', 'out.jsonl'], { OPENAI_API_KEY: 'sk-test' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${join(folder, 'tasks.jsonl')}:2: invalid TaskInstance:`);
    expect(result.stderr).toContain('question:');
  });

  it('says what a local model server needs', async () => {
    const vllm = await run(['rollout', 'tasks.jsonl', '--model', 'vllm:Qwen/Qwen3-4B-Instruct-2507', '--out', 'out.jsonl']);
    expect(vllm).toMatchObject({ exitCode: 1 });
    expect(vllm.stderr).toBe('--base-url: required for vllm: the server\'s OpenAI-compatible address, e.g. http://127.0.0.1:8000/v1\n');
  });

  it('checks the API key once, before reading tasks, and names the variable to set', async () => {
    // No tasks file at all: the key is checked first.
    const anthropic = await run(['rollout', 'missing.jsonl', '--model', 'anthropic:claude-sonnet-4-5', '--out', 'out.jsonl']);
    expect(anthropic).toMatchObject({ exitCode: 1, stdout: '' });
    expect(anthropic.stderr).toBe(
      'no API key for anthropic: set the ANTHROPIC_API_KEY environment variable (or name another variable with --api-key-env, or teacher.apiKeyEnv in swespot.config.json)\n',
    );
    const google = await run(['rollout', 'missing.jsonl', '--model', 'google:gemini-2.5-flash', '--out', 'out.jsonl'], { GEMINI_API_KEY: ' ' });
    expect(google.stderr).toContain('set the GEMINI_API_KEY or GOOGLE_API_KEY environment variable');
    const named = await run(['rollout', 'missing.jsonl', '--model', 'openai:gpt-5-mini', '--api-key-env', 'MY_KEY', '--out', 'out.jsonl'], { OPENAI_API_KEY: 'sk-test' });
    expect(named.stderr).toBe('--api-key-env: the environment variable MY_KEY is not set or empty; set it to the openai API key\n');
    // With a key the tasks file is read next (and a local server at --base-url needs none).
    const keyed = await run(['rollout', 'missing.jsonl', '--model', 'openai:gpt-5-mini', '--out', 'out.jsonl'], { OPENAI_API_KEY: 'sk-test' });
    expect(keyed.stderr).not.toContain('API key');
    expect(keyed.exitCode).toBe(1);
    const local = await run(['rollout', 'missing.jsonl', '--model', 'vllm:qwen', '--base-url', 'http://127.0.0.1:9/v1', '--out', 'out.jsonl']);
    expect(local.stderr).not.toContain('API key');
  });

  it('leaves out a missing --model or --out as a usage error', async () => {
    const result = await run(['rollout', 'tasks.jsonl', '--out', 'out.jsonl']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("required option '--model <provider:model>' not specified (or set teacher in swespot.config.json)");
  });

  it('runs the agent against an OpenAI-compatible server in the local sandbox and resumes', async () => {
    const repository = join(folder, 'repo');
    await mkdir(join(repository, 'src'), { recursive: true });
    await writeFile(join(repository, 'src/total.js'), 'export const total = (items) => items.slice(1).reduce((a, b) => a + b, 0);\n');
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'bug']]) {
      await exec('git', args, { cwd: repository });
    }
    const replies = [
      "THOUGHT: fix it.\n\n```bash\nsed -i 's/items.slice(1)/items/' src/total.js\n```",
      'THOUGHT: submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```',
    ];
    const server = await createTestServer({
      'POST /v1/chat/completions': (call) => {
        const body = call.bodyJson as { messages: { role: string }[] };
        const step = body.messages.filter((message) => message.role === 'assistant').length;
        return {
          type: 'json',
          body: {
            id: `chatcmpl-${call.routeCallIndex}`,
            object: 'chat.completion',
            created: 1,
            model: 'qwen',
            choices: [{ index: 0, message: { role: 'assistant', content: replies[step] }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
          },
        };
      },
    });
    const bugfix = {
      ...task,
      id: 'totals__bug-1',
      kind: 'bugfix',
      problemStatement: 'total skips the first item.',
      goldPatch: '',
      testPatch: '',
      failToPass: ['t'],
      passToPass: [],
      bugOrigin: { type: 'synthetic', strategy: 'manual' },
    } as Record<string, unknown>;
    delete bugfix.question;
    delete bugfix.referenceAnswer;
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(bugfix)}\n`);
    const argv = ['rollout', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--sandbox', 'local', '--unsafe', '--workspace', 'repo', '--runs', '2', '--out', 'out/trajectories.jsonl', '--temperature', '1', '--seed', '5'];
    try {
      const local = await run(argv.filter((value) => value !== '--unsafe'));
      expect(local).toMatchObject({ exitCode: 1 });
      expect(local.stderr).toContain('--sandbox: local runs the agent\'s commands on this machine without any isolation; add --unsafe');

      const first = await run(argv);
      expect(first.stderr).not.toContain('did not start');
      expect(first.exitCode).toBe(0);
      expect(first.stdout).toBe(`2 trajectories written to out/trajectories.jsonl (submitted 2); 0 skipped, 0 failed, 0 not started; logs in ${join(folder, 'out/trajectories.logs')}\n`);
      const trajectories = await readJsonlToArray(join(folder, 'out/trajectories.jsonl'), { schema: trajectorySchema });
      expect(trajectories.map((trajectory) => [trajectory.id, trajectory.settings.seed]).sort()).toEqual([
        ['totals__bug-1__run-0', 5],
        ['totals__bug-1__run-1', 6],
      ]);
      expect(trajectories[0]).toMatchObject({ model: { provider: 'vllm', modelId: 'qwen' }, outcome: 'submitted' });
      expect(trajectories[0]!.submission).toMatchObject({ type: 'diff', diff: expect.stringContaining('+export const total = (items) => items.reduce(') });
      expect((await readdir(join(folder, 'out/trajectories.logs'))).sort()).toEqual(['totals__bug-1__run-0.log', 'totals__bug-1__run-1.log']);
      // The workspace was copied into each session; the original still has the bug.
      expect(await readFile(join(repository, 'src/total.js'), 'utf8')).toContain('items.slice(1)');

      const again = await run(argv);
      expect(again.stdout).toContain('0 trajectories written to out/trajectories.jsonl; 2 skipped, 0 failed');
      expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
  it('shows the agent of a FIM task the file with its hole, never the removed code', async () => {
    const repository = join(folder, 'fim-repo');
    await mkdir(join(repository, 'pkg'), { recursive: true });
    const removed = 'def area(width, height):\n    return width * height';
    const source = `import math\n\n\n${removed}\n`;
    await writeFile(join(repository, 'pkg/shapes.py'), source);
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'shapes']]) {
      await exec('git', args, { cwd: repository });
    }
    const start = Buffer.byteLength('import math\n\n\n');
    const fim = {
      schemaVersion: 2,
      id: 'shapes__fim-1',
      kind: 'fim',
      repo: 'swespot/shapes',
      snapshot: { commit: 'b'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
      environment: { image: 'swespot/shapes:test' },
      testSpec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest {tests}', selection: { mode: 'all' } },
      provenance: { source: 'fim-holes', createdAt: '2024-01-02T00:00:00Z' },
      seed: 0,
      file: 'pkg/shapes.py',
      instruction: 'Implement the function `area` in `pkg/shapes.py`.',
      holes: [{ byteRange: { start, end: start + Buffer.byteLength(removed) }, lineRange: { start: 4, end: 5 }, removedCode: removed, granularity: 'function', symbol: 'area', part: 'whole', placeholder: '...  # FIM HOLE 1: write the function area here' }],
      classification: 'negative',
      crossFileDependencies: [],
      coveringTests: [],
    };
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(fim)}\n`);
    const replies = ['THOUGHT: look.\n\n```bash\ncat pkg/shapes.py\n```', 'THOUGHT: submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```'];
    const { seen, server } = await scriptedChatServer(replies);
    try {
      const result = await run(['rollout', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--sandbox', 'local', '--unsafe', '--workspace', 'fim-repo', '--out', 'fim.jsonl']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(seen).toHaveLength(2);
      // The observation of `cat` holds the placeholder; no request ever held the removed body.
      expect(seen[1]).toContain('# FIM HOLE 1: write the function area here');
      for (const request of seen) expect(request).not.toContain('return width * height');
      const [trajectory] = await readJsonlToArray(join(folder, 'fim.jsonl'), { schema: trajectorySchema });
      expect(trajectory!.submission).toMatchObject({ type: 'diff', diff: expect.stringContaining('-    return width * height') });
      // The host's workspace is untouched.
      expect(await readFile(join(repository, 'pkg/shapes.py'), 'utf8')).toBe(source);
    } finally {
      await server.close();
    }
  });
  it('shows the agent of a bugfix task with a bugPatch the buggy code, not the snapshot', async () => {
    const repository = join(folder, 'bug-repo');
    await mkdir(join(repository, 'pkg'), { recursive: true });
    const source = 'def total(items):\n    return sum(items)\n';
    await writeFile(join(repository, 'pkg/totals.py'), source);
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'totals']]) {
      await exec('git', args, { cwd: repository });
    }
    const bugPatch = ['diff --git a/pkg/totals.py b/pkg/totals.py', '--- a/pkg/totals.py', '+++ b/pkg/totals.py', '@@ -1,2 +1,2 @@', ' def total(items):', '-    return sum(items)', '+    return sum(items[1:])', ''].join('\n');
    const bugfix = {
      schemaVersion: 1,
      id: 'totals__mirror-1',
      seed: 0,
      kind: 'bugfix',
      repo: 'swespot/totals',
      snapshot: { commit: 'c'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
      environment: { image: 'swespot/totals:test' },
      testSpec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest {tests}', selection: { mode: 'all' } },
      provenance: { source: 'pr-mirror', createdAt: '2024-01-02T00:00:00Z' },
      problemStatement: 'total skips the first item.',
      goldPatch: '',
      testPatch: '',
      failToPass: ['tests/test_totals.py::test_total'],
      passToPass: [],
      bugOrigin: { type: 'synthetic', strategy: 'manual' },
      bugPatch,
    };
    await writeFile(join(folder, 'tasks.jsonl'), `${JSON.stringify(taskInstanceSchema.parse(bugfix))}\n`);
    const replies = ['THOUGHT: look.\n\n```bash\ncat pkg/totals.py\n```', 'THOUGHT: submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```'];
    const { seen, server } = await scriptedChatServer(replies);
    try {
      const result = await run(['rollout', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--sandbox', 'local', '--unsafe', '--workspace', 'bug-repo', '--out', 'bug.jsonl']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(seen).toHaveLength(2);
      // The observation of `cat` is the buggy line.
      expect(seen[1]).toContain('return sum(items[1:])');
      // The host's workspace is untouched.
      expect(await readFile(join(repository, 'pkg/totals.py'), 'utf8')).toBe(source);
    } finally {
      await server.close();
    }
  });
});
