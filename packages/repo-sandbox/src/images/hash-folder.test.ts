import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFolder } from './hash-folder';

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
});
