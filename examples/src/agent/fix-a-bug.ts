// The bash agent fixes a planted bug in a real repository and hands in its diff.
//
//   pnpm --filter @swespot/examples example src/agent/fix-a-bug.ts
//
// By default a scripted model plays a good conversation and commands run in the local
// (unisolated) sandbox. Set SWESPOT_BASE_URL and SWESPOT_MODEL to use an OpenAI-compatible
// server instead (vLLM: SWESPOT_BASE_URL=http://127.0.0.1:8000/v1 SWESPOT_MODEL=Qwen/Qwen3-4B-Instruct-2507),
// and SWESPOT_SANDBOX=docker to run in a container (needs a Docker engine; builds a Node image once).
import { rm } from 'node:fs/promises';
import { createBashAgent } from '@swespot/agent';
import type { ModelV1, SandboxProviderV1 } from '@swespot/core';
import { MockModelV1 } from '@swespot/core/test';
import { createOpenAI } from '@swespot/model-openai';
import { buildNodeBaseImage, createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { createPlantedBugRepository, plantedBugTask, SCRIPTED_FIX } from './planted-bug-repository';

const model: ModelV1 =
  process.env.SWESPOT_BASE_URL && process.env.SWESPOT_MODEL
    ? createOpenAI({ baseURL: process.env.SWESPOT_BASE_URL, server: 'vllm' }).model(process.env.SWESPOT_MODEL)
    : new MockModelV1({ modelId: 'scripted-fix', replies: SCRIPTED_FIX });
const sandbox: SandboxProviderV1 =
  process.env.SWESPOT_SANDBOX === 'docker'
    ? createDockerSandbox({ defaultImage: await buildNodeBaseImage() })
    : createLocalSandbox({ unsafe: true });

const repository = await createPlantedBugRepository();
const session = await sandbox.createSession({ workspace: { hostPath: repository } });
try {
  // The paper's open-weight sampling settings; its limits are the defaults (64 steps, 48k tokens, 60 s per command).
  const agent = createBashAgent({ model, sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 } });
  const trajectory = await agent.run({
    task: plantedBugTask(),
    executor: session.restricted(),
    onEvent: (event) => {
      if (event.type === 'step-end') {
        const { step } = event;
        console.log(`step ${step.index}: $ ${step.action ?? '(no action)'}  -> exit ${step.exitCode ?? '-'} in ${Math.round(step.actionDurationMs)} ms`);
      }
    },
  });
  console.log(`\noutcome: ${trajectory.outcome} (${trajectory.outcomeReason}), ${trajectory.usage.modelCalls} model calls`);
  if (trajectory.submission?.type === 'diff') console.log(`\nsubmitted diff:\n${trajectory.submission.diff}`);
} finally {
  await session.destroy();
  await rm(repository, { recursive: true, force: true });
}
