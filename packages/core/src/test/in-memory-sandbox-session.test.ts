import { describe, expect, it } from 'vitest';
import { createInMemorySandboxSession } from './in-memory-sandbox-session';

describe('createInMemorySandboxSession', () => {
  it('reads, writes and lists files relative to the workspace', async () => {
    const session = createInMemorySandboxSession({ files: { 'src/a.py': 'print(1)\n', 'src/pkg/b.py': '', 'README.md': '# x' } });
    expect(new TextDecoder().decode(await session.readFile('src/a.py'))).toBe('print(1)\n');
    await session.writeFile('/workspace/src/c.py', 'x = 1\n');
    expect(await session.listFiles('src')).toEqual([
      { path: 'a.py', type: 'file', size: 9 },
      { path: 'c.py', type: 'file', size: 6 },
      { path: 'pkg', type: 'directory' },
    ]);
    expect((await session.listFiles('.', { recursive: true })).map((entry) => entry.path)).toEqual([
      'README.md', 'src', 'src/a.py', 'src/c.py', 'src/pkg', 'src/pkg/b.py',
    ]);
    await expect(session.readFile('missing.txt')).rejects.toThrow(/No such file/);
  });

  it('runs built-ins and handlers, answers 127 otherwise, and records calls', async () => {
    const session = createInMemorySandboxSession({
      files: { 'a.txt': 'alpha\n' },
      commands: { pytest: ({ argv }) => ({ exitCode: 1, stdout: `ran ${argv.slice(1).join(',')}` }) },
    });
    expect(await session.exec({ command: 'cat a.txt' })).toMatchObject({ exitCode: 0, stdout: 'alpha\n', timedOut: false, aborted: false });
    expect(await session.exec({ command: 'echo "two words" \'and more\'' })).toMatchObject({ stdout: 'two words and more\n' });
    expect(await session.exec({ command: ['pytest', '-rA', 'tests/x.py'] })).toMatchObject({ exitCode: 1, stdout: 'ran -rA,tests/x.py' });
    expect(await session.exec({ command: 'make' })).toMatchObject({ exitCode: 127, stderr: 'bash: make: command not found\n' });
    expect(await session.exec({ command: 'cat nope' })).toMatchObject({ exitCode: 1 });
    expect(session.execCalls.map((call) => call.command)).toHaveLength(5);
  });

  it('hands out a restricted view without destroy, and refuses work after destroy', async () => {
    const session = createInMemorySandboxSession();
    const worker = session.restricted();
    expect('destroy' in worker).toBe(false);
    await worker.writeFile('x', 'y');
    expect(session.files.has('/workspace/x')).toBe(true);
    await session.destroy();
    expect(session.destroyed).toBe(true);
    await expect(session.exec({ command: 'true' })).rejects.toThrow(/destroyed/);
  });
});
