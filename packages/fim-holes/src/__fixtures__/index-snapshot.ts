import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository, type CodeIndex } from '@swespot/code-index';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import type { FimSnapshot } from '../mine-fim-tasks';

/** A snapshot of `repo` at `cutoff` (truncated history) and its code index with hotness, as the CLI makes them. */
export async function indexSnapshot(repo: string, cutoff: string): Promise<{ snapshot: FimSnapshot; index: CodeIndex }> {
  const into = await mkdtemp(join(tmpdir(), 'swespot-fim-snapshot-'));
  const info = await createSnapshot({ repo, cutoff, history: 'truncated', into });
  const git = await openGitReader({ directory: info.directory });
  try {
    const { index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } });
    return { snapshot: { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt }, index };
  } finally {
    (git as { close?: () => void }).close?.();
  }
}
