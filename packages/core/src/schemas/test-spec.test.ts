import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { testSpecSchema } from './test-spec';

const vitestSpec = {
  language: 'typescript',
  framework: 'vitest',
  command: 'pnpm vitest run {tests}',
  selection: { mode: 'tests', testIds: ['src/a.test.ts > adds'] },
};

describe('testSpecSchema', () => {
  it('accepts a spec and fills in no extra env and a 1800 s timeout', () => {
    expect(testSpecSchema.parse(vitestSpec)).toEqual({ ...vitestSpec, env: {}, timeoutSeconds: 1800 });
  });

  it('accepts every selection mode', () => {
    expect(issuePathsOf(testSpecSchema, { ...vitestSpec, selection: { mode: 'all' } })).toEqual([]);
    expect(issuePathsOf(testSpecSchema, { ...vitestSpec, selection: { mode: 'files', files: ['a.test.ts'] } })).toEqual([]);
  });

  it('rejects an empty file selection, an unknown framework and a zero timeout', () => {
    const paths = issuePathsOf(testSpecSchema, {
      ...vitestSpec,
      framework: 'ava',
      selection: { mode: 'files', files: [] },
      timeoutSeconds: 0,
    });
    expect(paths.sort()).toEqual(['framework', 'selection.files', 'timeoutSeconds']);
  });

  it('rejects a language name that is not lowercase', () => {
    expect(issuePathsOf(testSpecSchema, { ...vitestSpec, language: 'TypeScript' })).toEqual(['language']);
  });
});
