import { z } from 'zod';
import { commitShaSchema, countSchema, isoDateTimeSchema, schemaVersionSchema } from './record-fields';

/**
 * One file a commit changed, compared with its first parent (or with the empty tree for a
 * root commit), as `git log --first-parent --raw --numstat -M` reports it.
 */
export const historyFileChangeSchema = z
  .strictObject({
    status: z
      .enum(['A', 'M', 'D', 'R', 'C', 'T'])
      .describe('Added, Modified, Deleted, Renamed, Copied or Type changed (e.g. file to symlink).'),
    path: z.string().min(1).describe('Path after the change; for a deletion, the deleted path.'),
    oldPath: z.string().min(1).optional().describe('Path before the change, for renames and copies.'),
    similarity: z.int().min(0).max(100).optional().describe('Rename or copy similarity in percent.'),
    added: countSchema.nullable().describe('Lines added; null for a binary file.'),
    removed: countSchema.nullable().describe('Lines removed; null for a binary file.'),
  })
  .describe('A file changed by the commit, with its status and line counts.');

/** One changed file of a {@link HistoryCommitRecord}. */
export type HistoryFileChange = z.infer<typeof historyFileChangeSchema>;

/** How a commit was tied to a pull request: a GitHub merge commit, or a squash merge's `(#N)` suffix. */
export const pullRequestLinkSchema = z
  .strictObject({
    number: z.int().positive().describe('Pull request number.'),
    via: z
      .enum(['merge-commit', 'squash-subject'])
      .describe('merge-commit: "Merge pull request #N from ..."; squash-subject: a subject ending in "(#N)".'),
  })
  .describe('The pull request a commit came from.');

/** The pull request a commit came from. */
export type PullRequestLink = z.infer<typeof pullRequestLinkSchema>;

/** An issue a commit message refers to, e.g. `fixes #12` (closing) or `see #12`. */
export const issueReferenceSchema = z
  .strictObject({
    number: z.int().positive().describe('Issue (or pull request) number in the same repository.'),
    closing: z.boolean().describe('True when a closing keyword precedes it (close, fix, resolve and their forms).'),
    keyword: z.string().min(1).optional().describe('The closing keyword as written, lower-cased, e.g. fixes.'),
  })
  .describe('An issue reference in a commit message.');

/** An issue reference in a commit message. */
export type IssueReference = z.infer<typeof issueReferenceSchema>;

/**
 * One first-parent commit of a branch, as `swespot history` writes it: one JSON line per
 * commit, newest first, validated with this schema. `id` is the commit id, so a rerun skips
 * the commits already written.
 */
export const historyCommitRecordSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: commitShaSchema.describe('The commit id (the record id).'),
    parents: z.array(commitShaSchema).describe('Parent commit ids, first parent first.'),
    committedAt: isoDateTimeSchema.describe('Committer date in UTC; cutoffs compare this date.'),
    authoredAt: isoDateTimeSchema.describe('Author date in UTC.'),
    author: z
      .strictObject({ name: z.string(), email: z.string() })
      .describe('The commit author as recorded.'),
    subject: z.string().describe('First line of the commit message.'),
    pullRequest: pullRequestLinkSchema.nullable().describe('The pull request the commit came from, or null.'),
    issues: z.array(issueReferenceSchema).describe('Issues the message refers to, in order of first mention.'),
    files: z.array(historyFileChangeSchema).describe('Files changed against the first parent.'),
  })
  .describe('A first-parent commit with its pull request, linked issues and changed files.');

/** One record of `swespot history` output. See {@link historyCommitRecordSchema}. */
export type HistoryCommitRecord = z.infer<typeof historyCommitRecordSchema>;
