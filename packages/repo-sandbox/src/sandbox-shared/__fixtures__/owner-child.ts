// Run by the conformance suite as a separate process that owns one sandbox session and is
// then killed with SIGKILL: argv = provider name, JSON session options, sleep marker.
import type { SandboxProviderV1 } from '@swespot/core';
import { createBubblewrapSandbox } from '../../bubblewrap/create-bubblewrap-sandbox';
import { createDockerSandbox } from '../../docker/create-docker-sandbox';
import { createLocalSandbox } from '../../local/create-local-sandbox';

const [providerName, optionsJson, marker] = process.argv.slice(2);
const provider: SandboxProviderV1 =
  providerName === 'docker'
    ? createDockerSandbox({ reapOrphans: false })
    : providerName === 'bubblewrap'
      ? createBubblewrapSandbox()
      : createLocalSandbox({ unsafe: true });
const session = await provider.createSession(JSON.parse(optionsJson ?? '{}'));
void session.exec({ command: `sleep ${marker} & sleep ${marker}`, timeoutMs: 600_000 });
// Give the command time to start before saying ready.
setTimeout(() => process.stdout.write(`${JSON.stringify({ sessionId: session.id, pid: process.pid })}\n`), 1500);
setInterval(() => {}, 1000);
