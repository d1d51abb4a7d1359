import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiCallError, InvalidArgumentError, readJsonlToArray, trajectorySchema, type ModelV1CallOptions } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBashAgent } from './create-bash-agent';
import { rolloutTrajectoryId, runRollouts, type RolloutRunResult } from './run-rollouts';
import { BUGGY_LINE, createBuggyRepository, FIXED_LINE } from './__fixtures__/create-buggy-repository';
import { createLocalShellProvider } from './__fixtures__/create-local-shell-provider';
import { makeBugfixTask } from './__fixtures__/make-task';

const bash = (command: string) => `THOUGHT: next.\n\n\`\`\`bash\n${command}\n\`\`\``;

/** A stateless scripted model: what it says depends only on how many steps the conversation already has. */
function fixingModel(failOn?: (options: ModelV1CallOptions) => boolean) {
  return new MockModelV1({
    repeatLast: true,
    replies: [
      (options) => {
        if (failOn?.(options)) throw new ApiCallError({ message: 'upstream 503 after retries', statusCode: 503 });
        const stepsSoFar = options.messages.filter((message) => message.role === 'assistant').length;
        return stepsSoFar === 0
          ? bash(`sleep 0.2 && sed -i 's/${BUGGY_LINE}/${FIXED_LINE}/' src/total.js`)
          : bash('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached');
      },
    ],
  });
}

const tasks = ['a', 'b', 'c'].map((name) => makeBugfixTask({ id: `totals__bug-${name}` }));

let repository: string;
let folder: string;

beforeEach(async () => {
  repository = await createBuggyRepository();
  folder = await mkdtemp(join(tmpdir(), 'swespot-rollouts-'));
});

afterEach(async () => {
  await rm(repository, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

describe('runRollouts', () => {
  it('runs every task K times under the concurrency limit, one session each, with a log per run, and resumes', async () => {
    const sandbox = createLocalShellProvider({ repository });
    const agent = createBashAgent({ model: fixingModel(), sampling: { temperature: 1, seed: 7 } });
    const out = join(folder, 'trajectories.jsonl');
    const ended: RolloutRunResult[] = [];
    const plans: unknown[] = [];
    const summary = await runRollouts({
      tasks,
      agent,
      sandbox,
      out,
      runs: 2,
      concurrency: 2,
      onPlan: (plan) => plans.push(plan),
      onRunEnd: (result) => ended.push(result),
    });

    expect(summary).toMatchObject({ total: 6, skipped: 0, written: 6, failed: 0, notStarted: 0, outcomes: { submitted: 6 } });
    expect(plans).toEqual([{ scheduled: 6, skipped: 0 }]);
    expect(sandbox.mostLive).toBe(2);
    expect(sandbox.created).toHaveLength(6);
    expect(sandbox.destroyed).toBe(6);
    expect(sandbox.created[0]).toMatchObject({
      image: 'swespot/totals:test',
      labels: { 'swespot.task-id': 'totals__bug-a', 'swespot.trajectory-id': 'totals__bug-a__run-0' },
    });

    const written = await readJsonlToArray(out, { schema: trajectorySchema, schemaName: 'Trajectory' });
    expect(written.map((trajectory) => trajectory.id).sort()).toEqual(
      tasks.flatMap((task) => [0, 1].map((run) => rolloutTrajectoryId(task.id, run))).sort(),
    );
    for (const trajectory of written) {
      expect(trajectory.outcome).toBe('submitted');
      expect(trajectory.settings.seed).toBe(trajectory.id.endsWith('run-0') ? 7 : 8);
      expect(trajectory.submission?.type === 'diff' && trajectory.submission.diff).toContain(`+  for (let index = 0; ${FIXED_LINE}`);
    }
    // Every session got its own copy: the original repository still has the bug.
    expect(await readFile(join(repository, 'src/total.js'), 'utf8')).toContain(BUGGY_LINE);

    const logs = (await readdir(summary.logDirectory)).sort();
    expect(summary.logDirectory).toBe(join(folder, 'trajectories.logs'));
    expect(logs).toEqual(written.map((trajectory) => `${trajectory.id}.log`).sort());
    const log = await readFile(join(summary.logDirectory, 'totals__bug-b__run-1.log'), 'utf8');
    expect(log).toMatch(/^========== totals__bug-b__run-1 \(task totals__bug-b\) started /);
    expect(log).toContain('---------- step 0: model ');
    expect(log).toContain("sed -i 's/");
    expect(log).toMatch(/ended .*: submitted \(the agent submitted its changes\); 2 steps, .*handed in a diff of \d+ lines/);
    expect(ended.filter((result) => result.written)).toHaveLength(6);

    const again = await runRollouts({ tasks, agent, sandbox, out, runs: 3, concurrency: 3 });
    expect(again).toMatchObject({ total: 9, skipped: 6, written: 3, failed: 0 });
    const all = await readJsonlToArray(out, { schema: trajectorySchema });
    expect(all.filter((trajectory) => trajectory.id.endsWith('__run-2'))).toHaveLength(3);
    expect(new Set(all.map((trajectory) => trajectory.id)).size).toBe(9);
  });

  it('leaves failed runs out of the file and retries them on the next call', async () => {
    let sandboxBroken = true;
    const sandbox = createLocalShellProvider({
      repository,
      fail: (options) => (sandboxBroken && options.labels?.['swespot.task-id'] === 'totals__bug-a' ? 'image not found' : undefined),
    });
    let modelBroken = true;
    const model = fixingModel(() => modelBroken);
    const out = join(folder, 'out.jsonl');
    const agent = createBashAgent({ model });
    const first = await runRollouts({ tasks, agent, sandbox, out });
    expect(first).toMatchObject({ total: 3, written: 0, failed: 3 });
    expect(first.failures).toContainEqual({ trajectoryId: 'totals__bug-a__run-0', message: 'the local-test sandbox did not start: image not found' });
    expect(first.failures).toContainEqual({ trajectoryId: 'totals__bug-b__run-0', message: 'model mock:mock-model: upstream 503 after retries' });
    expect(sandbox.destroyed).toBe(2);
    expect(await readFile(join(folder, 'out.logs', 'totals__bug-a__run-0.log'), 'utf8')).toContain('image not found');

    const kept = await runRollouts({ tasks: tasks.slice(1, 2), agent, sandbox, out: join(folder, 'kept.jsonl'), writeErrored: true });
    expect(kept).toMatchObject({ written: 1, failed: 0, outcomes: { error: 1 } });

    sandboxBroken = false;
    modelBroken = false;
    const second = await runRollouts({ tasks, agent, sandbox, out });
    expect(second).toMatchObject({ total: 3, skipped: 0, written: 3, failed: 0, outcomes: { submitted: 3 } });
  });

  it('starts nothing more once aborted and writes no aborted run', async () => {
    const controller = new AbortController();
    const model = new MockModelV1({ replies: [bash('sleep 30')], repeatLast: true });
    const out = join(folder, 'aborted.jsonl');
    setTimeout(() => controller.abort(new Error('Ctrl-C')), 500);
    const summary = await runRollouts({
      tasks,
      agent: createBashAgent({ model }),
      sandbox: createLocalShellProvider({ repository }),
      out,
      concurrency: 1,
      abortSignal: controller.signal,
    });
    expect(summary).toMatchObject({ total: 3, written: 0, failed: 0, notStarted: 3 });
    expect(await readJsonlToArray(out, { schema: trajectorySchema })).toEqual([]);
  });

  it('rejects duplicate task ids and bad counts before starting anything', async () => {
    const sandbox = createLocalShellProvider({ repository });
    const agent = createBashAgent({ model: fixingModel() });
    const out = join(folder, 'bad.jsonl');
    await expect(runRollouts({ tasks: [tasks[0]!, tasks[0]!], agent, sandbox, out })).rejects.toThrow(
      "tasks: the task id 'totals__bug-a' appears twice; task ids must be unique.",
    );
    await expect(runRollouts({ tasks, agent, sandbox, out, runs: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(runRollouts({ tasks, agent, sandbox, out, concurrency: 1.5 })).rejects.toThrow(/concurrency: expected a whole number/);
    expect(sandbox.created).toHaveLength(0);
  });
});
