/**
 * The verifier prompt of real agent runs: six SWE-bench Verified django runs of mini-swe-agent
 * 1.15 with Gemini 3 Pro (trimmed public trajectories kept as fixtures by @swespot/trajectory;
 * see its `__fixtures__/real/README.md`), read with that package's importer.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trajectory } from '@swespot/core';
import { readTrajectories } from '@swespot/trajectory';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_COMMAND_PATTERN, patchOfCandidate, renderVerifierPrompt } from './render-verifier-prompt';

const folder = fileURLToPath(new URL('../../../trajectory/src/__fixtures__/real/mini-swe-agent-v1/', import.meta.url));

describe('the verifier prompt on real mini-swe-agent runs', () => {
  it('fits every run into 6,000 tokens with its final patch whole and its last test output', async () => {
    const files = (await readdir(folder)).filter((name) => name.endsWith('.traj.json')).map((name) => join(folder, name));
    const trajectories: Trajectory[] = [];
    for await (const read of readTrajectories(files)) trajectories.push(read.trajectory);
    expect(trajectories).toHaveLength(6);

    const figures = trajectories.map((trajectory) => {
      const candidate = { id: trajectory.id, trajectory };
      const prompt = renderVerifierPrompt({ task: { id: trajectory.taskId, problemStatement: trajectory.initialMessages.at(-1)?.content ?? '' }, candidate, tokenBudget: 6_000 });
      const user = prompt.messages[1].content;
      const patch = patchOfCandidate(candidate);
      const lastTest = trajectory.steps.filter((step) => step.action !== null && DEFAULT_TEST_COMMAND_PATTERN.test(step.action)).at(-1);

      expect(prompt.tokens).toBeLessThanOrEqual(6_000);
      if (patch.trim() !== '' && patch.length < 9_000) expect(user).toContain(patch);
      if (lastTest) expect(user).toContain(`$ ${lastTest.action}`);
      // the latest step is always shown
      expect(user).toContain(`### Step ${trajectory.steps.length}\n`);
      return { id: trajectory.taskId, steps: trajectory.steps.length, shown: prompt.stepsShown, tokens: prompt.tokens, patch: patch.length, tested: lastTest !== undefined };
    });
    console.log(figures.map((figure) => `${figure.id}: ${figure.shown}/${figure.steps} steps, ${figure.tokens} tokens, patch ${figure.patch} chars, test output ${figure.tested ? 'kept' : 'none'}`).join('\n'));
    // long runs lose early steps, not the end
    expect(figures.some((figure) => figure.shown < figure.steps)).toBe(true);
    expect(figures.filter((figure) => figure.tested).length).toBeGreaterThan(0);
  });
});
