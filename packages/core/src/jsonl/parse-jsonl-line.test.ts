import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { parseJsonlLine } from './parse-jsonl-line';

const Step = z.object({ action: z.string() });
const Task = z.object({ id: z.string(), steps: z.array(Step) });

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseJsonlLine', () => {
  it('returns the schema output of a valid line', () => {
    const record = parseJsonlLine('{"id":"a","steps":[{"action":"ls","extra":1}]}', { schema: Task });
    expect(record).toEqual({ id: 'a', steps: [{ action: 'ls' }] });
  });

  it('names the file, line, schema and zod path of a schema failure', () => {
    const error = catchError(() =>
      parseJsonlLine('{"id":"a","steps":[{"action":"ls"},{"action":3}]}', {
        schema: Task,
        schemaName: 'TaskInstance',
        file: 'tasks.jsonl',
        line: 17,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    const validationError = error as ValidationError;
    expect(validationError.message).toMatch(/^tasks\.jsonl:17: invalid TaskInstance:\n {2}steps\.1\.action: .*expected string/);
    expect(validationError).toMatchObject({ file: 'tasks.jsonl', line: 17, schema: 'TaskInstance' });
    expect(validationError.issues.map((issue) => issue.path)).toEqual(['steps.1.action']);
  });

  it('reports a JSON syntax error with the file, line and what JSON.parse said', () => {
    const error = catchError(() =>
      parseJsonlLine('{"id": "a",', { schema: Task, schemaName: 'TaskInstance', file: 'tasks.jsonl', line: 3 }),
    ) as ValidationError;
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^tasks\.jsonl:3: invalid JSON \(expected one TaskInstance per line\): .+/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toContain((error.cause as SyntaxError).message);
    expect(error.issues).toHaveLength(1);
    expect(error.line).toBe(3);
  });
});
