import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from './__fixtures__/make-trajectory';
import { classifyStepError, editedFilesOf, maskErrorSteps } from './mask-error-steps';

const traceback = (file: string, exception: string) => `Traceback (most recent call last):\n  File "reproduce.py", line 3, in <module>\n    main()\n  File "${file}", line 10, in add\n    return a +\n${exception}: boom`;

describe('classifyStepError', () => {
  it.each([
    ['shell-syntax-error', makeStep(0, 'for x in; do', 'bash: -c: line 1: syntax error near unexpected token `;\'', { exitCode: 2 })],
    ['command-not-found', makeStep(0, 'pyhton a.py', 'bash: line 1: pyhton: command not found', { exitCode: 127 })],
    ['command-usage-error', makeStep(0, "sed -i 's/a/' f.py", "sed: -e expression #1, char 5: unterminated `s' command", { exitCode: 1 })],
    ['edit-failed', makeStep(0, 'str_replace_editor str_replace f.py', 'No replacement was performed, old_str `x` did not appear verbatim in f.py.', { exitCode: null })],
    ['python-syntax-error', makeStep(0, 'python -c "print(1"', '  File "<string>", line 1\nSyntaxError: unexpected EOF while parsing', { exitCode: 1 })],
    ['malformed-output', makeStep(0, null, 'Please always provide EXACTLY ONE action')],
    ['timed-out', makeStep(0, 'pytest', '', { exitCode: null, flags: { malformed: false, timedOut: true, repeated: false, lossMasked: false } })],
  ] as const)('finds %s', (kind, step) => {
    expect(classifyStepError(step)).toBe(kind);
  });

  it('ignores successful commands and ordinary failures (a failing test run, grep finding nothing)', () => {
    expect(classifyStepError(makeStep(0, 'grep -rn SyntaxError .', 'docs/errors.txt:3:SyntaxError: example', { exitCode: 0 }))).toBeUndefined();
    expect(classifyStepError(makeStep(0, 'grep -rn foo .', '', { exitCode: 1 }))).toBeUndefined();
    expect(classifyStepError(makeStep(0, 'pytest -q', 'FAILED tests/test_calc.py::test_add - AssertionError\n1 failed', { exitCode: 1 }))).toBeUndefined();
  });
});

describe('editedFilesOf', () => {
  it('finds in-place edits and whole writes', () => {
    expect(editedFilesOf("sed -i 's/a - b/a + b/' src/calc.py && cat > reproduce.py <<'EOF'\nprint(1)\nEOF\necho x >> notes.txt; python a.py 2>&1 | tee log.txt")).toEqual([
      { path: 'src/calc.py', mode: 'modified' },
      { path: 'reproduce.py', mode: 'written' },
      { path: 'notes.txt', mode: 'modified' },
      { path: 'log.txt', mode: 'written' },
    ]);
  });
});

describe('maskErrorSteps', () => {
  it('masks a traceback from the agent\'s own edit, but not the same bug reproduced before the edit or an assertion in its own script', () => {
    const trajectory = makeTrajectory({
      steps: [
        makeStep(0, "cat > reproduce.py <<'EOF'\nimport calc\nassert calc.add(1, 2) == 3\nEOF\npython reproduce.py", traceback('src/calc.py', 'TypeError'), { exitCode: 1 }),
        makeStep(1, 'python reproduce.py', 'Traceback (most recent call last):\n  File "reproduce.py", line 2, in <module>\nAssertionError: boom', { exitCode: 1 }),
        makeStep(2, "sed -i 's/return a - b/return a +/' src/calc.py && python reproduce.py", traceback('/testbed/src/calc.py', 'TypeError'), { exitCode: 1 }),
        makeStep(3, "sed -i 's/return a +/return a + c/' src/calc.py && python reproduce.py", traceback('/testbed/src/calc.py', 'NameError'), { exitCode: 1 }),
        makeStep(4, "sed -i 's/a + c/a + b/' src/calc.py && python reproduce.py", '', { exitCode: 0 }),
      ],
    });
    const { trajectory: masked, masked: steps } = maskErrorSteps(trajectory);
    expect(steps).toEqual([{ index: 3, kind: 'edit-broke-code' }]);
    expect(masked.steps.map((step) => step.flags.lossMasked)).toEqual([false, false, false, true, false]);
    expect(trajectory.steps[3]?.flags.lossMasked).toBe(false);
  });

  it('masks only the chosen kinds', () => {
    const trajectory = makeTrajectory({ steps: [makeStep(0, null, 'format error'), makeStep(1, 'pyhton', 'pyhton: command not found', { exitCode: 127 }), makeStep(2, 'ls', 'a')] });
    expect(maskErrorSteps(trajectory, { kinds: ['command-not-found'] }).masked).toEqual([{ index: 1, kind: 'command-not-found' }]);
  });
});
