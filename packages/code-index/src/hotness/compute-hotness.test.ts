import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitCliReader } from '../__fixtures__/create-git-cli-reader';
import { indexRepository } from '../index-repository';
import { createGitRepositorySource } from '../source/create-git-repository-source';
import { computeHotness } from './compute-hotness';

const directory = mkdtempSync(join(tmpdir(), 'code-index-hotness-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const body = (f: number, g: number) =>
  `def f():\n    return ${f}\n\n\ndef g():\n    return ${g}\n\n\ndef h():\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    return a + b + c + d\n`;

function commit(author: string, date: string, message: string): void {
  execFileSync('git', ['-C', directory, 'add', '-A']);
  execFileSync('git', ['-C', directory, 'commit', '-q', '-m', message], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@example.com`,
      GIT_COMMITTER_NAME: author,
      GIT_COMMITTER_EMAIL: `${author.toLowerCase()}@example.com`,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

describe('computeHotness', () => {
  execFileSync('git', ['-C', directory, 'init', '-q', '-b', 'main']);
  writeFileSync(join(directory, 'a.py'), body(1, 2));
  commit('Ada', '2024-01-01T00:00:00Z', 'add f, g, h');
  writeFileSync(join(directory, 'a.py'), body(1, 3));
  commit('Bob', '2024-02-01T00:00:00Z', 'change g');
  writeFileSync(join(directory, 'a.py'), `# header\n\n${body(1, 3)}`);
  commit('Ada', '2024-03-01T00:00:00Z', 'header above f: moves every line down');
  execFileSync('git', ['-C', directory, 'mv', 'a.py', 'b.py']);
  writeFileSync(join(directory, 'b.py'), `# header\n\n${body(10, 3)}`);
  commit('Cy', '2024-04-01T00:00:00Z', 'rename to b.py and change f');

  it('counts commits and authors per file and per entity, following lines through hunks and renames', async () => {
    const git = createGitCliReader(directory);
    const commitSha = await git.resolveRef('HEAD');
    const progress: { done: number; total: number }[] = [];
    const { index } = await indexRepository({
      source: createGitRepositorySource({ git, commit: commitSha }),
      hotness: { git, onProgress: (step) => progress.push(step) },
    });
    // Progress after each commit's diff, against the number of commits to walk.
    expect(progress).toEqual([1, 2, 3, 4].map((done) => ({ done, total: 4 })));
    const hotness = (name: string) => index.entity('b.py', name)?.hotness;
    expect(index.file('b.py')?.hotness).toEqual({ commitCount: 4, authorCount: 3 });
    expect(hotness('f')).toEqual({ commitCount: 2, authorCount: 2 });
    expect(hotness('g')).toEqual({ commitCount: 2, authorCount: 2 });
    expect(hotness('h')).toEqual({ commitCount: 1, authorCount: 1 });
    expect(index.toRecord().hotnessWindow).toEqual({ commitsScanned: 4, firstParent: true });
    expect(index.hottestEntities({ limit: 2 }).map((entry) => entry.entity.name)).toEqual(['f', 'g']);
  });

  it('counts only commits inside the window', async () => {
    const git = createGitCliReader(directory);
    const commitSha = await git.resolveRef('HEAD');
    const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: commitSha }) });
    const windowed = await computeHotness(index, { git, since: '2024-02-15T00:00:00Z', until: '2024-03-15T00:00:00Z' });
    expect(windowed.file('b.py')?.hotness).toEqual({ commitCount: 1, authorCount: 1 });
    expect(windowed.entity('b.py', 'f')?.hotness?.commitCount).toBe(0);
    expect(windowed.toRecord().hotnessWindow?.since).toBe('2024-02-15T00:00:00.000Z');
    await expect(computeHotness(index, { git, since: 'yesterday-ish' })).rejects.toThrow(/since: expected an ISO 8601 date/);
  });
});
