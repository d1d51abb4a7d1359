import { describe, expect, it } from 'vitest';
import { exampleBugfixTask, exampleFeatureTask } from '../schemas/__fixtures__/example-records';
import { bugfixTaskSchema } from '../schemas/bugfix-task';
import { featureTaskSchema } from '../schemas/feature-task';
import { taskInstanceSchema } from '../schemas/task-instance';
import { firstRceRow, readRceRows } from './__fixtures__/read-rce-rows';
import { fromSweBenchRow } from './from-swe-bench-row';
import { toSweBenchRow } from './to-swe-bench-row';

const createdAt = '2026-01-01T00:00:00Z';

describe('toSweBenchRow(fromSweBenchRow(row))', () => {
  it('gives back every SWE-bench Verified and FEA-Bench row unchanged, keys in the same order', () => {
    const rows = [...readRceRows('sbv'), ...readRceRows('fea')];
    expect(rows.length).toBeGreaterThan(200);
    let compared = 0;
    for (const { file, line, text } of rows) {
      const row = JSON.parse(text) as Record<string, unknown>;
      const instance = fromSweBenchRow(row, { createdAt });
      const where = `${file}:${line}`;
      expect(taskInstanceSchema.safeParse(instance).success, where).toBe(true);
      // Everything lives in typed fields: nothing needed the verbatim fallback or the extras.
      expect(instance.provenance.sweBench?.verbatim, where).toEqual({});
      expect(instance.provenance.sweBench?.extraFields, where).toEqual({});
      const back = toSweBenchRow(instance);
      expect(back, where).toStrictEqual(row);
      expect(JSON.stringify(back), where).toBe(JSON.stringify(row));
      compared += 1;
    }
    expect(compared).toBe(rows.length);
  });

  it('still gives the row after the instance went through a JSONL file', () => {
    for (const { text } of [...readRceRows('sbv').slice(0, 10), ...readRceRows('fea').slice(0, 10)]) {
      const instance = fromSweBenchRow(JSON.parse(text) as Record<string, unknown>, { createdAt });
      const reread = taskInstanceSchema.parse(JSON.parse(JSON.stringify(instance)));
      if (reread.kind !== 'bugfix' && reread.kind !== 'feature') throw new Error(`unexpected kind ${reread.kind}`);
      expect(JSON.stringify(toSweBenchRow(reread))).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it('gives back every TDD-Bench row (created_at in epoch milliseconds) as a test-repro instance', () => {
    const rows = readRceRows('tdd');
    expect(rows.length).toBeGreaterThan(100);
    for (const { file, line, text } of rows) {
      const row = JSON.parse(text) as Record<string, unknown>;
      const instance = fromSweBenchRow(row, { kind: 'test-repro', createdAt });
      expect(instance.createdAt).toBe(new Date(row.created_at as number).toISOString());
      expect(JSON.stringify(toSweBenchRow(instance)), `${file}:${line}`).toBe(JSON.stringify(row));
    }
  });

  it('keeps unknown keys, nulls, a numeric version and an odd test-list spacing where they were', () => {
    const original = firstRceRow('sbv', 'django.jsonl');
    const failToPass = JSON.parse(original.FAIL_TO_PASS as string) as string[];
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(original)) {
      row[key] = value;
      if (key === 'base_commit') row.image_name = 'swebench/sweb.eval.x86_64.django_1776_django-13837:latest';
    }
    row.hints_text = null;
    row.version = 3.2;
    row.FAIL_TO_PASS = JSON.stringify(failToPass);
    row.labels = { reviewed: true, tags: ['autoreload'] };

    const instance = fromSweBenchRow(row, { createdAt });
    expect(instance.hints).toBeUndefined();
    expect(instance.version).toBe('3.2');
    expect(instance.kind === 'bugfix' && instance.failToPass).toEqual(failToPass);
    expect(Object.keys(instance.provenance.sweBench?.extraFields ?? {})).toEqual(['image_name', 'labels']);
    expect(JSON.stringify(toSweBenchRow(instance))).toBe(JSON.stringify(row));
  });

  it('writes typed fields edited after the import with their new values, in the original encoding', () => {
    const row = firstRceRow('sbv', 'django.jsonl');
    const instance = bugfixTaskSchema.parse(fromSweBenchRow(row, { createdAt }));
    const edited = { ...instance, failToPass: [...instance.failToPass, 'test_café (m.C)'], problemStatement: 'Rewritten.' };
    const back = toSweBenchRow(edited);
    expect(Object.keys(back)).toEqual(Object.keys(row));
    expect(back.problem_statement).toBe('Rewritten.');
    expect(back.FAIL_TO_PASS).toBe(
      '["test_run_as_non_django_module (utils_tests.test_autoreload.TestChildArguments)", "test_caf\\u00e9 (m.C)"]',
    );
  });

  it('writes an edited value over a verbatim original that no longer matches it', () => {
    const row = { ...firstRceRow('sbv', 'django.jsonl'), version: 3.2 };
    const instance = bugfixTaskSchema.parse(fromSweBenchRow(row, { createdAt }));
    expect(instance.provenance.sweBench?.verbatim).toEqual({ version: 3.2 });
    expect(toSweBenchRow(instance).version).toBe(3.2);
    expect(toSweBenchRow({ ...instance, version: '4.0' }).version).toBe('4.0');
  });

  it('adds a field set after the import, but not the PR number it read from the instance id', () => {
    const row = firstRceRow('sbv', 'django.jsonl');
    const instance = bugfixTaskSchema.parse(fromSweBenchRow(row, { createdAt }));
    expect(instance.prNumber).toBe(13837);
    expect(toSweBenchRow(instance)).not.toHaveProperty('pull_number');
    expect(toSweBenchRow({ ...instance, prNumber: 13838 }).pull_number).toBe(13838);
    const back = toSweBenchRow({ ...instance, environmentSetupCommit: undefined, linkedIssues: [] });
    expect(back).not.toHaveProperty('environment_setup_commit');
  });

  it('writes an instance made by swespot in SWE-bench column order, test lists as arrays', () => {
    const row = toSweBenchRow(bugfixTaskSchema.parse(exampleBugfixTask()));
    expect(Object.keys(row)).toEqual([
      'repo',
      'instance_id',
      'base_commit',
      'patch',
      'test_patch',
      'problem_statement',
      'created_at',
      'FAIL_TO_PASS',
      'PASS_TO_PASS',
      'pull_number',
    ]);
    expect(row.FAIL_TO_PASS).toEqual(exampleBugfixTask().failToPass);
    const encoded = toSweBenchRow(bugfixTaskSchema.parse(exampleBugfixTask()), { testListEncoding: 'json-string' });
    expect(encoded.PASS_TO_PASS).toBe('["test_no_exception (utils_tests.test_autoreload.TestRaiseLastException)"]');
  });

  it('writes FEA-Bench new_components with the keys sorted, as FEA-Bench does', () => {
    const row = toSweBenchRow(featureTaskSchema.parse(exampleFeatureTask()));
    expect(JSON.stringify(row.new_components)).toBe(
      JSON.stringify([
        {
          components: [
            {
              doc: 'Container for meta information like name, description, format.',
              lines: [140, 343],
              name: 'CoordinateFrameInfo',
              signature: 'class CoordinateFrameInfo(MixinInfo):',
              type: 'class',
            },
          ],
          file: 'astropy/coordinates/baseframe.py',
        },
      ]),
    );
  });
});
