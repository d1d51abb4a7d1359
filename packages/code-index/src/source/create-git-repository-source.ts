import type { GitReaderV1 } from '@swespot/core';
import type { RepositoryFile, RepositorySource } from './repository-source';

/** Settings of {@link createGitRepositorySource}. */
export interface GitRepositorySourceSettings {
  /** The reader of the repository (a snapshot at the cutoff, per the temporal protocol). */
  readonly git: GitReaderV1;
  /** The full commit id to index (resolve refs with `git.resolveRef` first). */
  readonly commit: string;
}

/**
 * A commit of a git repository as a {@link RepositorySource}. Blob ids come from the tree
 * listing, so unchanged files are never read when the cache holds them. No I/O until used.
 */
export function createGitRepositorySource({ git, commit }: GitRepositorySourceSettings): RepositorySource {
  return {
    commit,
    async listFiles(options = {}): Promise<readonly RepositoryFile[]> {
      const entries = await git.listTree(commit, { recursive: true, ...options });
      return entries
        .filter((entry) => entry.type === 'blob' && entry.mode !== '120000')
        .map((entry) => ({ path: entry.path, blobSha: entry.sha }));
    },
    readFile(path, options = {}) {
      return git.readFile(commit, path, options);
    },
  };
}
