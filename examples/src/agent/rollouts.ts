// Rollouts: three tasks, two runs each, two at a time, one sandbox session per run; the
// second call finds every run in the file and skips it (resumable).
//
//   pnpm --filter @swespot/examples example src/agent/rollouts.ts
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBashAgent, runRollouts } from '@swespot/agent';
import { MockModelV1 } from '@swespot/core/test';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { createPlantedBugRepository, plantedBugTask, SCRIPTED_FIX } from './planted-bug-repository';

const repository = await createPlantedBugRepository();
const folder = await mkdtemp(join(tmpdir(), 'swespot-rollouts-'));
// A stateless script: the reply depends on how many steps the conversation already has, so concurrent runs can share it.
const model = new MockModelV1({
  modelId: 'scripted-fix',
  repeatLast: true,
  replies: [(options) => SCRIPTED_FIX[options.messages.filter((message) => message.role === 'assistant').length] ?? 'done'],
});
const agent = createBashAgent({ model, sampling: { temperature: 1, seed: 1 } });
const sandbox = createLocalSandbox({ unsafe: true });
const tasks = ['a', 'b', 'c'].map((name) => plantedBugTask(`totals__bug-${name}`));
const out = join(folder, 'trajectories.jsonl');
try {
  const options = {
    tasks,
    agent,
    sandbox,
    out,
    runs: 2,
    concurrency: 2,
    sessionOptions: () => ({ workspace: { hostPath: repository } }),
  };
  const first = await runRollouts({ ...options, onRunEnd: (result) => console.log(`${result.trajectoryId}: ${result.outcome}`) });
  console.log(`written ${first.written}, outcomes ${JSON.stringify(first.outcomes)}, logs in ${first.logDirectory}`);
  const second = await runRollouts(options);
  console.log(`second call: written ${second.written}, skipped ${second.skipped}`);
  const firstLine = (await readFile(out, 'utf8')).split('\n')[0]!;
  const record = JSON.parse(firstLine) as { id: string; steps: unknown[]; settings: unknown };
  console.log(`first record: ${record.id}, ${record.steps.length} steps, settings ${JSON.stringify(record.settings)}`);
} finally {
  await rm(folder, { recursive: true, force: true });
  await rm(repository, { recursive: true, force: true });
}
