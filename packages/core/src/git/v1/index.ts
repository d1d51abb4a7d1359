export type * from './git-commit-v1';
export type * from './git-diff-v1';
export type * from './git-reader-v1';
export type * from './git-tree-v1';
