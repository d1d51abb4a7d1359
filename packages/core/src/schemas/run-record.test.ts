import { describe, expect, it } from 'vitest';
import { exampleRunRecord } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { runRecordSchema } from './run-record';

describe('runRecordSchema', () => {
  it('accepts a finished stage and a running one', () => {
    expect(runRecordSchema.parse(exampleRunRecord())).toStrictEqual(exampleRunRecord());
    expect(issuePathsOf(runRecordSchema, { ...exampleRunRecord(), status: 'running', endedAt: null })).toEqual([]);
  });

  it('rejects an end time that disagrees with the status', () => {
    expect(issuePathsOf(runRecordSchema, { ...exampleRunRecord(), status: 'running' })).toEqual(['endedAt']);
    expect(issuePathsOf(runRecordSchema, { ...exampleRunRecord(), endedAt: null })).toEqual(['endedAt']);
  });

  it('rejects a config hash that is not SHA-256 hex and a negative count', () => {
    const paths = issuePathsOf(runRecordSchema, { ...exampleRunRecord(), configHash: 'abc', counts: { failed: -1 } });
    expect(paths.sort()).toEqual(['configHash', 'counts.failed']);
  });
});
