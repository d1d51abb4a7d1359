import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from '@swespot/repo-sandbox';
import { createLocalSandbox } from '@swespot/repo-sandbox/local';
import { afterAll, describe, expect, it } from 'vitest';
import { findFailedHunk } from './failed-hunk';
import { readPatch } from './read-patch';

const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

const original = Array.from({ length: 40 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';

describe('findFailedHunk', () => {
  it('names the hunk that git apply and patch could not place, from their real output', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'swespot-repro-hunk-'));
    made.push(folder);
    await writeFile(join(folder, 'test_file.py'), original);
    const patch = [
      '--- a/test_file.py',
      '+++ b/test_file.py',
      '@@ -2,4 +2,5 @@ first',
      ' line 2',
      ' line 3',
      '+added 1',
      ' line 4',
      ' line 5',
      '@@ -30,4 +31,5 @@ second',
      ' line 30',
      ' this line is not in the file',
      '+added 2',
      ' line 32',
      ' line 33',
      '',
    ].join('\n');
    const session = await createLocalSandbox({ unsafe: true }).createSession({ workspace: { hostPath: folder } });
    try {
      const applied = await applyPatch({ executor: session, patch, fuzz: 0 });
      expect(applied.applied).toBe(false);
      const failure = findFailedHunk(applied.attempts, readPatch(patch));
      expect(failure.file).toBe('test_file.py');
      expect(failure.hunk).toEqual({ file: 'test_file.py', index: 2, header: '@@ -30,4 +31,5 @@ second' });
      // GNU patch alone says the same.
      const fromPatch = findFailedHunk(applied.attempts.filter((attempt) => attempt.method === 'patch-fuzz'), readPatch(patch));
      expect(fromPatch.hunk?.index).toBe(2);
    } finally {
      await session.destroy();
    }
  });

  it('names a file that does not exist', () => {
    const failure = findFailedHunk([{ method: 'git-apply', exitCode: 1, output: 'error: tests/test_gone.py: No such file or directory\n' }], []);
    expect(failure).toMatchObject({ file: 'tests/test_gone.py' });
    expect(failure.hunk).toBeUndefined();
  });
});
