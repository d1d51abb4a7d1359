import { createOpenAI } from '@swespot/model-openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../__fixtures__/fake-openai-server';
import { diffFile } from '../diff/patch-files';
import { findProblemStatementLeak, testNameOf } from './find-problem-statement-leak';
import { problemStatementTemplate, writeProblemStatement } from './write-problem-statement';

const FIXED = 'def divide(a, b):\n    if b == 0:\n        raise ValueError("division by zero")\n    return a / b\n';
const BUGGY = 'def divide(a, b):\n    return a / b\n';
const bugPatch = diffFile('calc/core.py', FIXED, BUGGY);
const failToPass = ['tests/test_core.py::test_divide_by_zero_raises_value_error'];
const context = { title: 'Make division by zero an error', prNumber: 2 };

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('findProblemStatementLeak', () => {
  it('finds a fix line or a FAIL_TO_PASS test name, and nothing in an honest statement', () => {
    expect(findProblemStatementLeak('Try adding `raise  ValueError("division by zero")` there', { bugPatch, failToPass })).toEqual({ kind: 'fix-line', text: 'raise ValueError("division by zero")' });
    expect(findProblemStatementLeak('see TEST_DIVIDE_BY_ZERO_RAISES_VALUE_ERROR', { bugPatch, failToPass })).toEqual({ kind: 'test-name', text: 'test_divide_by_zero_raises_value_error' });
    expect(findProblemStatementLeak('divide(1, 0) raises ZeroDivisionError, I expected a ValueError', { bugPatch, failToPass })).toBeUndefined();
    expect(testNameOf('tests/a.py::TestX::test_y[a::b]')).toBe('test_y');
    expect(testNameOf('test_y (module.Class)')).toBe('test_y');
  });
});

describe('writeProblemStatement', () => {
  it('rejects a model answer that leaks and regenerates, through the real openai client', async () => {
    const answers = [
      'divide is wrong, the test test_divide_by_zero_raises_value_error fails',
      'Fix: add `if b == 0:` then raise ValueError("division by zero")',
      'Dividing by zero gives ZeroDivisionError\n\nI expected calc to tell me with a ValueError: `divide(1, 0)`.',
    ];
    server = await startFakeOpenAIServer((_request, index) => answers[index]!);
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).model('issue-writer');
    const written = await writeProblemStatement({ bugPatch, failToPass, failingOutput: 'FAILED tests/test_core.py::test_divide_by_zero_raises_value_error', context, model });
    expect(written.origin).toBe('generated');
    expect(written.attempts).toBe(3);
    expect(written.rejected.map((leak) => leak.kind)).toEqual(['test-name', 'fix-line']);
    expect(written.text).toBe(answers[2]);
    // The model never saw the test's name in the output, was asked at temperature 0, and was told what leaked.
    expect(JSON.stringify(server.requests[0]!.messages)).not.toContain('test_divide_by_zero');
    expect(server.requests[0]!.temperature).toBe(0);
    expect(server.requests[1]!.messages.at(-1)!.content).toContain('gives the answer away');
  });

  it('falls back to the template when every answer leaks; the template leaks nothing', async () => {
    server = await startFakeOpenAIServer(() => 'raise ValueError("division by zero") is missing');
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).model('issue-writer');
    const written = await writeProblemStatement({ bugPatch, failToPass, context, model, maxAttempts: 2 });
    expect(written).toMatchObject({ origin: 'template', attempts: 2 });
    expect(written.text).toBe(problemStatementTemplate({ bugPatch, failToPass, context }));
    expect(written.text).toContain('`calc/core.py`');
    expect(written.text).toContain('Make division by zero an error');
    expect(findProblemStatementLeak(written.text, { bugPatch, failToPass })).toBeUndefined();
  });

  it('uses the linked issue text unless it leaks; drops a leaking title from the template', async () => {
    const issue = { number: 10, title: 'divide(1, 0) crashes', body: 'ZeroDivisionError instead of a clear error.' };
    expect(await writeProblemStatement({ bugPatch, failToPass, context: { ...context, issueTexts: [issue] } })).toMatchObject({ origin: 'issue', text: 'divide(1, 0) crashes\n\nZeroDivisionError instead of a clear error.' });
    const leaking = { ...issue, body: 'please add raise ValueError("division by zero")' };
    const written = await writeProblemStatement({ bugPatch, failToPass, context: { title: 'test_divide_by_zero_raises_value_error', issueTexts: [leaking] } });
    expect(written.origin).toBe('template');
    expect(written.rejected).toHaveLength(1);
    expect(written.text).not.toContain('test_divide');
  });
});
