import { posix } from 'node:path';
import type { GitReaderV1 } from '@swespot/core';
import { isTestPath } from '../mining/classify-path';

/** Why a test file was chosen, in order of priority. */
export type CandidateTestReason = 'pr-test-file' | 'imports-changed-module' | 'name-match';

/** A test file chosen to validate a bug, with the reason. */
export interface CandidateTestFile {
  readonly path: string;
  readonly reason: CandidateTestReason;
}

/** The part of `@swespot/code-index`'s `CodeIndex` test finding uses (`index.testsFor(path)`). */
export interface TestsForSource {
  testsFor(path: string): readonly { readonly path: string }[];
}

/** Options of {@link findCandidateTests}. */
export interface FindCandidateTestsOptions {
  /** Source files the bug changes. */
  readonly changedFiles: readonly string[];
  /** Test files the pull request changed or added. Default: none. */
  readonly prTestFiles?: readonly string[];
  /** Every file path of the snapshot (`reader.listTree`); see {@link listSnapshotFiles}. */
  readonly snapshotFiles: readonly string[];
  /** A code index of the snapshot, for tests that import a changed module. Default: none. */
  readonly index?: TestsForSource;
  /** Most test files returned. Default: 8. */
  readonly maxFiles?: number;
}

const REASON_ORDER: readonly CandidateTestReason[] = ['pr-test-file', 'imports-changed-module', 'name-match'];

/** Whether a path names a test module a runner collects (not a conftest or helper). */
export function isTestModulePath(path: string): boolean {
  const name = posix.basename(path);
  return isTestPath(path) && /^test_.*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$|_test\.go$/.test(name);
}

function stemOf(path: string): string {
  const name = posix.basename(path, posix.extname(path));
  return name === '__init__' ? posix.basename(posix.dirname(path)) : name;
}

/**
 * Chooses the tests that validate a bug, deterministically: the test files the pull request
 * touched (and that the snapshot still has), then tests that import a changed module (the
 * code index), then test files named after a changed module (`test_core.py`, `core_test.py`,
 * `core.test.ts`); each group sorted by path, capped, each with its reason.
 *
 * @example
 * ```ts
 * findCandidateTests({ changedFiles: ['src/click/core.py'], prTestFiles: ['tests/test_basic.py'], snapshotFiles });
 * // [{ path: 'tests/test_basic.py', reason: 'pr-test-file' }, { path: 'tests/test_core.py', reason: 'name-match' }]
 * ```
 */
export function findCandidateTests(options: FindCandidateTestsOptions): CandidateTestFile[] {
  const modules = new Set(options.snapshotFiles.filter(isTestModulePath));
  const chosen = new Map<string, CandidateTestReason>();
  const add = (path: string, reason: CandidateTestReason) => {
    if (modules.has(path) && !chosen.has(path)) chosen.set(path, reason);
  };
  for (const path of [...(options.prTestFiles ?? [])].sort()) add(path, 'pr-test-file');
  if (options.index !== undefined) {
    const importers = options.changedFiles.flatMap((file) => options.index!.testsFor(file).map((test) => test.path));
    for (const path of [...new Set(importers)].sort()) add(path, 'imports-changed-module');
  }
  const stems = new Set(options.changedFiles.map(stemOf));
  for (const path of [...modules].sort()) {
    const name = posix.basename(path);
    const stem = name.replace(/^test_/, '').replace(/(_test)?\.(test\.|spec\.)?[a-z]+$/, '');
    if (stems.has(stem)) add(path, 'name-match');
  }
  return [...chosen]
    .map(([path, reason]) => ({ path, reason }))
    .sort((left, right) => REASON_ORDER.indexOf(left.reason) - REASON_ORDER.indexOf(right.reason) || left.path.localeCompare(right.path))
    .slice(0, options.maxFiles ?? 8);
}

/** Every file path of a commit of the snapshot (for {@link FindCandidateTestsOptions.snapshotFiles}). */
export async function listSnapshotFiles(reader: GitReaderV1, commit = 'HEAD'): Promise<string[]> {
  const sha = await reader.resolveRef(commit);
  return (await reader.listTree(sha, { recursive: true })).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
}
