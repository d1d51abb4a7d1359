import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error';
import { firstRceRow, readRceRows } from './__fixtures__/read-rce-rows';
import { fromSweBenchRow, TDD_BENCH_COVERAGE_EXEMPT } from './from-swe-bench-row';

const createdAt = '2026-01-01T00:00:00Z';

function validationErrorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('fromSweBenchRow', () => {
  it('turns every SWE-bench Verified row into a bugfix instance whose FAIL_TO_PASS is the decoded array', () => {
    const rows = readRceRows('sbv');
    expect(rows.length).toBeGreaterThan(200);
    for (const { file, line, text } of rows) {
      const row = JSON.parse(text) as Record<string, string>;
      const instance = fromSweBenchRow(row, { createdAt });
      const where = `${file}:${line}`;
      expect(instance.kind, where).toBe('bugfix');
      if (instance.kind !== 'bugfix') continue;
      expect(typeof row.FAIL_TO_PASS).toBe('string');
      expect(Array.isArray(instance.failToPass), where).toBe(true);
      expect(instance.failToPass, where).toEqual(JSON.parse(row.FAIL_TO_PASS ?? ''));
      expect(instance.passToPass, where).toEqual(JSON.parse(row.PASS_TO_PASS ?? ''));
      expect(instance.snapshot, where).toEqual({ commit: row.base_commit, cutoff: row.created_at });
    }
  });

  it('maps the SWE-bench columns of a Django row to typed fields, with harness defaults', () => {
    const row = firstRceRow('sbv', 'django.jsonl');
    const instance = fromSweBenchRow(row, { createdAt, seed: 3, split: 'test' });
    if (instance.kind !== 'bugfix') throw new Error(`expected bugfix, got ${instance.kind}`);
    expect(instance).toMatchObject({
      schemaVersion: 1,
      id: 'django__django-13837',
      repo: 'django/django',
      goldPatch: row.patch,
      testPatch: row.test_patch,
      problemStatement: row.problem_statement,
      hints: '',
      createdAt: '2021-01-04T17:44:23Z',
      version: '3.2',
      environmentSetupCommit: '65dfb06a1ab56c238cc80f5e1c31f61210c4577d',
      difficulty: '1-4 hours',
      hintLocations: row.hint_locations,
      prNumber: 13837,
      bugOrigin: { type: 'historical' },
      seed: 3,
      split: 'test',
    });
    expect(instance.environment).toEqual({
      image: 'sweb.eval.x86_64.django_1776_django-13837:latest',
      installCommands: [],
      workingDirectory: '/testbed',
    });
    expect(instance.testSpec.framework).toBe('django');
    expect(instance.testSpec.selection).toEqual({
      mode: 'files',
      files: ['tests/utils_tests/test_autoreload.py', 'tests/utils_tests/test_module/__main__.py'],
    });
    expect(instance.provenance).toMatchObject({
      source: 'swe-bench-verified',
      origin: 'https://github.com/django/django/pull/13837',
      createdAt,
    });
  });

  it('recognises a FEA-Bench row as a feature with typed new components', () => {
    const row = firstRceRow('fea', 'astropy.jsonl');
    const instance = fromSweBenchRow(row, { createdAt });
    if (instance.kind !== 'feature') throw new Error(`expected feature, got ${instance.kind}`);
    expect(instance.provenance.source).toBe('fea-bench');
    expect(instance.prNumber).toBe(16831);
    expect(instance.failToPass).toEqual(row.FAIL_TO_PASS);
    expect(instance.nonCodePatch).toBe(row.non_py_patch);
    expect(instance.newComponents[0]?.file).toBe('astropy/coordinates/baseframe.py');
    expect(instance.newComponents[0]?.components[0]).toMatchObject({ type: 'class', lines: [140, 343] });
    expect(instance.testSpec.framework).toBe('pytest');
  });

  it('makes a test-repro instance from a TDD-Bench row when asked, with the test files to write', () => {
    const row = firstRceRow('tdd', 'django.jsonl');
    const instance = fromSweBenchRow(row, { kind: 'test-repro', createdAt });
    expect(instance.kind).toBe('test-repro');
    expect(instance.testFiles).toEqual(['tests/utils_tests/test_autoreload.py', 'tests/utils_tests/test_module/__main__.py']);
    expect(instance.grading).toEqual({ failBefore: 'any', passAfter: 'all', weighByCoverage: true });
    expect(instance.snapshot.cutoff).toBe('2021-01-04T17:44:23.000Z');
    expect(instance.provenance.sweBench?.createdAtEncoding).toBe('epoch-milliseconds');
  });

  it("keeps TDD-Bench's per-repository exception: sympy's score is not weighed by coverage", () => {
    const row = { ...firstRceRow('tdd', 'django.jsonl'), repo: 'sympy/sympy', instance_id: 'sympy__sympy-20590' };
    expect(fromSweBenchRow(row, { kind: 'test-repro', createdAt }).grading.weighByCoverage).toBe(false);
    expect(TDD_BENCH_COVERAGE_EXEMPT.has('django/django')).toBe(false);
  });

  it('says to pass kind test-repro when a TDD-Bench row is converted as a bugfix', () => {
    const error = validationErrorOf(() => fromSweBenchRow(firstRceRow('tdd', 'django.jsonl'), { createdAt }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['FAIL_TO_PASS', 'PASS_TO_PASS']);
    expect(error.message).toContain("kind: 'test-repro'");
  });

  it('rejects a FAIL_TO_PASS string that is not JSON, naming the key', () => {
    const row = { ...firstRceRow('sbv', 'django.jsonl'), FAIL_TO_PASS: '[test_a' };
    const error = validationErrorOf(() => fromSweBenchRow(row, { createdAt }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['FAIL_TO_PASS']);
  });

  it('rejects a row of the wrong shape with the row keys as paths', () => {
    const error = validationErrorOf(() => fromSweBenchRow({ instance_id: 'x__y-1', FAIL_TO_PASS: 3 }, { createdAt }));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['FAIL_TO_PASS', 'repo']);
    expect(error.schema).toBe('SweBenchRow');
  });

  it('needs a cutoff for a row without created_at, and takes it from the options', () => {
    const { created_at: _removed, ...row } = firstRceRow('sbv', 'django.jsonl');
    const error = validationErrorOf(() => fromSweBenchRow(row as Record<string, unknown>, { createdAt }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['created_at']);
    const instance = fromSweBenchRow(row as Record<string, unknown>, { createdAt, cutoff: '2020-12-31T23:59:59Z' });
    expect(instance.snapshot.cutoff).toBe('2020-12-31T23:59:59Z');
  });

  it('reports an instance that cannot be valid with the instance path', () => {
    const row = { ...firstRceRow('sbv', 'django.jsonl'), repo: 'django' };
    const error = validationErrorOf(() => fromSweBenchRow(row, { createdAt }));
    expect(error.schema).toBe('TaskInstance');
    expect(error.issues.map((issue) => issue.path)).toEqual(['repo']);
  });
});
