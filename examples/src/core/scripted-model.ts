// Test code that drives a model and a sandbox without either: MockModelV1 answers from a
// script and records calls; the in-memory session keeps files in memory and runs handlers.
import type { ModelV1, SandboxExecutorV1 } from '@swespot/core';
import { MockModelV1, createInMemorySandboxSession } from '@swespot/core/test';

async function oneStep(model: ModelV1, sandbox: SandboxExecutorV1, task: string): Promise<string> {
  const reply = await model.generate({ messages: [{ role: 'user', content: task }], temperature: 1.0, topP: 0.8 });
  const command = /```bash\n([\s\S]*?)\n```/.exec(reply.text)?.[1] ?? 'true';
  const result = await sandbox.exec({ command, timeoutMs: 60_000 });
  return `$ ${command}\n${result.stdout}(exit ${result.exitCode})`;
}

const model = new MockModelV1({ replies: ['Let me look.\n```bash\ncat setup.cfg\n```'] });
const session = createInMemorySandboxSession({ files: { 'setup.cfg': '[metadata]\nname = demo\n' } });
try {
  console.log(await oneStep(model, session.restricted(), 'What is the package name?'));
  console.log('model was sent:', JSON.stringify(model.calls[0]?.messages));
} finally {
  await session.destroy();
}
