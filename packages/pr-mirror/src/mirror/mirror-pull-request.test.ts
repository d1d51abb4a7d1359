import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGitReader } from '@swespot/repo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPatchFiles } from '../diff/patch-files';
import { minePullRequests, type MinedPullRequest } from '../mining/mine-pull-requests';
import { selectPullRequests } from '../mining/select-pull-requests';
import { mirrorPullRequest } from './mirror-pull-request';

let root: string;
let pullRequests: MinedPullRequest[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swespot-mirror-rename-'));
  let day = 1;
  const git = (...args: string[]) => {
    const date = `2022-01-${String(day).padStart(2, '0')}T10:00:00Z`;
    return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };
  const commit = async (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    }
    git('add', '-A');
    git('commit', '-q', '-m', message);
    day++;
  };
  git('init', '-q', '-b', 'main');
  await commit({ 'util.py': 'def clamp(x, low, high):\n    return min(max(x, low), high)\n\n\ndef double(x):\n    return x * 2\n' }, 'start');
  await commit({ 'util.py': 'def clamp(x, low, high):\n    if low > high:\n        raise ValueError("low > high")\n    return min(max(x, low), high)\n\n\ndef double(x):\n    return x * 2\n' }, 'Check the bounds of clamp (#5)');
  await mkdir(join(root, 'src/pkg'), { recursive: true });
  git('mv', 'util.py', 'src/pkg/util.py');
  git('commit', '-q', '-m', 'Move to a src layout');
  day++;
  await commit({ 'src/pkg/util.py': 'def clamp(x, low, high):\n    if low > high:\n        raise ValueError("low > high")\n    return min(max(x, low), high)\n\n\ndef double(x):\n    return x + x\n' }, 'Add without multiplying (#6)');
  const reader = await openGitReader({ directory: root });
  try {
    ({ pullRequests } = await minePullRequests({ reader }));
  } finally {
    reader.close();
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mirrorPullRequest across a later rename', () => {
  it('follows the file to where the snapshot has it, keeps the PR in the selection and undoes it there', async () => {
    const five = pullRequests.find((pr) => pr.number === 5)!;
    expect(five.files).toEqual([expect.objectContaining({ path: 'util.py', currentPath: 'src/pkg/util.py', role: 'source' })]);
    const reader = await openGitReader({ directory: root });
    try {
      const selection = await selectPullRequests({ pullRequests, reader });
      expect(selection.kept.map((pr) => pr.number)).toEqual([6, 5]);
      expect(selection.removedBy['source-files-gone']).toBe(0);
      const outcome = await mirrorPullRequest({ pullRequest: five, reader });
      expect(outcome.status).toBe('mirrored');
      if (outcome.status !== 'mirrored') return;
      expect(outcome.bug.direct).toBe(true);
      expect(readPatchFiles(outcome.bug.bugPatch).map((file) => [file.path, file.added, file.removed])).toEqual([['src/pkg/util.py', 0, 2]]);
      // The later change (#6) stays: the 3-way merge only takes #5 out.
      expect(outcome.bug.bugPatch).not.toContain('x * 2');
    } finally {
      reader.close();
    }
  });

});
