import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestServer, type TestServer, type TestServerCall } from '@swespot-tools/test-server';
import type { Trajectory } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { buildNodeBaseImage, createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBashAgent } from './create-bash-agent';
import { BUGGY_LINE, createBuggyRepository, FIXED_LINE } from './__fixtures__/create-buggy-repository';
import { makeBugfixTask } from './__fixtures__/make-task';

const run = promisify(execFile);

/** The scripted conversation the fake vLLM server replays, one reply per chat completion call. */
const SCRIPT = [
  'THOUGHT: Let me run the tests first.\n\n```bash\nnode --test test/ 2>&1 | tail -5\n```',
  'THOUGHT: The loop stops one item early.\n\n```bash\ncat -n src/total.js\n```',
  `THOUGHT: Fix the bound and rerun.\n\n\`\`\`bash\nsed -i 's/${BUGGY_LINE}/${FIXED_LINE}/' src/total.js && node --test test/ 2>&1 | grep -E '^# (pass|fail)'\n\`\`\``,
  'THOUGHT: Submit.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```',
];

function completion(call: TestServerCall) {
  const content = SCRIPT[call.routeCallIndex];
  if (content === undefined) return { type: 'json' as const, status: 418, body: { error: { message: 'script exhausted' } } };
  return {
    type: 'json' as const,
    body: {
      id: `chatcmpl-${call.routeCallIndex}`,
      object: 'chat.completion',
      created: 1_759_000_000 + call.routeCallIndex,
      model: 'Qwen/Qwen3-4B-Instruct-2507',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2000 + 300 * call.routeCallIndex, completion_tokens: 40, total_tokens: 2040 + 300 * call.routeCallIndex },
    },
  };
}

let server: TestServer;
let repository: string;
let nodeImage: string;

beforeAll(async () => {
  // Debian minbase with git and this machine's node, built once per machine and cached by content hash.
  nodeImage = await buildNodeBaseImage();
}, 600_000);

beforeEach(async () => {
  server = await createTestServer({ 'POST /v1/chat/completions': completion });
  repository = await createBuggyRepository();
});

afterEach(async () => {
  await server.close();
  await rm(repository, { recursive: true, force: true });
});

describe('createBashAgent through @swespot/model-openai against a fake vLLM server, in a Docker sandbox', () => {
  it('fixes the planted bug in a container, and its diff makes the failing test pass', async () => {
    const model = createOpenAI({ baseURL: `${server.url}/v1`, server: 'vllm' }).model('Qwen/Qwen3-4B-Instruct-2507');
    const agent = createBashAgent({ model, sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05 } });
    const provider = createDockerSandbox({ defaultImage: nodeImage });
    const session = await provider.createSession({ workspace: { hostPath: repository }, labels: { 'swespot.test': 'agent-e2e' } });
    let trajectory: Trajectory;
    try {
      expect(session.workdir).toBe('/testbed');
      trajectory = await agent.run({ task: makeBugfixTask(), executor: session.restricted() });
      // The container was cut off from the network, and the host repository was copied, not changed.
      expect((await session.exec({ command: 'getent hosts registry.npmjs.org || echo offline' })).stdout).toContain('offline');
    } finally {
      await session.destroy();
    }
    expect(await readFile(join(repository, 'src/total.js'), 'utf8')).toContain(BUGGY_LINE);

    expect(trajectory).toMatchObject({
      outcome: 'submitted',
      model: { provider: 'vllm', modelId: 'Qwen/Qwen3-4B-Instruct-2507' },
      usage: { modelCalls: 4, inputTokens: 2000 + 2300 + 2600 + 2900, outputTokens: 160 },
    });
    expect(trajectory.initialMessages[0]!.content).toContain('MODIFY: Regular source code files in /testbed');
    expect(trajectory.steps[0]!.observation).toMatch(/# fail 1/);
    expect(trajectory.steps[2]!.observation).toContain('# pass 1\n# fail 0');

    // What went over the wire: the paper's sampling settings, and each observation as the next user message.
    const calls = server.callsTo('POST /v1/chat/completions');
    expect(calls).toHaveLength(4);
    const bodies = calls.map((call) => call.bodyJson as { messages: { role: string; content: string }[]; [key: string]: unknown });
    expect(bodies[0]).toMatchObject({ model: 'Qwen/Qwen3-4B-Instruct-2507', temperature: 1, top_p: 0.8, top_k: 20, repetition_penalty: 1.05 });
    expect(bodies[0]!.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(bodies[3]!.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(bodies[3]!.messages[6]!.content).toBe(SCRIPT[2]);
    expect(bodies[3]!.messages[7]!.content).toBe(trajectory.steps[2]!.observation);

    const submission = trajectory.submission;
    if (submission?.type !== 'diff') throw new Error(`expected a diff, got ${JSON.stringify(submission)}`);
    const fresh = await createBuggyRepository();
    try {
      await expect(run('node', ['--test', 'test/'], { cwd: fresh })).rejects.toMatchObject({ code: 1 });
      await writeFile(join(fresh, 'fix.diff'), submission.diff);
      await run('git', ['apply', 'fix.diff'], { cwd: fresh });
      await expect(run('node', ['--test', 'test/'], { cwd: fresh })).resolves.toBeDefined();
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
