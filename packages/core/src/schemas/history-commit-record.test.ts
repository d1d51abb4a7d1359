import { describe, expect, it } from 'vitest';
import { historyCommitRecordSchema } from './history-commit-record';

const record = {
  schemaVersion: 1,
  id: 'a'.repeat(40),
  parents: ['b'.repeat(40), 'c'.repeat(40)],
  committedAt: '2020-01-02T03:04:05.000Z',
  authoredAt: '2020-01-01T03:04:05.000Z',
  author: { name: 'Ada', email: 'ada@example.com' },
  subject: 'Merge pull request #12 from ada/fix',
  pullRequest: { number: 12, via: 'merge-commit' },
  issues: [{ number: 11, closing: true, keyword: 'fixes' }, { number: 3, closing: false }],
  files: [
    { status: 'R', path: 'lib/a.py', oldPath: 'src/a.py', similarity: 94, added: 2, removed: 2 },
    { status: 'M', path: 'image.png', added: null, removed: null },
  ],
};

describe('historyCommitRecordSchema', () => {
  it('accepts a merge commit record with renames and binary files', () => {
    expect(historyCommitRecordSchema.parse(record)).toEqual(record);
  });

  it('names the field of each problem', () => {
    const result = historyCommitRecordSchema.safeParse({
      ...record,
      id: 'HEAD',
      pullRequest: { number: 0, via: 'merge-commit' },
      files: [{ status: 'X', path: '', added: -1, removed: 0 }],
      extra: true,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'pullRequest.number', 'files.0.status', 'files.0.path', 'files.0.added', '']));
  });
});
