import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { createTestServer, type TestServer, type TestServerResponse } from '@swespot-tools/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calcDiff, rolloutTrajectory } from '../test/rollout-trajectory';
import { createGenerativeVerifier } from './create-generative-verifier';
import { renderVerifierPrompt } from './render-verifier-prompt';

const route = 'POST /v1/chat/completions';
const task = { id: 'calc__calc-7', repository: 'acme/calc', problemStatement: 'add(2, 3) returns -1 instead of 5.' };
const patch = calcDiff('    return a + b');
const candidate = {
  id: 'calc__calc-7__run-0',
  trajectory: rolloutTrajectory({
    id: 'calc__calc-7__run-0',
    taskId: task.id,
    diff: patch,
    steps: [
      { action: 'cat src/calc.py', observation: 'def add(a, b):\n    return a - b\n' },
      { action: "sed -i 's/a - b/a + b/' src/calc.py", observation: '' },
      { action: 'python -m pytest -q tests/test_calc.py', observation: '3 passed in 0.02s' },
    ],
  }),
};

/** A vLLM chat completion answering `text`, with the answer token's top log-probabilities when `top` is given, else `logprobs: null`. */
function completion(text: string, top?: Record<string, number>): TestServerResponse {
  const alternatives = top === undefined ? undefined : Object.entries(top).map(([token, logprob]) => ({ token, logprob, bytes: [...Buffer.from(token)] }));
  return {
    type: 'json',
    body: {
      id: 'chatcmpl-verifier',
      object: 'chat.completion',
      created: 1759000300,
      model: 'verifier-8b',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, reasoning_content: null, tool_calls: [] },
          logprobs: alternatives === undefined ? null : { content: [{ token: text, logprob: top![text]!, bytes: [...Buffer.from(text)], top_logprobs: alternatives }] },
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens: 900, completion_tokens: 1, total_tokens: 901 },
    },
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

function verifierModel() {
  return createOpenAI({ baseURL: `${server.url}/v1`, server: 'vllm', retry: { maxRetries: 0 } }).model('verifier-8b');
}

type Body = { logprobs?: boolean; top_logprobs?: number; messages: { role: string; content: string }[] };

describe('createGenerativeVerifier against a fake OpenAI-compatible server', () => {
  it('reads P(YES) from the log-probabilities when the server returns them (one call)', async () => {
    // P(YES) = 0.7, P(NO) = 0.2, P(" yes") = 0.05, P("Maybe") = 0.05
    server.setRoute(route, completion('YES', { YES: Math.log(0.7), NO: Math.log(0.2), ' yes': Math.log(0.05), Maybe: Math.log(0.05) }));
    const verifier = createGenerativeVerifier({ model: verifierModel(), samples: 5 });

    const result = await verifier.verify({ task, candidate });

    expect(result.method).toBe('logprobs');
    expect(result.calls).toBe(1);
    expect(result.score).toBeCloseTo(0.75 / 0.95, 10);
    expect(result.verdict).toBe('yes');
    expect(result.usage).toEqual({ inputTokens: 900, outputTokens: 1 });
    expect(verifier.verifierId).toBe('generative:vllm:verifier-8b');
    const calls = server.callsTo(route);
    expect(calls).toHaveLength(1);
    const body = calls[0]?.bodyJson as Body;
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 20, temperature: 1, max_tokens: 64 });
    const user = body.messages[1]!.content;
    expect(user).toContain(task.problemStatement);
    expect(user).toContain('+    return a + b');
    expect(user).toContain('$ python -m pytest -q tests/test_calc.py\n(exit 0)\n3 passed in 0.02s');
  });

  it('a NO-leaning distribution scores below 0.5', async () => {
    server.setRoute(route, completion('NO', { NO: Math.log(0.9), YES: Math.log(0.1) }));
    const result = await createGenerativeVerifier({ model: verifierModel() }).verify({ task, candidate });
    expect(result).toMatchObject({ method: 'logprobs', verdict: 'no' });
    expect(result.score).toBeCloseTo(0.1, 10);
  });

  it('samples n answers when the server returns no log-probabilities, and stops asking for them', async () => {
    server.setRoute(route, [completion('YES'), completion('NO'), completion('The patch is correct. YES'), completion('maybe'), completion('NO'), completion('NO'), completion('NO'), completion('YES')]);
    const verifier = createGenerativeVerifier({ model: verifierModel(), samples: 4 });

    const first = await verifier.verify({ task, candidate });
    // 4 answers: YES, NO, YES, (unparsable) -> 2 of 3 valid
    expect(first).toMatchObject({ method: 'sampling', calls: 4, votes: { yes: 2, valid: 3 }, verdict: 'yes' });
    expect(first.score).toBeCloseTo(2 / 3, 10);
    const second = await verifier.verify({ task, candidate });
    expect(second).toMatchObject({ method: 'sampling', calls: 4, votes: { yes: 1, valid: 4 }, score: 0.25, verdict: 'no' });

    const bodies = server.callsTo(route).map((call) => call.bodyJson as Body);
    expect(bodies).toHaveLength(8);
    // only the very first call asked for log-probabilities
    expect(bodies.map((body) => body.logprobs === true)).toEqual([true, false, false, false, false, false, false, false]);
  });

  it("method 'logprobs' refuses a server without log-probabilities, naming the fix", async () => {
    server.setRoute(route, completion('YES'));
    const error = await Promise.resolve(createGenerativeVerifier({ model: verifierModel(), method: 'logprobs' }).verify({ task, candidate })).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/returned no log-probabilities; serve it with vLLM or SGLang/);
  });

  it('takes replacement templates from files and refuses unknown placeholders', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'verifier-templates-'));
    try {
      await writeFile(join(folder, 'user.txt'), 'Issue: {{problemStatement}}\nPatch:\n{{patch}}\nYES or NO?');
      server.setRoute(route, completion('YES', { YES: Math.log(0.6), NO: Math.log(0.4) }));
      const verifier = createGenerativeVerifier({ model: verifierModel(), templates: { system: 'Judge.', user: { file: join(folder, 'user.txt') } } });
      await verifier.verify({ task, candidate });
      const body = server.callsTo(route)[0]?.bodyJson as Body;
      expect(body.messages).toEqual([
        { role: 'system', content: 'Judge.' },
        { role: 'user', content: `Issue: ${task.problemStatement}\nPatch:\n${patch}\nYES or NO?` },
      ]);

      const typo = createGenerativeVerifier({ model: verifierModel(), templates: { user: '{{problem}}' } });
      await expect(typo.verify({ task, candidate })).rejects.toThrow(/templates\.user: unknown placeholder \{\{problem\}\}/);
      const missing = createGenerativeVerifier({ model: verifierModel(), templates: { user: { file: join(folder, 'nope.txt') } } });
      await expect(missing.verify({ task, candidate })).rejects.toThrow(/templates\.user: cannot read the template file .*nope\.txt \(ENOENT\)/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('renderVerifierPrompt', () => {
  it('fits a long trajectory into the budget, keeping the patch, the last test outputs and the latest steps', () => {
    const steps = Array.from({ length: 60 }, (_, index) => ({ action: `grep -rn add src/ # ${index}`, observation: `${'src/calc.py:1:def add(a, b):\n'.repeat(80)}end ${index}` }));
    steps.push({ action: 'python -m pytest -q', observation: `${'.'.repeat(40)}\nFAILED tests/test_calc.py::test_add - assert -1 == 5\n1 failed, 2 passed` });
    steps.push({ action: 'python -m pytest -q tests/test_calc.py', observation: '3 passed in 0.02s' });
    steps.push({ action: 'git diff', observation: patch });
    const long = { id: 'long', trajectory: rolloutTrajectory({ id: 'long', taskId: task.id, diff: patch, steps }) };

    const prompt = renderVerifierPrompt({ task, candidate: long, tokenBudget: 6_000 });

    expect(prompt.tokens).toBeLessThanOrEqual(6_000);
    expect(prompt.stepsOmitted).toBeGreaterThan(40);
    expect(prompt.stepsShown + prompt.stepsOmitted).toBe(63);
    const user = prompt.messages[1].content;
    expect(user).toContain(`<final_patch>\n${patch}\n</final_patch>`);
    expect(user).toContain('1 failed, 2 passed');
    expect(user).toContain('3 passed in 0.02s');
    expect(user).toContain(`[... ${prompt.stepsOmitted} earlier steps left out to fit the budget ...]`);
    expect(user).toContain('### Step 63\nTHOUGHT: step 63\n$ git diff');
    expect(user).not.toContain('### Step 1\n');
  });

  it('says so when the patch is empty and no tests ran', () => {
    const empty = { id: 'empty', trajectory: rolloutTrajectory({ id: 'empty', taskId: task.id, steps: [{ action: 'ls', observation: 'src tests' }] }) };
    const user = renderVerifierPrompt({ task, candidate: empty }).messages[1].content;
    expect(user).toContain('<final_patch>\n(empty: the agent changed nothing)\n</final_patch>');
    expect(user).toContain('<last_test_output>\n(the agent ran no tests)\n</last_test_output>');
  });
});
