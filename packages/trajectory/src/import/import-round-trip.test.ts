import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trajectorySchema, ValidationError, type Trajectory } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { fromMiniSweAgent, type MiniSweAgentFile } from './from-mini-swe-agent';
import { fromSweAgent } from './from-swe-agent';
import { readTrajectories } from './read-trajectories';
import { toMiniSweAgent } from './to-mini-swe-agent';
import { toSweAgent } from './to-swe-agent';

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const readFixture = async (name: string): Promise<unknown> => JSON.parse(await readFile(join(fixtures, name), 'utf8'));

/** The fields a format carries, for comparing round trips (durations and timestamps are rounded by the formats). */
function carried(trajectory: Trajectory, { exitCodes = true }: { exitCodes?: boolean } = {}) {
  return {
    taskId: trajectory.taskId,
    modelId: trajectory.model.modelId,
    systemPrompt: trajectory.systemPrompt,
    initialMessages: trajectory.initialMessages,
    steps: trajectory.steps.map((step) => ({
      thought: step.thought,
      action: step.action,
      rawOutput: step.rawOutput,
      observation: step.observation,
      ...(exitCodes ? { exitCode: step.exitCode } : {}),
      malformed: step.flags.malformed,
      timedOut: step.flags.timedOut,
    })),
    outcome: trajectory.outcome,
    submission: trajectory.submission,
    modelCalls: trajectory.usage.modelCalls,
    costUsd: trajectory.usage.costUsd,
  };
}

function nativeMessages(file: MiniSweAgentFile) {
  return file.messages.filter((message) => message.role !== 'exit').map((message) => [message.role, message.content]);
}

describe('mini-swe-agent v1 (mini-swe-agent-1)', () => {
  it('imports steps, the format error, exit codes, tokens and durations', async () => {
    const trajectory = fromMiniSweAgent(await readFixture('mini-swe-agent-v1.traj.json'), { taskId: 'calc__calc-1' });
    expect(trajectory.systemPrompt).toBe('You are a helpful assistant that can interact with a computer.');
    expect(trajectory.initialMessages).toEqual([{ role: 'user', content: '<pr_description>\nadd() subtracts\n</pr_description>' }]);
    expect(trajectory.steps.map((step) => step.action)).toEqual([
      'grep -rn "def add" src',
      null,
      "sed -i 's/a - b/a + b/' src/calc.py",
      'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached',
    ]);
    expect(trajectory.steps[1]?.flags.malformed).toBe(true);
    expect(trajectory.steps[1]?.observation).toMatch(/EXACTLY ONE action/);
    expect(trajectory.steps[0]).toMatchObject({ thought: 'THOUGHT: Let me find add.', exitCode: 0, inputTokens: 900, outputTokens: 30 });
    expect(trajectory.steps[0]?.modelDurationMs).toBeCloseTo(2000, 0);
    expect(trajectory.steps[0]?.actionDurationMs).toBeCloseTo(500, 0);
    expect(trajectory.outcome).toBe('submitted');
    expect(trajectory.submission?.type).toBe('diff');
    expect(trajectory.model).toEqual({ provider: 'litellm', modelId: 'anthropic/claude-sonnet-4-20250514' });
    expect(trajectory.settings).toEqual({ temperature: 0 });
    expect(trajectory.startedAt).toBe('2026-01-03T08:00:00.000Z');
  });

  it('round-trips: file -> Trajectory -> file keeps every message, and Trajectory -> file -> Trajectory keeps the carried fields', async () => {
    const native = (await readFixture('mini-swe-agent-v1.traj.json')) as MiniSweAgentFile;
    const trajectory = fromMiniSweAgent(native, { taskId: 'calc__calc-1' });
    const written = toMiniSweAgent(trajectory, { trajectoryFormat: 'mini-swe-agent-1' });
    expect(written.trajectory_format).toBe('mini-swe-agent-1');
    expect(nativeMessages(written)).toEqual(nativeMessages(native));
    const again = fromMiniSweAgent(JSON.parse(JSON.stringify(written)));
    expect(carried(again)).toEqual(carried(trajectory));
    expect(again.steps.map((step) => Math.round(step.modelDurationMs))).toEqual(trajectory.steps.map((step) => Math.round(step.modelDurationMs)));
  });
});

describe('mini-swe-agent v2 (mini-swe-agent-1.1)', () => {
  it('imports native tool calls with their results, a recovered format error, a timeout and the step limit', async () => {
    const trajectory = fromMiniSweAgent(await readFixture('mini-swe-agent-v2.traj.json'));
    expect(trajectory.taskId).toBe('calc__calc-2');
    expect(trajectory.steps).toHaveLength(3);
    expect(trajectory.steps[0]?.action).toBe("grep -rn 'def add' src");
    expect(trajectory.schemaVersion).toBe(2);
    expect(trajectory.steps[0]?.rawOutput).toBe('Looking for the function.');
    expect(trajectory.steps[0]?.toolCalls).toEqual([
      { id: 'call_1', name: 'bash', arguments: '{"command": "grep -rn \'def add\' src"}', output: '{\n  "returncode": 0,\n  "output": "src/calc.py:1:def add(a, b): return a - b\\n"\n}' },
    ]);
    expect(trajectory.steps[0]?.exitCode).toBe(0);
    expect(trajectory.steps[1]).toMatchObject({ rawOutput: 'I think the fix is obvious.', action: null, exitCode: null, inputTokens: 1100 });
    expect(trajectory.steps[1]?.flags.malformed).toBe(true);
    expect(trajectory.steps[2]?.flags.timedOut).toBe(true);
    expect(trajectory.steps[2]?.exitCode).toBe(-1);
    expect(trajectory.outcome).toBe('step-limit');
    expect(trajectory.submission).toBeNull();
    expect(trajectory.settings).toEqual({ temperature: 1, topP: 0.8 });
    expect(trajectory.usage).toMatchObject({ inputTokens: 3300, outputTokens: 70, modelCalls: 4, costUsd: 0.02 });
  });

  it('round-trips a swespot trajectory through the v2 layout, format errors and timeouts included', () => {
    const original = makeTrajectory({
      steps: [
        makeStep(0, 'ls', 'a.py'),
        makeStep(1, null, 'Tool call error: no tool calls'),
        makeStep(2, 'sleep 100', 'timed out after 60 seconds', { exitCode: null, flags: { malformed: false, timedOut: true, repeated: false, lossMasked: false } }),
        makeStep(3, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', 'diff --git a/a.py b/a.py'),
      ],
    });
    const written = toMiniSweAgent(original);
    expect(written.messages.at(-1)).toMatchObject({ role: 'exit', extra: { exit_status: 'Submitted' } });
    const again = fromMiniSweAgent(JSON.parse(JSON.stringify(written)));
    expect(carried(again)).toEqual(carried(original));
    expect(again.steps.map((step) => [step.inputTokens, step.outputTokens])).toEqual(original.steps.map((step) => [step.inputTokens, step.outputTokens]));
    expect(trajectorySchema.safeParse(again).success).toBe(true);
  });

  it('maps the step limit and cost limit apart through the agent config', () => {
    for (const outcome of ['step-limit', 'cost-limit', 'context-limit', 'repetition', 'command-timeout', 'aborted'] as const) {
      const original = makeTrajectory({ outcome, submission: null });
      expect(fromMiniSweAgent(toMiniSweAgent(original)).outcome).toBe(outcome);
    }
  });
});

describe('SWE-agent (.traj)', () => {
  it('imports the steps, the prompts from history, the model from the replay config and the stats', async () => {
    const trajectory = fromSweAgent(await readFixture('swe-agent.traj'), { taskId: 'calc__calc-3' });
    expect(trajectory.systemPrompt).toBe('SETTING: You are an autonomous programmer.');
    expect(trajectory.initialMessages).toEqual([{ role: 'user', content: '<uploaded_files>\n/testbed\n</uploaded_files>\nadd() subtracts' }]);
    expect(trajectory.steps.map((step) => step.action)).toEqual(['find_file calc.py', "str_replace_editor str_replace /testbed/src/calc.py --old_str 'a - b' --new_str 'a + b'", 'submit']);
    expect(trajectory.steps[1]?.actionDurationMs).toBe(500);
    expect(trajectory.model.modelId).toBe('claude-3-7-sonnet-20250219');
    expect(trajectory.settings).toEqual({ temperature: 0, topP: 1 });
    expect(trajectory.usage).toEqual({ inputTokens: 12000, outputTokens: 400, modelCalls: 3, costUsd: 0.3 });
    expect(trajectory.outcome).toBe('submitted');
  });

  it('round-trips: file -> Trajectory -> file keeps the steps, and Trajectory -> file -> Trajectory keeps the carried fields', async () => {
    const native = (await readFixture('swe-agent.traj')) as { trajectory: Array<Record<string, unknown>> };
    const trajectory = fromSweAgent(native, { taskId: 'calc__calc-3' });
    const written = toSweAgent(trajectory);
    const pick = (steps: Array<Record<string, unknown>>) => steps.map(({ action, observation, response, thought, execution_time }) => ({ action, observation, response, thought, execution_time }));
    expect(pick(written.trajectory as Array<Record<string, unknown>>)).toEqual(pick(native.trajectory));
    const again = fromSweAgent(JSON.parse(JSON.stringify(written)), { taskId: 'calc__calc-3' });
    expect(carried(again, { exitCodes: false })).toEqual(carried(trajectory, { exitCodes: false }));
    const core = makeTrajectory({ outcome: 'cost-limit', submission: null });
    expect(carried(fromSweAgent(toSweAgent(core), { taskId: core.taskId }), { exitCodes: false })).toEqual(carried(core, { exitCodes: false }));
    const timedOut = makeTrajectory({ outcome: 'command-timeout', submission: null });
    expect(toSweAgent(timedOut).info).toMatchObject({ exit_status: 'exit_command_timeout' });
    expect(fromSweAgent(toSweAgent(timedOut), { taskId: timedOut.taskId }).outcome).toBe('command-timeout');
  });
});

describe('readTrajectories', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-trajectory-read-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('walks a folder and reads swespot JSONL, mini-swe-agent and SWE-agent files, naming the task after the file', async () => {
    await mkdir(join(folder, 'runs', 'calc__calc-1'), { recursive: true });
    await writeFile(join(folder, 'runs', 'calc__calc-1', 'calc__calc-1.traj.json'), await readFile(join(fixtures, 'mini-swe-agent-v1.traj.json')));
    await writeFile(join(folder, 'runs', 'calc__calc-3.traj'), await readFile(join(fixtures, 'swe-agent.traj')));
    const lines = [makeTrajectory({ id: 'a' }), makeTrajectory({ id: 'b', taskKind: 'fim' })].map((item) => JSON.stringify(item)).join('\n');
    await writeFile(join(folder, 'agent.jsonl'), `${lines}\n`);
    const read = [];
    for await (const item of readTrajectories([folder], { importSettings: { taskKind: 'bugfix', cutoff: '2025-06-01T00:00:00Z' } })) read.push(item);
    expect(read.map((item) => [item.format, item.trajectory.taskId, item.line])).toEqual([
      ['swespot', 'calc__calc-1', 1],
      ['swespot', 'calc__calc-1', 2],
      ['mini-swe-agent', 'calc__calc-1', undefined],
      ['swe-agent', 'calc__calc-3', undefined],
    ]);
    expect(read[2]?.trajectory.cutoff).toBe('2025-06-01T00:00:00Z');
  });

  it('names the file and line of an invalid trajectory', async () => {
    const broken = { ...makeTrajectory(), outcome: 'gave-up' };
    await writeFile(join(folder, 'bad.jsonl'), `${JSON.stringify(makeTrajectory())}\n${JSON.stringify(broken)}\n`);
    const reading = async () => {
      for await (const _ of readTrajectories([join(folder, 'bad.jsonl')])) {
        // drain
      }
    };
    await expect(reading()).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error) && error.line === 2 && /bad\.jsonl:2/.test(error.message) && /outcome/.test(error.message));
  });
});
