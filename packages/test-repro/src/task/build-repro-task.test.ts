import { bugfixTaskSchema, testReproTaskSchema } from '@swespot/core';
import { applyPatch as applyTextPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { TEXTKIT_BUG_PATCH, TEXTKIT_FAIL_TO_PASS, TEXTKIT_FIXED, TEXTKIT_GOLD_PATCH, textkitBugfix } from '../test/buggy-repositories';
import { buildReproTask, reproTaskIdOf } from './build-repro-task';
import { hideTests } from './hide-tests';

const readFixed = async (path: string) => TEXTKIT_FIXED[path];

describe('hideTests', () => {
  it('removes the failing tests from the snapshot, leaves a pass in their emptied class, and restores them exactly', async () => {
    const hidden = await hideTests({ testIds: TEXTKIT_FAIL_TO_PASS, framework: 'pytest', candidateFiles: [], readFile: readFixed });
    expect(hidden.hidden).toEqual(TEXTKIT_FAIL_TO_PASS);
    expect(hidden.visible).toEqual([]);
    const original = TEXTKIT_FIXED['tests/test_textkit.py']!;
    const edited = applyTextPatch(original, hidden.hidePatch) as string;
    expect(edited).toContain('def test_shout');
    expect(edited).not.toContain('double_space');
    expect(edited).toBe(`${original.slice(0, original.indexOf('    def test_slugify_double_space'))}    pass\n`);
    expect(applyTextPatch(edited, hidden.restorePatch)).toBe(original);
  });

  it('says which tests it could not find or may not touch', async () => {
    const hidden = await hideTests({
      testIds: ['tests/test_textkit.py::test_shout', 'tests/test_textkit.py::test_absent', 'tests/test_gone.py::test_x'],
      framework: 'pytest',
      candidateFiles: [],
      readFile: readFixed,
      avoidFiles: new Set(['tests/test_textkit.py']),
    });
    expect(hidden.hidden).toEqual([]);
    expect(hidden.hidePatch).toBe('');
    expect(hidden.visible.map((entry) => [entry.id, entry.reason])).toEqual([
      ['tests/test_textkit.py::test_shout', 'tests/test_textkit.py is changed by the bug patch'],
      ['tests/test_textkit.py::test_absent', 'no definition found in tests/test_textkit.py'],
      ['tests/test_gone.py::test_x', 'no definition found in tests/test_gone.py'],
    ]);
  });

  it('finds node:test ids, which name no file, in the candidate files', async () => {
    const text = "const { describe, it } = require('node:test');\ndescribe('total', () => {\n  it('adds', () => {});\n  it('keeps', () => {});\n});\n";
    const hidden = await hideTests({ testIds: ['total > adds'], framework: 'node-test', candidateFiles: ['test/a.test.js'], readFile: async (path) => (path === 'test/a.test.js' ? text : undefined) });
    expect(hidden.hidden).toEqual(['total > adds']);
    expect(applyTextPatch(text, hidden.hidePatch)).toBe("const { describe, it } = require('node:test');\ndescribe('total', () => {\n  it('keeps', () => {});\n});\n");
  });
});

describe('buildReproTask', () => {
  it('turns a PR-mirror bugfix into a test-repro task whose buggy snapshot lacks the failing tests and whose test patch restores them', async () => {
    const bugfix = textkitBugfix();
    const { task, hiddenTests, visibleTests } = await buildReproTask({ bugfix, readSnapshotFile: readFixed, createdAt: '2024-07-02T00:00:00Z' });
    expect(testReproTaskSchema.parse(task)).toEqual(task);
    expect(task.id).toBe(reproTaskIdOf(bugfix.id));
    expect(task).toMatchObject({ kind: 'test-repro', bugfixTaskId: bugfix.id, problemStatement: bugfix.problemStatement, goldPatch: TEXTKIT_GOLD_PATCH, testFiles: ['tests/test_textkit.py'], grading: { failBefore: 'any', passAfter: 'all', weighByCoverage: true } });
    expect(task.provenance).toMatchObject({ source: 'pr-mirror', generator: { name: '@swespot/test-repro' }, createdAt: '2024-07-02T00:00:00Z' });
    expect(hiddenTests).toEqual(TEXTKIT_FAIL_TO_PASS);
    expect(visibleTests).toEqual([]);
    // The bug patch now also hides the tests; the fixed file plus it is the agent's starting point.
    expect(task.bugPatch!.startsWith(TEXTKIT_BUG_PATCH)).toBe(true);
    expect(task.bugPatch).toContain('-    def test_slugify_double_space(self):');
    expect(task.testPatch).toContain('+    def test_initials_double_space(self):');
    expect(task.metadata).toMatchObject({ hiddenTests: TEXTKIT_FAIL_TO_PASS, bugOrigin: { type: 'pr-mirror', prNumber: 7 } });
  });

  it('keeps a historical bugfix test patch, and TDD-Bench sympy exception', async () => {
    const bugfix = { ...textkitBugfix(), repo: 'sympy/sympy', testPatch: 'diff --git a/tests/test_x.py b/tests/test_x.py\n--- a/tests/test_x.py\n+++ b/tests/test_x.py\n@@ -1 +1,2 @@\n x = 1\n+y = 2\n', bugPatch: undefined };
    const { task } = await buildReproTask({ bugfix: bugfixTaskSchema.parse(bugfix) });
    expect(task.testPatch).toBe(bugfix.testPatch);
    expect(task.bugPatch).toBeUndefined();
    expect(task.testFiles).toEqual(['tests/test_x.py']);
    expect(task.grading.weighByCoverage).toBe(false);
  });

  it('leaves the tests visible, saying why, without a snapshot reader', async () => {
    const { task, visibleTests } = await buildReproTask({ bugfix: textkitBugfix() });
    expect(task.testPatch).toBe('');
    expect(task.bugPatch).toBe(TEXTKIT_BUG_PATCH);
    expect(visibleTests.map((entry) => entry.reason)).toEqual(['no snapshot reader was given', 'no snapshot reader was given']);
  });
});
