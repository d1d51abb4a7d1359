// Benchmark: the agent's own overhead per step (everything outside the model call and the
// command: limit checks, context estimate, parsing, repetition guard, templates, events),
// printed as ratios against the model call + command time measured in the same run. The
// model is scripted and answers at once, so the ratio is the worst case: with a real model
// (seconds per call) the overhead share is smaller still.
//
//   pnpm bench                                   # small generated repository, 3 runs of 64 steps
//   SWESPOT_BENCH_REPO=/path/to/repo SWESPOT_BENCH_RUNS=20 pnpm bench   # a real repository
import { rm } from 'node:fs/promises';
import type { TrajectoryStep } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { createBashAgent } from '../src/create-bash-agent';
import { createBuggyRepository } from '../src/__fixtures__/create-buggy-repository';
import { createLocalShellSession } from '../src/__fixtures__/create-local-shell-session';
import { makeBugfixTask } from '../src/__fixtures__/make-task';

const repository = process.env.SWESPOT_BENCH_REPO ?? (await createBuggyRepository());
const runs = Number(process.env.SWESPOT_BENCH_RUNS ?? 3);
const stepLimit = 64;
// What agents do: read files, search, list, and now and then print far too much (cut to head and tail).
const commands = [
  'git status --short | head -50',
  'ls -la',
  "grep -rn 'function\\|def ' --include='*.js' --include='*.py' . | head -40",
  'git log --oneline -20',
  'seq 1 20000',
  "find . -name '*.md' -not -path './.git/*' | head -20",
];
const commandOf = (index: number) => `${commands[index % commands.length]!} # step ${index}`;

const session = await createLocalShellSession({ workdir: repository });
try {
  // Warm the caches (git index, page cache) so the first run is not charged for them.
  for (const command of commands) await session.exec({ command, timeoutMs: 60_000 });

  const steps: { step: TrajectoryStep; stepDurationMs: number }[] = [];
  let wallMs = 0;
  for (let run = 0; run < runs; run++) {
    const model = new MockModelV1({
      replies: [(_options, index) => `THOUGHT: look around (${index}).\n\n\`\`\`bash\n${commandOf(index)}\n\`\`\``],
      repeatLast: true,
    });
    const agent = createBashAgent({ model, stepLimit, contextLimitTokens: 10_000_000 });
    const started = performance.now();
    const trajectory = await agent.run({
      task: makeBugfixTask(),
      executor: session.restricted(),
      onEvent: (event) => {
        if (event.type === 'step-end') steps.push({ step: event.step, stepDurationMs: event.stepDurationMs });
      },
    });
    wallMs += performance.now() - started;
    if (trajectory.outcome !== 'step-limit' || trajectory.steps.length !== stepLimit) {
      throw new Error(`benchmark run ended early: ${trajectory.outcome} (${trajectory.outcomeReason})`);
    }
  }

  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const model = sum(steps.map(({ step }) => step.modelDurationMs));
  const command = sum(steps.map(({ step }) => step.actionDurationMs));
  const stepTotal = sum(steps.map(({ stepDurationMs }) => stepDurationMs));
  const overhead = stepTotal - model - command;
  const count = steps.length;
  const perStep = (value: number) => `${((value / count) * 1000).toFixed(0)} µs`;
  const lateSteps = steps.filter(({ step }) => step.index >= stepLimit - 8);
  const lateOverhead = sum(lateSteps.map(({ step, stepDurationMs }) => stepDurationMs - step.modelDurationMs - step.actionDurationMs));
  const lateWork = sum(lateSteps.map(({ step }) => step.modelDurationMs + step.actionDurationMs));

  console.log(`agent overhead: ${runs} runs x ${stepLimit} steps in ${process.env.SWESPOT_BENCH_REPO ? repository : 'a generated repository'}`);
  console.log(`  per step: overhead ${perStep(overhead)}, model call (scripted, instant) ${perStep(model)}, command ${perStep(command)}`);
  console.log(`  overhead / (model call + command)            = ${(overhead / (model + command)).toFixed(4)}`);
  console.log(`  overhead / (model call + command), last 8 steps (longest context) = ${(lateOverhead / lateWork).toFixed(4)}`);
  console.log(`  agent wall time per step / (model call + command)  = ${(wallMs / ((model + command))).toFixed(4)}`);
} finally {
  await session.destroy();
  if (!process.env.SWESPOT_BENCH_REPO) await rm(repository, { recursive: true, force: true });
}
