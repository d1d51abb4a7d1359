import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiCallError, InvalidArgumentError, trajectorySchema } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from './agent-event';
import { createBashAgent } from './create-bash-agent';
import { BUGGY_LINE, createBuggyRepository, FIXED_LINE } from './__fixtures__/create-buggy-repository';
import { createLocalShellSession, type LocalShellSession } from './__fixtures__/create-local-shell-session';
import { makeBugfixTask, makeQaTask } from './__fixtures__/make-task';

const run = promisify(execFile);
const bash = (command: string, thought = 'THOUGHT: next.') => `${thought}\n\n\`\`\`bash\n${command}\n\`\`\``;
/** Whether a process still runs: it exists and is not a zombie waiting to be reaped. */
const isRunning = async (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null ? process.platform !== 'linux' : stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
};
/**
 * A command that writes its shell's and its background sleep's process ids, then hangs on
 * the sleep. The sleep holds none of the command's pipes, so only a kill of the whole
 * process group ends it before its 60 seconds are up.
 */
const hang = (index: number) => `echo $$ > shell-${index}.pid; sleep 60 >/dev/null 2>&1 & echo $! > sleep-${index}.pid; wait`;
/**
 * Whether a killed process is gone within 30 s: a SIGKILLed process can take a moment to
 * exit on a loaded machine, while one that was never killed still runs its 60-second sleep.
 */
const goneSoon = async (pid: number) => {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((done) => setTimeout(done, 100))) {
    if (!(await isRunning(pid))) return true;
  }
  return false;
};
const SUBMIT_DIFF = bash('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached', 'THOUGHT: done.');

let repository: string;
let session: LocalShellSession;

beforeEach(async () => {
  repository = await createBuggyRepository();
  session = await createLocalShellSession({ workdir: repository });
});

afterEach(async () => {
  await session.destroy();
  await rm(repository, { recursive: true, force: true });
});

describe('createBashAgent: a run in real bash', () => {
  it('fixes the planted bug, submits the workspace diff, and the diff makes the failing test pass', async () => {
    await expect(run('node', ['--test', 'test/'], { cwd: repository })).rejects.toMatchObject({ code: 1 });
    const model = new MockModelV1({
      modelId: 'teacher',
      replies: [
        bash('cat src/total.js', 'THOUGHT: read the function.'),
        bash(`sed -i 's/${BUGGY_LINE}/${FIXED_LINE}/' src/total.js && node --test test/ 2>&1 | grep -E '^# (pass|fail)'`),
        SUBMIT_DIFF,
      ],
    });
    const events: AgentEvent[] = [];
    const agent = createBashAgent({ model, sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 } });
    const trajectory = await agent.run({
      task: makeBugfixTask(),
      executor: session.restricted(),
      onEvent: (event) => {
        events.push(event);
      },
    });

    expect(trajectorySchema.safeParse(trajectory).success).toBe(true);
    expect(trajectory).toMatchObject({
      id: 'totals__bug-1__run-0',
      taskId: 'totals__bug-1',
      taskKind: 'bugfix',
      model: { provider: 'mock', modelId: 'teacher' },
      settings: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 },
      outcome: 'submitted',
      cutoff: '2024-01-01T00:00:00Z',
      usage: { modelCalls: 3 },
    });
    expect(trajectory.steps.map((step) => [step.action?.split(' ')[0], step.exitCode])).toEqual([
      ['cat', 0],
      ['sed', 0],
      ['echo', 0],
    ]);
    expect(trajectory.steps[0]!.thought).toBe('THOUGHT: read the function.');
    expect(trajectory.steps[0]!.observation).toContain('<returncode>0</returncode>\n<output>\nexport function total(items)');
    expect(trajectory.steps[1]!.observation).toContain('# pass 1\n# fail 0');
    // The observation of each step is the next call's last message.
    expect(model.calls[1]!.messages.at(-1)).toEqual({ role: 'user', content: trajectory.steps[0]!.observation });
    expect(model.calls[0]!.messages[0]).toEqual({ role: 'system', content: trajectory.systemPrompt });
    expect(model.calls[0]).toMatchObject({ temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });
    expect(trajectory.initialMessages[0]!.content).toContain('total([1, 2, 3]) returns 3 instead of 6');
    expect(trajectory.initialMessages[0]!.content).toContain(`MODIFY: Regular source code files in ${repository}`);

    const submission = trajectory.submission;
    expect(submission?.type).toBe('diff');
    if (submission?.type !== 'diff') throw new Error('expected a diff');
    expect(submission.diff).toContain(`-  for (let index = 0; ${BUGGY_LINE} index++)`);
    expect(submission.diff).toContain(`+  for (let index = 0; ${FIXED_LINE} index++)`);

    const fresh = await createBuggyRepository();
    try {
      await writeFile(join(fresh, 'fix.diff'), submission.diff);
      await run('git', ['apply', 'fix.diff'], { cwd: fresh });
      await expect(run('node', ['--test', 'test/'], { cwd: fresh })).resolves.toBeDefined();
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }

    expect(events.map((event) => event.type)).toEqual(['run-start', 'step-end', 'step-end', 'step-end', 'run-end']);
    const stepEvent = events[1];
    if (stepEvent?.type !== 'step-end') throw new Error('expected a step-end event');
    expect(stepEvent.stepDurationMs).toBeGreaterThanOrEqual(stepEvent.step.modelDurationMs + stepEvent.step.actionDurationMs);
  });

  it('answers a reply without exactly one bash block with the format message, and counts it as a step', async () => {
    const model = new MockModelV1({
      replies: ['I think I am done.', `${bash('ls')}\n${bash('pwd')}`, SUBMIT_DIFF],
    });
    const trajectory = await createBashAgent({ model }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.outcome).toBe('submitted');
    expect(trajectory.steps).toHaveLength(3);
    expect(trajectory.steps.map((step) => step.flags.malformed)).toEqual([true, true, false]);
    expect(trajectory.steps[0]).toMatchObject({ action: null, exitCode: null });
    expect(trajectory.steps[0]!.observation).toContain('Please always provide EXACTLY ONE action in triple backticks, found 0 actions.');
    expect(trajectory.steps[1]!.observation).toContain('found 2 actions');
    // Nothing ran for the malformed replies: the only commands are the submission and the diff.
    expect(session.execCalls).toHaveLength(2);
  });

  it('merges standard error into the output and cuts long outputs to head and tail', async () => {
    const model = new MockModelV1({
      replies: [bash('echo to-out; echo to-err >&2; exit 3'), bash('seq 1 20000'), SUBMIT_DIFF],
    });
    const trajectory = await createBashAgent({ model }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.steps[0]).toMatchObject({ exitCode: 3, observation: '<returncode>3</returncode>\n<output>\nto-out\nto-err\n</output>' });
    const long = trajectory.steps[1]!.observation;
    expect(long).toContain('The output of your last command was too long.');
    expect(long).toContain('<output_head>\n1\n2\n3\n');
    expect(long).toContain('\n19999\n20000\n\n</output_tail>');
    const outputLength = (await run('bash', ['-c', 'seq 1 20000 | wc -c'])).stdout.trim();
    expect(long).toContain(`<elided_chars>\n${Number(outputLength) - 10_000} characters elided\n</elided_chars>`);
  });

  it('does not submit when the sentinel command fails, and hands in a qa report as text', async () => {
    const report = '# Answer\n\ntotal([]) returns 0: the loop never runs.\n';
    const model = new MockModelV1({
      replies: [
        bash('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && head -c 128k missing.md'),
        bash(`cat <<'EOF' > report.md\n${report}EOF`),
        bash(`echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && head -c 128k ${repository}/report.md`),
      ],
    });
    const trajectory = await createBashAgent({ model }).run({ task: makeQaTask(), executor: session });
    expect(trajectory.steps[0]!.exitCode).toBe(1);
    expect(trajectory).toMatchObject({ outcome: 'submitted', submission: { type: 'report', text: report } });
    expect(trajectory.initialMessages[0]!.content).toContain(`echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && head -c 128k ${repository}/report.md`);
  });
});

describe('createBashAgent: what ends a run', () => {
  it('stops at the step limit', async () => {
    const model = new MockModelV1({ replies: [(_options, index) => bash(`echo step ${index}`)], repeatLast: true });
    const trajectory = await createBashAgent({ model, stepLimit: 3 }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory).toMatchObject({ outcome: 'step-limit', outcomeReason: 'reached the step limit of 3 model calls', submission: null });
    expect(trajectory.steps.map((step) => step.observation)).toEqual([0, 1, 2].map((index) => `<returncode>0</returncode>\n<output>\nstep ${index}\n</output>`));
    expect(model.calls).toHaveLength(3);
  });

  it('warns on the 3rd and 4th identical reply without running it, and stops on the 5th', async () => {
    const same = bash('echo same', 'THOUGHT: try again.');
    const model = new MockModelV1({ replies: [same], repeatLast: true });
    const trajectory = await createBashAgent({ model }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.outcome).toBe('repetition');
    expect(trajectory.outcomeReason).toBe('the same reply came 5 times (steps 0, 1, 2, 3, 4); the limit is 5');
    expect(trajectory.steps).toHaveLength(5);
    expect(trajectory.steps.map((step) => step.flags.repeated)).toEqual([false, true, true, true, true]);
    expect(trajectory.steps.map((step) => step.exitCode)).toEqual([0, 0, null, null, null]);
    for (const warned of trajectory.steps.slice(2, 4)) {
      expect(warned.observation).toContain('[SYSTEM ALERT: REPETITION AND LOOP DETECTED]');
      expect(warned.observation).toMatch(/ src\n/);
    }
    expect(trajectory.steps[2]!.observation).toContain('You repeated the same response for 3 times!');
    const commands = session.execCalls.map((call) => String(call.command).replace('exec 2>&1\n', ''));
    expect(commands).toEqual(['echo same', 'echo same', 'ls -lh', 'ls -lh']);
  });

  it('stops at the context limit before a call whose prompt would not fit', async () => {
    const model = new MockModelV1({ replies: [(_options, index) => bash(`printf 'x%.0s' $(seq 1 4000) # ${index}`)], repeatLast: true });
    const agent = createBashAgent({ model, contextLimitTokens: 9000 });
    const trajectory = await agent.run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.outcome).toBe('context-limit');
    expect(trajectory.outcomeReason).toMatch(/^the conversation holds about \d+ tokens, over the context limit of 9000$/);
    const held = Number(/about (\d+) tokens/.exec(trajectory.outcomeReason!)?.[1]);
    expect(held).toBeGreaterThan(9000);
    // Each step adds about 1,000 tokens of output to a prompt of about 3,000.
    expect(trajectory.steps.length).toBeGreaterThanOrEqual(4);
    expect(model.calls).toHaveLength(trajectory.steps.length);
  });

  it('ends with context-limit when the server rejects the prompt as too long', async () => {
    const model = new MockModelV1({
      replies: [
        bash('ls'),
        new ApiCallError({ message: "This model's maximum context length is 48000 tokens", statusCode: 400 }),
      ],
    });
    const trajectory = await createBashAgent({ model }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.outcome).toBe('context-limit');
    expect(trajectory.outcomeReason).toContain('the model server rejected the prompt as too long');
    expect(trajectory.steps).toHaveLength(1);
  });

  it('kills a command at its timeout, tells the model, and records the step as timed out', async () => {
    const model = new MockModelV1({
      replies: [bash('echo started; sleep 30; echo never'), bash('sleep 30'), bash('echo ok')],
    });
    const agent = createBashAgent({ model, commandTimeoutMs: 500, stepLimit: 2 });
    const trajectory = await agent.run({ task: makeBugfixTask(), executor: session });
    expect(trajectory.outcome).toBe('step-limit');
    expect(trajectory.steps.map((step) => step.flags.timedOut)).toEqual([true, true]);
    expect(trajectory.steps[0]).toMatchObject({ exitCode: null, action: 'echo started; sleep 30; echo never' });
    expect(trajectory.steps[0]!.observation).toBe(
      'The last command <command>echo started; sleep 30; echo never</command> timed out after 0.5 seconds and has been killed.\n' +
        'The output of the command was:\n<output>\nstarted\n\n</output>\n' +
        'Please try another command and make sure to avoid those requiring interactive input.',
    );
    expect(trajectory.steps[0]!.actionDurationMs).toBeLessThan(10_000);
  });

  it('ends with command-timeout after 3 commands in a row time out, each process group killed', async () => {
    const model = new MockModelV1({ replies: [(_options, index) => bash(hang(index))], repeatLast: true });
    const agent = createBashAgent({ model, commandTimeoutMs: 500 });
    expect(agent.limits.maxConsecutiveCommandTimeouts).toBe(3);
    const trajectory = await agent.run({ task: makeBugfixTask(), executor: session });
    expect(trajectory).toMatchObject({
      outcome: 'command-timeout',
      outcomeReason: `3 commands in a row timed out (limit 0.5 s each): ${hang(2)}`,
      submission: null,
    });
    expect(trajectorySchema.safeParse(trajectory).success).toBe(true);
    expect(trajectory.steps.map((step) => [step.action, step.flags.timedOut, step.exitCode])).toEqual([0, 1, 2].map((index) => [hang(index), true, null]));
    expect(trajectory.steps[2]!.observation).toContain('timed out after 0.5 seconds and has been killed');
    expect(model.calls).toHaveLength(3);
    for (const index of [0, 1, 2]) {
      for (const name of ['shell', 'sleep']) {
        const pid = Number(await readFile(join(repository, `${name}-${index}.pid`), 'utf8'));
        expect(pid, `${name} of command ${index}`).toBeGreaterThan(0);
        expect(await goneSoon(pid), `${name} of command ${index} (pid ${pid})`).toBe(true);
      }
    }
  });

  it('counts only timeouts in a row: a finished command resets the count, a format error does not', async () => {
    const model = new MockModelV1({
      replies: [bash(hang(0)), bash('echo finished'), bash(hang(2)), 'no action here', bash(`${hang(4)}\n# ${'x'.repeat(100)}`), bash('echo never')],
    });
    const trajectory = await createBashAgent({ model, commandTimeoutMs: 500, maxConsecutiveCommandTimeouts: 2 }).run({
      task: makeBugfixTask(),
      executor: session,
    });
    expect(trajectory.outcome).toBe('command-timeout');
    expect(trajectory.steps.map((step) => [step.flags.timedOut, step.flags.malformed])).toEqual([
      [true, false],
      [false, false],
      [true, false],
      [false, true],
      [true, false],
    ]);
    // The last command, on one line and cut to 80 characters.
    const shortened = `${hang(4)} # ${'x'.repeat(100)}`.slice(0, 79);
    expect(trajectory.outcomeReason).toBe(`2 commands in a row timed out (limit 0.5 s each): ${shortened}…`);
    expect(model.calls).toHaveLength(5);
  });

  it('never ends a run for timeouts with maxConsecutiveCommandTimeouts Infinity, and ends at the first with 1', async () => {
    const model = new MockModelV1({ replies: [(_options, index) => bash(hang(index))], repeatLast: true });
    const unlimited = await createBashAgent({ model, commandTimeoutMs: 300, stepLimit: 4, maxConsecutiveCommandTimeouts: Infinity }).run({
      task: makeBugfixTask(),
      executor: session,
    });
    expect(unlimited.outcome).toBe('step-limit');
    expect(unlimited.steps.map((step) => step.flags.timedOut)).toEqual([true, true, true, true]);

    const first = new MockModelV1({ replies: [bash('sleep 5')] });
    const once = await createBashAgent({ model: first, commandTimeoutMs: 300, maxConsecutiveCommandTimeouts: 1 }).run({
      task: makeBugfixTask(),
      executor: session,
    });
    expect(once).toMatchObject({ outcome: 'command-timeout', outcomeReason: 'the command timed out (limit 0.3 s): sleep 5' });
    expect(once.steps).toHaveLength(1);
  });

  it('stops at the cost limit', async () => {
    const model = new MockModelV1({
      replies: [(_options, index) => ({ text: bash(`echo ${index}`), costUsd: 0.6, finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5 }, warnings: [] })],
      repeatLast: true,
    });
    const trajectory = await createBashAgent({ model, costLimitUsd: 1 }).run({ task: makeBugfixTask(), executor: session });
    expect(trajectory).toMatchObject({
      outcome: 'cost-limit',
      outcomeReason: 'spent $1.2000, at or over the cost limit of $1',
      usage: { modelCalls: 2, inputTokens: 20, outputTokens: 10, costUsd: 1.2 },
    });
  });

  it('records a model failure as outcome error, and an abort as aborted', async () => {
    const failing = new MockModelV1({ replies: [new ApiCallError({ message: 'upstream 503', statusCode: 503 })] });
    const failed = await createBashAgent({ model: failing }).run({ task: makeBugfixTask(), executor: session });
    expect(failed).toMatchObject({ outcome: 'error', outcomeReason: 'model mock:mock-model: upstream 503', steps: [] });

    const controller = new AbortController();
    const model = new MockModelV1({ replies: [bash('sleep 30')] });
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 300);
    const aborted = await createBashAgent({ model }).run({ task: makeBugfixTask(), executor: session, abortSignal: controller.signal });
    expect(aborted).toMatchObject({ outcome: 'aborted', outcomeReason: 'aborted: user pressed Ctrl-C' });
  });
});

describe('createBashAgent: settings and templates', () => {
  it('rejects bad limits, naming each', () => {
    const model = new MockModelV1({ replies: [] });
    expect(() => createBashAgent({ model, stepLimit: 0, commandTimeoutMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => createBashAgent({ model, stepLimit: 0, commandTimeoutMs: -1 })).toThrow(/stepLimit: .*\n.*commandTimeoutMs: /);
    expect(() => createBashAgent({ model, repetitionWarnAt: 4, repetitionStopAt: 3 })).toThrow(/repetitionStopAt: must be at least repetitionWarnAt/);
    expect(() => createBashAgent({ model, sentinels: ['two words'] })).toThrow(/sentinels:/);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createBashAgent({ model, maxConsecutiveCommandTimeouts: bad }), String(bad)).toThrow(
        /maxConsecutiveCommandTimeouts: expected a whole number of 1 or more, or Infinity/,
      );
    }
  });

  it('uses overridden templates per kind and rejects unknown placeholders', async () => {
    const model = new MockModelV1({ replies: [SUBMIT_DIFF] });
    const agent = createBashAgent({
      model,
      templates: { system: 'You fix bugs.' },
      templatesByKind: { bugfix: { instance: 'Fix in {{workdir}}: {{task}} Submit with: {{submitCommand}}' } },
    });
    await agent.run({ task: makeBugfixTask(), executor: session });
    expect(model.calls[0]!.messages).toEqual([
      { role: 'system', content: 'You fix bugs.' },
      {
        role: 'user',
        content: `Fix in ${repository}: total([1, 2, 3]) returns 3 instead of 6: the last item is skipped. Submit with: echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached`,
      },
    ]);
    expect(agent.templatesFor('qa').system).toBe('You fix bugs.');
    expect(agent.templatesFor('qa').instance).toContain('<question>');

    const broken = createBashAgent({ model, templatesByKind: { bugfix: { instance: '{{question}}' } } });
    await expect(broken.run({ task: makeBugfixTask(), executor: session })).rejects.toThrow(
      /templates\.bugfix\.instance: unknown placeholder \{\{question\}\}/,
    );
  });

  it('renders a default prompt for every task kind without leftover placeholders', async () => {
    const { exampleTasks } = await import('./__fixtures__/example-tasks');
    for (const task of exampleTasks()) {
      const model = new MockModelV1({ replies: ['no action'] });
      const trajectory = await createBashAgent({ model, stepLimit: 1 }).run({ task, executor: session });
      const prompt = trajectory.initialMessages[0]!.content;
      expect(prompt, task.kind).not.toMatch(/\{\{/);
      expect(prompt, task.kind).toContain('COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT');
      expect(prompt, task.kind).toContain(task.kind === 'qa' ? task.question : task.kind === 'design' ? task.prompt : task.kind === 'fim' ? task.instruction : task.problemStatement);
    }
  });
});
