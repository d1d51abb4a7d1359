import { describe, expect, it } from 'vitest';
import { issuePathsOf, issuesOf } from './__fixtures__/issues-of';
import { byteRangeSchema, commitShaSchema, isoDateTimeSchema, lineRangeSchema, recordIdSchema, repositoryNameSchema } from './record-fields';

describe('record fields', () => {
  it('isoDateTimeSchema accepts Z, offsets and fractions, and rejects dates without a time', () => {
    for (const value of ['2021-01-04T17:44:23Z', '2021-01-04T17:44:23.123456Z', '2021-01-04T17:44:23+02:00']) {
      expect(isoDateTimeSchema.safeParse(value).success, value).toBe(true);
    }
    for (const value of ['2021-01-04', '2021-01-04 17:44:23', '1609782263000']) {
      expect(isoDateTimeSchema.safeParse(value).success, value).toBe(false);
    }
  });

  it('commitShaSchema takes lowercase hex of 7 to 64 characters', () => {
    expect(commitShaSchema.safeParse('415f502').success).toBe(true);
    expect(commitShaSchema.safeParse('415F50298F97FB17F841A9DF38D995CCF347DFCC').success).toBe(false);
    expect(commitShaSchema.safeParse('415f50').success).toBe(false);
  });

  it('repositoryNameSchema wants owner/name and says so', () => {
    expect(repositoryNameSchema.safeParse('pylint-dev/pylint').success).toBe(true);
    expect(issuesOf(repositoryNameSchema, 'pylint')[0]?.message).toContain('owner/name');
  });

  it('recordIdSchema rejects empty ids and surrounding white space', () => {
    expect(recordIdSchema.safeParse('django__django-13837').success).toBe(true);
    expect(recordIdSchema.safeParse('').success).toBe(false);
    expect(recordIdSchema.safeParse(' id').success).toBe(false);
  });

  it('ranges reject an end before the start at end', () => {
    expect(issuePathsOf(lineRangeSchema, { start: 5, end: 4 })).toEqual(['end']);
    expect(issuePathsOf(byteRangeSchema, { start: 5, end: 4 })).toEqual(['end']);
    expect(issuePathsOf(lineRangeSchema, { start: 0, end: 4 })).toEqual(['start']);
    expect(issuePathsOf(byteRangeSchema, { start: 0, end: 0 })).toEqual([]);
  });
});
