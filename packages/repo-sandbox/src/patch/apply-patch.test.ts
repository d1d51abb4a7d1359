import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxSessionV1 } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSandbox } from '../local/create-local-sandbox';
import { applyPatch, reverseApplyPatch } from './apply-patch';
import { diffWorkspace } from './diff-workspace';
import { PatchRefusedError } from './patch-refused-error';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });

let root: string;
let repo: string;
let session: SandboxSessionV1;

/** A repository with a text file, a binary file and a folder, committed. */
async function makeRepository(folder: string): Promise<void> {
  await mkdir(join(folder, 'src'), { recursive: true });
  await writeFile(join(folder, 'src/app.py'), Array.from({ length: 30 }, (_, index) => `line_${index} = ${index}\n`).join(''));
  await writeFile(join(folder, 'logo.bin'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'add', '-A');
  git(folder, 'commit', '-q', '-m', 'base');
}

/** Makes a change in a scratch clone and returns `git diff --binary` of it. */
async function patchFrom(change: (folder: string) => Promise<void>): Promise<string> {
  const scratch = join(root, `scratch-${Math.random().toString(36).slice(2)}`);
  git(root, 'clone', '-q', repo, scratch);
  await change(scratch);
  git(scratch, 'add', '-A');
  return git(scratch, 'diff', '--cached', '--binary', '-M');
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'swespot-patch-'));
  repo = join(root, 'repo');
  await makeRepository(repo);
  session = await createLocalSandbox({ unsafe: true }).createSession({ workspace: { hostPath: repo, mode: 'bind' } });
});
afterEach(async () => {
  await session.destroy();
  await rm(root, { recursive: true, force: true });
});

describe('applyPatch', () => {
  it('applies a text patch with git apply, and reverse-applies it back', async () => {
    const patch = await patchFrom(async (folder) => writeFile(join(folder, 'src/app.py'), (await readFile(join(folder, 'src/app.py'), 'utf8')).replace('line_3 = 3', 'line_3 = 33')));
    const result = await applyPatch({ executor: session, patch });
    expect(result).toMatchObject({ applied: true, method: 'git-apply', partial: false });
    expect(await readFile(join(repo, 'src/app.py'), 'utf8')).toContain('line_3 = 33\n');
    expect((await reverseApplyPatch({ executor: session, patch })).applied).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('applies binary patches and renames', async () => {
    const patch = await patchFrom(async (folder) => {
      await writeFile(join(folder, 'logo.bin'), Buffer.from([9, 0, 8, 0, 7, 0, 255]));
      git(folder, 'mv', 'src/app.py', 'src/main.py');
      await writeFile(join(folder, 'icon.bin'), Buffer.from([0, 0, 0, 200, 100]));
    });
    expect(patch).toContain('GIT binary patch');
    expect(patch).toContain('rename from src/app.py');
    const result = await applyPatch({ executor: session, patch });
    expect(result).toMatchObject({ applied: true, method: 'git-apply' });
    expect([...(await readFile(join(repo, 'logo.bin')))]).toEqual([9, 0, 8, 0, 7, 0, 255]);
    expect([...(await readFile(join(repo, 'icon.bin')))]).toEqual([0, 0, 0, 200, 100]);
    expect(existsSync(join(repo, 'src/app.py'))).toBe(false);
    expect(await readFile(join(repo, 'src/main.py'), 'utf8')).toContain('line_29 = 29');
  });

  it('falls back to patch --fuzz when the context drifted, after a dry run', async () => {
    const patch = await patchFrom(async (folder) => writeFile(join(folder, 'src/app.py'), (await readFile(join(folder, 'src/app.py'), 'utf8')).replace('line_15 = 15', 'line_15 = 1500')));
    // The workspace drifted: a context line of the hunk changed.
    await writeFile(join(repo, 'src/app.py'), (await readFile(join(repo, 'src/app.py'), 'utf8')).replace('line_13 = 13', 'line_13 = 13  # edited'));
    const result = await applyPatch({ executor: session, patch });
    expect(result.attempts.map((attempt) => attempt.method)).toEqual(['git-apply', 'patch-fuzz']);
    expect(result).toMatchObject({ applied: true, method: 'patch-fuzz' });
    expect(await readFile(join(repo, 'src/app.py'), 'utf8')).toContain('line_15 = 1500\n');
  });

  it('reports a patch that does not fit as not applied, leaving the tree untouched', async () => {
    const patch = await patchFrom(async (folder) => writeFile(join(folder, 'src/app.py'), 'completely different\n'));
    await writeFile(join(repo, 'src/app.py'), 'something else entirely\n');
    git(repo, 'commit', '-qam', 'drift');
    const result = await applyPatch({ executor: session, patch });
    expect(result).toMatchObject({ applied: false, partial: false });
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});

describe('applyPatch refuses patches that write outside the workspace', () => {
  const newFile = (path: string, content = 'owned\n') =>
    `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${content}`;

  it.each([
    ['../escaped.txt', /climbs out/],
    ['src/../../escaped.txt', /climbs out/],
    ['.git/hooks/post-checkout', /writes into \.git/],
  ])('refuses %s before touching anything', async (path, reason) => {
    const error = await applyPatch({ executor: session, patch: newFile(path) }).catch((caught: unknown) => caught);
    expect(PatchRefusedError.isInstance(error)).toBe(true);
    expect((error as PatchRefusedError).message).toMatch(reason);
    expect((error as PatchRefusedError).line).toBe(1);
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(repo, '.git/hooks/post-checkout'))).toBe(false);
  });

  it('refuses absolute paths in plain diffs', async () => {
    const patch = `--- /dev/null\n+++ /tmp/swespot-absolute-${process.pid}\n@@ -0,0 +1 @@\n+owned\n`;
    await expect(applyPatch({ executor: session, patch })).rejects.toThrow(/is an absolute path/);
    expect(existsSync(`/tmp/swespot-absolute-${process.pid}`)).toBe(false);
  });

  it('refuses a path through a symbolic link in the workspace, and a write onto one', async () => {
    const outside = join(root, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'target.txt'), 'outside\n');
    await symlink(outside, join(repo, 'linked'));
    await symlink(join(outside, 'target.txt'), join(repo, 'file-link'));
    await expect(applyPatch({ executor: session, patch: newFile('linked/planted.txt') })).rejects.toThrow(/goes through linked, a symbolic link in the workspace/);
    const onto = `diff --git a/file-link b/file-link\n--- a/file-link\n+++ b/file-link\n@@ -1 +1 @@\n-outside\n+overwritten\n`;
    await expect(applyPatch({ executor: session, patch: onto })).rejects.toThrow(/writing it would follow the link/);
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
    expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('outside\n');
  });

  it('refuses a patch that creates a link out of the workspace, or writes through a link it creates', async () => {
    const link = (path: string, target: string) =>
      `diff --git a/${path} b/${path}\nnew file mode 120000\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${target}\n\\ No newline at end of file\n`;
    await expect(applyPatch({ executor: session, patch: link('etc', '/etc') })).rejects.toThrow(/creates a symbolic link to \/etc/);
    await expect(applyPatch({ executor: session, patch: link('up', '../..') })).rejects.toThrow(/outside the workspace/);
    const chained = `${link('inner', 'src')}${newFile('inner/planted.py')}`;
    await expect(applyPatch({ executor: session, patch: chained })).rejects.toThrow(/goes through inner, a symbolic link this patch creates/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});

describe('diffWorkspace', () => {
  it('captures edits, new untracked and binary files, deletions and renames, and the patch rebuilds the tree', async () => {
    await writeFile(join(repo, 'src/app.py'), 'rewritten = True\n');
    await writeFile(join(repo, 'new.txt'), 'brand new\n');
    await writeFile(join(repo, 'logo.bin'), Buffer.from([1, 0, 2, 0, 3]));
    git(repo, 'mv', 'src', 'lib');
    const indexBefore = await readFile(join(repo, '.git/index'));
    const patch = await diffWorkspace({ executor: session });
    expect(patch).toContain('new.txt');
    expect(patch).toContain('GIT binary patch');
    expect(Buffer.compare(await readFile(join(repo, '.git/index')), indexBefore)).toBe(0);

    const copy = join(root, 'copy');
    git(root, 'clone', '-q', repo, copy);
    const other = await createLocalSandbox({ unsafe: true }).createSession({ workspace: { hostPath: copy, mode: 'bind' } });
    try {
      expect((await applyPatch({ executor: other, patch })).applied).toBe(true);
      expect(await diffWorkspace({ executor: other })).toBe(patch);
    } finally {
      await other.destroy();
    }
    expect(await diffWorkspace({ executor: session, base: 'HEAD' })).not.toBe('');
  });

  it('gives an empty diff for an unchanged tree', async () => {
    expect(await diffWorkspace({ executor: session })).toBe('');
  });
});
