import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryNameOf } from './prepare-rcx-snapshot';

describe('repositoryNameOf', () => {
  it('reads owner/name from a hosted origin URL, falls back to local/<folder> for a local path, and checks --repo-name', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'swespot-repo-name-'));
    try {
      const repo = join(folder, 'click');
      execFileSync('git', ['init', '-q', repo]);
      expect(await repositoryNameOf(repo, undefined)).toBe('local/click');
      for (const [url, name] of [
        ['https://github.com/pallets/click.git', 'pallets/click'],
        ['git@github.com:pallets/flask.git', 'pallets/flask'],
        ['ssh://git@example.org/sympy/sympy', 'sympy/sympy'],
        ['/work/.mirror/pallets+click/repo', 'local/click'],
      ] as const) {
        execFileSync('git', ['-C', repo, 'config', 'remote.origin.url', url]);
        expect(await repositoryNameOf(repo, undefined)).toBe(name);
      }
      expect(await repositoryNameOf(repo, 'acme/tool')).toBe('acme/tool');
      await expect(repositoryNameOf(repo, 'acme')).rejects.toThrow(/--repo-name: expected owner\/name/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
