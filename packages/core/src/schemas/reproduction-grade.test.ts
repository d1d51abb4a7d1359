import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { reproductionGradeSchema } from './reproduction-grade';

function resolvedGrade() {
  return {
    schemaVersion: 1,
    taskId: 'django__django-13837',
    resolved: true,
    score: 0.75,
    failBefore: true,
    passAfter: true,
    coverage: {
      tool: 'coverage.py',
      share: 0.75,
      covered: 3,
      missed: 1,
      files: [{ path: 'django/utils/autoreload.py', side: 'after', covered: [220, 221, 224], missed: [230], notExecutable: [222] }],
    },
    rule: { failBefore: 'any', passAfter: 'all', weighByCoverage: true },
    tests: [
      {
        id: 'test_run_as_non_django_module (utils_tests.test_autoreload.TestChildArguments)',
        file: 'tests/utils_tests/test_autoreload.py',
        name: 'TestChildArguments.test_run_as_non_django_module',
        before: ['failed', 'failed'],
        after: ['passed', 'passed'],
        outcome: 'fail-to-pass',
      },
    ],
    reasons: [],
    notes: [{ code: 'passes-on-both-sides', message: 'test_b passes on the buggy code too.', tests: ['test_b (x.Y)'] }],
    patch: { files: ['tests/utils_tests/test_autoreload.py'], testFiles: ['tests/utils_tests/test_autoreload.py'], sourceFiles: [] },
    runsPerSide: 2,
    runs: { before: [], after: [] },
    environment: { sandbox: 'docker', image: 'swespot/env:0123' },
    durationMs: 61_000,
    gradedAt: '2026-01-02T03:04:05Z',
  };
}

describe('reproductionGradeSchema', () => {
  it('accepts a resolved grade with its coverage, tests and notes', () => {
    expect(reproductionGradeSchema.parse(resolvedGrade())).toEqual(resolvedGrade());
  });

  it('demands reasons exactly when the grade is not resolved, and a score above 0 when it is', () => {
    expect(issuePathsOf(reproductionGradeSchema, { ...resolvedGrade(), resolved: false })).toEqual(['reasons']);
    expect(issuePathsOf(reproductionGradeSchema, { ...resolvedGrade(), reasons: [{ code: 'flaky', message: 'x' }] })).toEqual(['reasons']);
    expect(issuePathsOf(reproductionGradeSchema, { ...resolvedGrade(), score: 0 })).toEqual(['score']);
  });

  it('names the hunk of a patch that does not apply', () => {
    const grade = {
      ...resolvedGrade(),
      resolved: false,
      score: 0,
      reasons: [{ code: 'does-not-apply', message: 'hunk 2 failed', patch: 'test', files: ['tests/a.py'], hunk: { file: 'tests/a.py', index: 2, header: '@@ -30,4 +31,5 @@' } }],
    };
    expect(reproductionGradeSchema.parse(grade).reasons[0]!.hunk!.index).toBe(2);
    expect(issuePathsOf(reproductionGradeSchema, { ...grade, reasons: [{ ...grade.reasons[0], hunk: { file: 'tests/a.py', index: 0, header: '@@' } }] })).toEqual(['reasons.0.hunk.index']);
  });
});
