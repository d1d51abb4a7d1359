import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { evalResultSchema, readJsonlToArray, readShardManifest, selectShard, trajectorySchema } from '@swespot/core';
import { createSampleBenchmark, type SampleBenchmark } from '@swespot/eval/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

// Nx builds dist/bin.js before this package's tests; the killed run is a real process.
const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'bin.js');

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let sample: SampleBenchmark;
let server: TestServer;

/**
 * A fake OpenAI-compatible model that fixes the add() bug (sed, then submit) and hands in an
 * empty diff for the mul() bug: it reads the issue in the first user message and counts its
 * own earlier replies.
 */
function agentReply(call: TestServerCall) {
  const body = call.bodyJson as { messages: { role: string; content: string }[] };
  const issue = body.messages.find((message) => message.role === 'user')?.content ?? '';
  const turn = body.messages.filter((message) => message.role === 'assistant').length;
  const submit = 'THOUGHT: Done.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```';
  const script = issue.includes('add() returns the difference')
    ? [`THOUGHT: add() subtracts; make it add.\n\n\`\`\`bash\n${sample.fixAdd} && python3 -c "from calc.ops import add; print(add(2, 3))"\n\`\`\``, submit]
    : ['THOUGHT: I see nothing to change.\n\n```bash\ncat calc/ops.py\n```', submit];
  const content = script[Math.min(turn, script.length - 1)]!;
  return {
    type: 'json' as const,
    body: {
      id: `chatcmpl-${call.routeCallIndex}`,
      object: 'chat.completion',
      created: 1_759_000_000,
      model: 'student',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1500, completion_tokens: 50, total_tokens: 1550 },
    },
  };
}

beforeAll(async () => {
  sample = await createSampleBenchmark();
  server = await createTestServer({ 'POST /v1/chat/completions': agentReply });
});

afterAll(async () => {
  await server.close();
  await rm(dirname(sample.repository), { recursive: true, force: true });
});

describe('swespot eval run / report', () => {
  it('reports every bad flag at once and asks for exactly one of --model and --predictions', async () => {
    const stderr = capture();
    const code = await runCli(['eval', 'run', '--task', 'xyz', '--data', 'a.jsonl', '--runs', '0', '--out', 'o'], { stdout: capture().stream, stderr: stderr.stream, cwd: dirname(sample.repository), env: {} });
    expect(code).toBe(1);
    expect(stderr.text().split('\n').filter(Boolean).sort()).toEqual([
      '--model: give exactly one of --model PROVIDER:MODEL and --predictions gold|empty|FILE',
      '--runs: expected 1 or more runs',
      '--task: expected sbv, tdd, fea, qa or tasks',
    ]);
  });

  it('applies --cutoff and --top-repos over tasks to real rows, and refuses training data that shares a pull request', async () => {
    const rce = ['/work/shared/data/rce', join(fileURLToPath(new URL('../../../../..', import.meta.url)), 'shared/data/rce')].find((folder) => existsSync(folder))!;
    const root = dirname(sample.repository);
    const sphinx = JSON.parse((await readFile(join(rce, 'sbv/sphinx.jsonl'), 'utf8')).split('\n')[0]!) as { instance_id: string; base_commit: string; created_at: string };
    const training = {
      schemaVersion: 1,
      id: 'sphinx__pr-mirror__1',
      kind: 'bugfix',
      repo: 'sphinx-doc/sphinx',
      snapshot: { commit: 'c'.repeat(40), cutoff: '2020-12-31T00:00:00Z' },
      environment: { image: 'x' },
      testSpec: { language: 'python', framework: 'pytest', command: 'pytest {tests}', selection: { mode: 'all' } },
      provenance: { source: 'pr-mirror', createdAt: '2021-01-01T00:00:00Z' },
      seed: 0,
      problemStatement: 'p',
      goldPatch: 'g',
      testPatch: '',
      failToPass: ['t'],
      passToPass: [],
      bugOrigin: { type: 'pr-mirror', prNumber: Number(/-(\d+)$/.exec(sphinx.instance_id)![1]), direct: true },
    };
    await writeFile(join(root, 'training.jsonl'), `${JSON.stringify(training)}\n`);
    const stdout = capture();
    const stderr = capture();
    const args = ['eval', 'run', '--task', 'sbv', '--data', join(rce, 'sbv/pylint.jsonl'), '--data', join(rce, 'sbv/sphinx.jsonl'), '--rank-data', join(rce, 'tdd/pylint.jsonl'), '--rank-data', join(rce, 'tdd/sphinx.jsonl'), '--cutoff', '2020-12-31', '--top-repos', '1', '--training', 'training.jsonl', '--predictions', 'gold', '--out', 'leak'];
    const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, cwd: root, env: {} });
    expect(code).toBe(1);
    expect(stderr.text()).toContain('loaded 33 sbv instances from 2 file(s)');
    expect(stderr.text()).toContain('cutoff 2020-12-31T23:59:59.000Z: 33 kept, 0 created before it, 0 undated (kept)');
    // sphinx 23 SBV + 21 TDD after the cutoff, pylint 10 + 10.
    expect(stderr.text()).toContain('top 1 repositories: sphinx-doc/sphinx (44)');
    expect(stderr.text()).toContain(`pull-request: task sphinx__pr-mirror__1 shares sphinx-doc/sphinx#${training.bugOrigin.prNumber} with ${sphinx.instance_id}`);
    expect(stderr.text()).toContain('--allow-leakage');
    expect(existsSync(join(root, 'leak'))).toBe(false);
  });

  it('runs a model through the agent against a fake OpenAI server, resumes after SIGKILL without duplicates or losses, and reports the right resolved counts', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    const root = dirname(sample.repository);
    const args = ['eval', 'run', '--task', 'sbv', '--data', sample.sbvFile, '--cutoff', '2020-12-31', '--model', 'vllm:student', '--base-url', `${server.url}/v1`, '--runs', '2', '--concurrency', '1', '--repos', root, '--out', 'run'];

    // Killed while the third model call (the second run of the first instance) hangs: one trajectory is written.
    let calls = 0;
    server.setRoute('POST /v1/chat/completions', (call) => (++calls >= 3 ? { type: 'hang' } : agentReply(call)));
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: 'ignore' });
    try {
      await expect.poll(() => calls, { timeout: 480_000, interval: 200 }).toBeGreaterThanOrEqual(3);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    } finally {
      child.kill('SIGKILL');
    }
    const trajectoriesFile = join(root, 'run/sbv/vllm__student/trajectories.jsonl');
    expect((await readJsonlToArray(trajectoriesFile, { schema: trajectorySchema })).map((trajectory) => trajectory.id)).toEqual(['sample__calc-1__run-0']);

    server.reset();
    server.setRoute('POST /v1/chat/completions', agentReply);
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, cwd: root, env: {} });
    // Progress and build lines only (a build's own summary says "0 failed, 0 errors").
    expect(stderr.text().split('\n').filter((line) => !/usable: \d+ passed/.test(line)).join('\n')).not.toMatch(/failed|error/i);
    expect(stderr.text()).toMatch(/rollouts vllm:student: 3\/3 \(100%\)/);
    expect(code).toBe(0);
    // Only the three missing runs called the model: calc-1 run 1 (2 calls), calc-2 runs 0 and 1 (2 calls each).
    expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(6);
    const trajectories = await readJsonlToArray(trajectoriesFile, { schema: trajectorySchema });
    expect(trajectories.map((trajectory) => trajectory.id).sort()).toEqual(['sample__calc-1__run-0', 'sample__calc-1__run-1', 'sample__calc-2__run-0', 'sample__calc-2__run-1']);
    expect(trajectories.every((trajectory) => trajectory.outcome === 'submitted' && trajectory.settings.temperature === 1 && trajectory.settings.topK === 20)).toBe(true);
    for (const run of [0, 1]) {
      const preds = JSON.parse(await readFile(join(root, `run/sbv/vllm__student/run-${run}/preds.json`), 'utf8')) as Record<string, { model_patch: string; model_name_or_path: string }>;
      expect(Object.keys(preds)).toEqual(['sample__calc-1', 'sample__calc-2']);
      expect(preds['sample__calc-1']).toMatchObject({ model_name_or_path: 'vllm:student', model_patch: expect.stringContaining('+    return a + b') });
      expect(preds['sample__calc-2']!.model_patch).toBe('');
    }
    const results = await readJsonlToArray(join(root, 'run/sbv/vllm__student/results.jsonl'), { schema: evalResultSchema });
    expect(results.map((result) => `${result.taskId} ${result.attempt} ${result.resolved}`).sort()).toEqual(['sample__calc-1 1 true', 'sample__calc-1 2 true', 'sample__calc-2 1 false', 'sample__calc-2 2 false']);
    expect(stdout.text()).toContain('vllm:student sbv: resolved 1 / 1 of 2 per run, pass@1 50.0%');

    const report = capture();
    expect(await runCli(['eval', 'report', 'run'], { stdout: report.stream, stderr: capture().stream, cwd: root, env: {} })).toBe(0);
    expect(report.text()).toContain('vllm:student sbv: resolved 1 / 1 of 2 per run, pass@1 50.0%');
    const markdown = await readFile(join(root, 'run/report.md'), 'utf8');
    expect(markdown).toContain('| vllm:student | 1 / 1 of 2 | 50.0 | 50.0 |');
    expect(markdown).toMatch(/\| vllm:student \| sbv \| 4 \| 2\.0 ± 0\.0 \|/);
    expect(await readFile(join(root, 'run/report.html'), 'utf8')).toContain('id="pass-at-k-sbv"');
  }, 900_000);

  it('--shard I/N grades only the instances of shard I, writes a manifest, and swespot merge joins the shards', async () => {
    const root = dirname(sample.repository);
    const ids = ['sample__calc-1', 'sample__calc-2'];
    const run = async (argv: string[]) => {
      const stderr = capture();
      const code = await runCli(argv, { stdout: capture().stream, stderr: stderr.stream, cwd: root, env: {} });
      if (code !== 0) console.error(stderr.text());
      return code;
    };
    for (const index of [0, 1]) {
      const code = await run(['eval', 'run', '--task', 'sbv', '--data', sample.sbvFile, '--cutoff', '2020-12-31', '--predictions', 'gold', '--repos', root, '--shard', `${index}/2`, '--out', `shards/shard-${index}`]);
      expect(code).toBe(0);
      const mine = selectShard(ids, { index, count: 2 }, (id) => id);
      // Both sample ids hash to shard 1 of 2: shard 0 is empty and says so with an empty records file.
      expect(mine).toHaveLength(index === 0 ? 0 : 2);
      expect(await readShardManifest(join(root, `shards/shard-${index}/results.shard.json`))).toMatchObject({ stage: 'eval run', shard: { index, count: 2 }, records: { file: index === 0 ? 'results.jsonl' : 'sbv/predictions__gold/results.jsonl', schema: 'EvalResult', keyField: 'taskId' }, selected: mine.length, status: 'complete' });
    }
    expect(await run(['merge', 'shards', '--out', 'eval-results.jsonl'])).toBe(0);
    const merged = await readJsonlToArray(join(root, 'eval-results.jsonl'), { schema: evalResultSchema });
    expect(merged.map((result) => `${result.taskId} ${result.resolved}`).sort()).toEqual(['sample__calc-1 true', 'sample__calc-2 true']);
  }, 900_000);
});
