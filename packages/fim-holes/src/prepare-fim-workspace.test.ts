import { InvalidArgumentError, type FimTask } from '@swespot/core';
import { createInMemorySandboxSession } from '@swespot/core/test';
import { describe, expect, it } from 'vitest';
import { prepareFimWorkspace } from './prepare-fim-workspace';

const original = 'def add(a, b):\n    total = a + b\n    return total\n';
const body = '    total = a + b\n    return total';
const start = original.indexOf('total');
const task = {
  id: 'demo__fim-1',
  file: 'calc.py',
  snapshot: { commit: 'abcdef1', cutoff: '2022-01-01T00:00:00Z' },
  holes: [{ byteRange: { start, end: start + body.trim().length }, lineRange: { start: 2, end: 3 }, removedCode: body.trim(), granularity: 'function', part: 'body', symbol: 'add', placeholder: 'raise NotImplementedError  # FIM HOLE 1' }],
} as unknown as FimTask;

describe('prepareFimWorkspace', () => {
  it('replaces the holes of the workspace file by their placeholders', async () => {
    const session = createInMemorySandboxSession({ files: { 'calc.py': original } });
    await prepareFimWorkspace(session, task);
    expect(Buffer.from(await session.readFile('calc.py')).toString('utf8')).toBe('def add(a, b):\n    raise NotImplementedError  # FIM HOLE 1\n');
  });

  it('refuses a workspace that is not at the task\'s commit', async () => {
    const session = createInMemorySandboxSession({ files: { 'calc.py': original.replace('total = a + b', 'total = b + a') } });
    await expect(prepareFimWorkspace(session, task)).rejects.toSatisfy((error: unknown) => InvalidArgumentError.isInstance(error) && /must be the snapshot at abcdef1/.test(error.message));
  });
});
