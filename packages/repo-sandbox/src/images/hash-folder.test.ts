import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFolder } from './hash-folder';

const exec = promisify(execFile);
const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

async function copyOfSnapshot(index: string, manifestFolder: string, code = 'print(1)\n'): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'swespot-hash-folder-'));
  made.push(folder);
  await mkdir(join(folder, '.git'));
  await writeFile(join(folder, 'main.py'), code);
  await writeFile(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(folder, '.git', 'index'), index);
  await writeFile(join(folder, '.git', 'swespot-snapshot.json'), JSON.stringify({ directory: manifestFolder }));
  return folder;
}

describe('hashFolder', () => {
  it('hashes two copies of one snapshot the same (git index and manifest left out) and a changed file differently', async () => {
    const one = await copyOfSnapshot('stat cache 1', '/runs/a/snapshot');
    const two = await copyOfSnapshot('stat cache 2', '/runs/b/snapshot');
    const changed = await copyOfSnapshot('stat cache 1', '/runs/a/snapshot', 'print(2)\n');
    expect(await hashFolder(one)).toBe(await hashFolder(two));
    expect(await hashFolder(changed)).not.toBe(await hashFolder(one));
    expect(await hashFolder(one, { ignore: [] })).not.toBe(await hashFolder(two, { ignore: [] }));
  });

  it('hashes one commit the same however git packed its objects, and another commit differently', async () => {
    const date = '2024-01-01T00:00:00Z';
    const git = (cwd: string, ...args: string[]) => exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    const repository = async (text: string) => {
      const folder = await mkdtemp(join(tmpdir(), 'swespot-hash-folder-git-'));
      made.push(folder);
      await git(folder, 'init', '-q', '-b', 'main');
      for (let index = 0; index < 20; index++) {
        await writeFile(join(folder, 'main.py'), `${text}\n${'x = 1\n'.repeat(index * 50)}`);
        await git(folder, 'add', '-A');
        await git(folder, 'commit', '-qm', `c${index}`);
      }
      return folder;
    };
    const loose = await repository('print(1)');
    const packed = await repository('print(1)');
    // The same commits (fixed dates): one store loose, the other packed with other delta settings.
    expect((await git(packed, 'rev-parse', 'HEAD')).stdout).toBe((await git(loose, 'rev-parse', 'HEAD')).stdout);
    await git(packed, 'repack', '-adq', '--window=50', '--depth=5');
    expect(await hashFolder(packed)).toBe(await hashFolder(loose));
    expect(await hashFolder(packed, { ignore: ['.git/index'] })).not.toBe(await hashFolder(loose, { ignore: ['.git/index'] }));
    expect(await hashFolder(await repository('print(2)'))).not.toBe(await hashFolder(loose));
  });
});
