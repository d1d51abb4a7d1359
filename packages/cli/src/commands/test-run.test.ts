import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { testReportSchema } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

describe('swespot test-run', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-cli-test-run-'));
    await writeFile(join(folder, 'test_math.py'), 'def test_ok():\n    assert 1 + 1 == 2\n\ndef test_bad():\n    assert 1 + 1 == 3\n');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function swespot(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('runs a pytest spec in bubblewrap and prints a valid TestReport', async () => {
    await writeFile(
      join(folder, 'spec.json'),
      JSON.stringify({ language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider {tests}', selection: { mode: 'files', files: ['test_math.py'] } }),
    );
    const result = await swespot(['test-run', '--workspace', '.', '--spec', 'spec.json', '--task-id', 'demo-1']);
    const report = testReportSchema.parse(JSON.parse(result.stdout));
    expect(report.taskId).toBe('demo-1');
    expect(report.command).toBe('python3 -m pytest -rA -p no:cacheprovider test_math.py');
    expect(Object.fromEntries(report.tests.map((test) => [test.testId, test.status]))).toEqual({ 'test_math.py::test_ok': 'passed', 'test_math.py::test_bad': 'failed' });
    expect(report.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
    expect(result.exitCode).toBe(1);
  });

  it("says which interpreter lacks the runner's module instead of printing an empty report alone", async () => {
    await writeFile(
      join(folder, 'spec.json'),
      JSON.stringify({ language: 'python', framework: 'pytest', command: 'python3 -m swespot_no_such_runner -rA {tests}', selection: { mode: 'files', files: ['test_math.py'] } }),
    );
    const result = await swespot(['test-run', '--workspace', '.', '--spec', 'spec.json']);
    expect(result.exitCode).toBe(1);
    const report = testReportSchema.parse(JSON.parse(result.stdout));
    expect(report.tests).toEqual([]);
    expect(report.outputTail?.stderr).toMatch(/python3: No module named swespot_no_such_runner/);
    expect(result.stderr).toMatch(/test-run: not trusted: No test results were found in the output: \S*python3 has no module swespot_no_such_runner/);
    expect(result.stderr).toContain('apt-get install python3-swespot-no-such-runner');
  });

  it('says when the command\'s program is not in the sandbox', async () => {
    await writeFile(join(folder, 'spec.json'), JSON.stringify({ language: 'python', framework: 'pytest', command: 'swespot-no-such-runner {tests}', selection: { mode: 'all' } }));
    const result = await swespot(['test-run', '--workspace', '.', '--spec', 'spec.json']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/not trusted: No test results were found in the output: the command's program was not found in the sandbox \(bash: .*swespot-no-such-runner: command not found\)/);
  });

  it('reports every spec issue as path: message', async () => {
    await writeFile(join(folder, 'spec.json'), JSON.stringify({ language: 'Python', framework: 'nose', command: '', selection: { mode: 'all' } }));
    const result = await swespot(['test-run', '--workspace', '.', '--spec', 'spec.json']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/spec\.json: language: Expected a lowercase language name/);
    expect(result.stderr).toMatch(/spec\.json: framework: /);
    expect(result.stderr).toMatch(/spec\.json: command: /);
  });
});
