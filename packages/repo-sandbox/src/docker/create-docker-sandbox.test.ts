import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSandboxConformance } from '../sandbox-shared/sandbox-conformance';
import { testPythonImage } from '../sandbox-shared/__fixtures__/test-images';
import { createDockerSandbox } from './create-docker-sandbox';
import { OWNER_PID_LABEL, SESSION_LABEL } from './docker-labels';
import { reapDockerSandboxes } from './reap-docker-sandboxes';

const docker = new Docker();
let image = '';

beforeAll(async () => {
  image = await testPythonImage();
}, 900_000);

async function containersOf(sessionId: string) {
  return docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`] } });
}

describeSandboxConformance({
  name: 'docker',
  provider: () => createDockerSandbox({ reapOrphans: false }),
  sessionOptions: () => ({ image }),
  leftovers: async ({ id }) => (await containersOf(id)).length > 0,
  reap: async () => {
    await reapDockerSandboxes();
  },
});

describe('createDockerSandbox', () => {
  it('labels containers with the session and owner, and applies network, memory, CPU and pids limits', async () => {
    const provider = createDockerSandbox({ reapOrphans: false });
    const session = await provider.createSession({ image, limits: { memoryMb: 256, cpus: 0.5, pids: 99 }, labels: { 'task.id': 'demo-1' } });
    try {
      const [info] = await containersOf(session.id);
      expect(info?.Labels).toMatchObject({ 'task.id': 'demo-1', [OWNER_PID_LABEL]: String(process.pid) });
      const inspected = await docker.getContainer(info!.Id).inspect();
      expect(inspected.HostConfig).toMatchObject({ NetworkMode: 'none', Memory: 256 * 1024 * 1024, NanoCpus: 5e8, PidsLimit: 99 });
      expect(session.workdir).toBe('/testbed');
    } finally {
      await session.destroy();
    }
  });

  it('refuses a session without an image and names the missing image', async () => {
    const provider = createDockerSandbox({ reapOrphans: false });
    await expect(provider.createSession({})).rejects.toThrow(/image: the docker sandbox needs an image/);
    await expect(provider.createSession({ image: 'swespot/does-not-exist:never' })).rejects.toThrow(/not on the Docker engine/);
  });

  it('leaves containers of live owners alone when reaping', async () => {
    const session = await createDockerSandbox({ reapOrphans: false }).createSession({ image });
    try {
      const { removed } = await reapDockerSandboxes();
      const [info] = await containersOf(session.id);
      expect(info).toBeDefined();
      expect(removed).not.toContain(info!.Id);
    } finally {
      await session.destroy();
    }
  });
});
