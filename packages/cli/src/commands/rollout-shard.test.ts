import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import { readJsonlToArray, readShardManifest, selectShard, trajectorySchema, type Trajectory } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const exec = promisify(execFile);
const bin = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'bin.js');

const taskIds = Array.from({ length: 12 }, (_, index) => `totals__bug-${index}`);
const tasks = taskIds.map((id) => ({
  schemaVersion: 1,
  id,
  kind: 'bugfix',
  repo: 'swespot/totals',
  snapshot: { commit: 'a'.repeat(40), cutoff: '2024-01-01T00:00:00Z' },
  environment: { image: 'swespot/totals:test' },
  testSpec: { language: 'javascript', framework: 'node-test', command: 'node --test {tests}', selection: { mode: 'all' } },
  provenance: { source: 'manual', createdAt: '2024-01-02T00:00:00Z' },
  seed: 0,
  problemStatement: `Fix ${id}: total skips the first item.`,
  goldPatch: '',
  testPatch: '',
  failToPass: ['t'],
  passToPass: [],
  bugOrigin: { type: 'synthetic', strategy: 'manual' },
}));

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

/** One model call per run: the agent writes the task's id into a file and submits the diff, so every trajectory's submission names its task. */
function reply(call: TestServerCall) {
  const body = call.bodyJson as { messages: { role: string; content: string }[] };
  const id = /Fix (totals__bug-\d+)/.exec(body.messages.map((message) => message.content).join('\n'))?.[1] ?? 'unknown';
  return {
    type: 'json' as const,
    body: {
      id: `chatcmpl-${call.routeCallIndex}`,
      object: 'chat.completion',
      created: 1,
      model: 'qwen',
      choices: [{ index: 0, message: { role: 'assistant', content: `THOUGHT: fix and submit.\n\n\`\`\`bash\necho ${id} > fixed.txt && echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n\`\`\`` }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
  };
}

/** What a trajectory says about its task, without timings. */
const essence = (trajectory: Trajectory) => JSON.stringify([trajectory.id, trajectory.taskId, trajectory.outcome, trajectory.submission]);

// `swespot rollout --shard I/N` against a fake OpenAI-compatible server (the real openai
// client through @swespot/model-openai) in the local sandbox, then `swespot merge`.
describe('swespot rollout --shard and swespot merge', () => {
  let folder: string;
  let server: TestServer;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-shard-cli-'));
    await writeFile(join(folder, 'tasks.jsonl'), tasks.map((task) => `${JSON.stringify(task)}\n`).join(''));
    const repository = join(folder, 'repo');
    await mkdir(repository);
    await writeFile(join(repository, 'total.js'), 'export const total = (items) => items.slice(1).reduce((a, b) => a + b, 0);\n');
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'bug']]) {
      await exec('git', args, { cwd: repository });
    }
    server = await createTestServer({ 'POST /v1/chat/completions': reply });
  });
  afterAll(async () => {
    await server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const rolloutArgs = (out: string, concurrency = 2) => ['rollout', 'tasks.jsonl', '--model', 'vllm:qwen', '--base-url', `${server.url}/v1`, '--sandbox', 'local', '--unsafe', '--workspace', 'repo', '--concurrency', String(concurrency), '--out', out];

  async function run(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {} });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('the union of N shards is the unsharded run, each record once, for N in 1, 3 and 7', async () => {
    const whole = await run(rolloutArgs('whole/trajectories.jsonl'));
    expect(whole.exitCode).toBe(0);
    const expected = (await readJsonlToArray(join(folder, 'whole/trajectories.jsonl'), { schema: trajectorySchema })).map(essence).sort();
    expect(expected).toHaveLength(12);
    expect(expected.join('\n')).toContain('+totals__bug-11');

    for (const count of [1, 3, 7]) {
      for (let index = 0; index < count; index += 1) {
        const result = await run([...rolloutArgs(`n${count}/shard-${index}.jsonl`), '--shard', `${index}/${count}`]);
        expect(result.exitCode).toBe(0);
        const mine = selectShard(taskIds, { index, count }, (id) => id);
        expect(result.stderr).toContain(`shard ${index} of ${count}: ${mine.length} of 12 tasks`);
        expect(await readShardManifest(join(folder, `n${count}/shard-${index}.shard.json`))).toMatchObject({ stage: 'rollout', shard: { index, count }, records: { schema: 'Trajectory', keyField: 'taskId' }, selected: mine.length, status: 'complete' });
      }
      const merged = await run(['merge', `n${count}`, '--out', `merged-${count}.jsonl`]);
      expect(merged.stderr).toBe('');
      expect(merged.stdout).toMatch(new RegExp(`^merged ${count} shards of rollout \\(12 Trajectory records; per shard [\\d, ]+\\): 12 written to merged-${count}.jsonl, 0 already there\\n$`));
      const union = (await readJsonlToArray(join(folder, `merged-${count}.jsonl`), { schema: trajectorySchema })).map(essence).sort();
      expect(union).toEqual(expected);
    }
  }, 600_000);

  it('refuses a bad --shard, a missing shard and overlapping shards with clear messages', async () => {
    const bad = await run([...rolloutArgs('bad.jsonl'), '--shard', '3/3']);
    expect(bad).toMatchObject({ exitCode: 1, stderr: "--shard: the shard index must be less than the shard count (3 is not < 3; shards of 3 are numbered 0 to 2); got '3/3'\n" });
    await mkdir(join(folder, 'partial'));
    for (const index of [0, 1, 3, 4, 5, 6]) {
      for (const extension of ['jsonl', 'shard.json']) {
        await writeFile(join(folder, `partial/shard-${index}.${extension}`), await readFile(join(folder, `n7/shard-${index}.${extension}`)));
      }
    }
    const missing = await run(['merge', 'partial', '--out', 'partial.jsonl']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe('merge: missing shard 2 of 7: no manifest for it among the inputs; run it with --shard 2/7 (into the same run folder) and merge again.\n');
    const overlapping = await run(['merge', 'n7', 'partial/shard-3.jsonl', '--out', 'overlap.jsonl']);
    expect(overlapping.exitCode).toBe(1);
    expect(overlapping.stderr).toMatch(/^merge: shard 3 of 7 appears twice: .*n7\/shard-3.shard.json and .*partial\/shard-3.shard.json; the shards overlap, keep one of them.\n$/);
    expect(existsSync(join(folder, 'overlap.jsonl'))).toBe(false);
  });

  it('a shard killed mid-run (SIGKILL) is refused by merge, then re-run completes it without duplicates', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    const count = 3;
    const mine = selectShard(taskIds, { index: 0, count }, (id) => id);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // The third model call hangs: two runs are written, the third is in flight when the shard is killed.
    let calls = 0;
    server.setRoute('POST /v1/chat/completions', (call) => (++calls >= 3 ? { type: 'hang' } : reply(call)));
    const child = spawn(process.execPath, [bin, ...rolloutArgs('killed/shard-0.jsonl', 1), '--shard', `0/${count}`], { cwd: folder, stdio: 'ignore' });
    try {
      await expect.poll(() => calls, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    } finally {
      child.kill('SIGKILL');
    }
    const before = await readJsonlToArray(join(folder, 'killed/shard-0.jsonl'), { schema: trajectorySchema });
    expect(before).toHaveLength(2);
    expect(await readShardManifest(join(folder, 'killed/shard-0.shard.json'))).toMatchObject({ status: 'running' });
    for (const other of [1, 2]) {
      for (const extension of ['jsonl', 'shard.json']) {
        await writeFile(join(folder, `killed/shard-${other}.${extension}`), await readFile(join(folder, `n3/shard-${other}.${extension}`)));
      }
    }
    const refused = await run(['merge', 'killed', '--out', 'killed.jsonl']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^merge: shard 0 of 3 \(.*killed\/shard-0.shard.json\) did not finish \(status running: killed, still running, or some work failed\); re-run it with the same --shard \(it resumes\) and merge again.\n$/);

    server.reset();
    server.setRoute('POST /v1/chat/completions', reply);
    const again = await run([...rolloutArgs('killed/shard-0.jsonl'), '--shard', `0/${count}`]);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain(`2 runs already in killed/shard-0.jsonl; skipping them`);
    expect(server.callsTo('POST /v1/chat/completions')).toHaveLength(mine.length - 2);
    const after = await readJsonlToArray(join(folder, 'killed/shard-0.jsonl'), { schema: trajectorySchema });
    expect(after.map((trajectory) => trajectory.taskId).sort()).toEqual([...mine].sort());
    const merged = await run(['merge', 'killed', '--out', 'killed.jsonl']);
    expect(merged.exitCode).toBe(0);
    const union = (await readJsonlToArray(join(folder, 'killed.jsonl'), { schema: trajectorySchema })).map((trajectory) => trajectory.id).sort();
    expect(union).toEqual(taskIds.map((id) => `${id}__run-0`).sort());
  }, 300_000);
});
