import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

const fixture = fileURLToPath(new URL('./__fixtures__/nx-test-one-failure.log', import.meta.url));

describe('count-tests.sh', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-count-tests-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("counts one failed test as one on a real Nx log (not the 'Test Files' line, not the failed check)", async () => {
    // Recorded from `nx run @swespot/cli:test --outputStyle=stream` on a machine whose
    // sandbox python3 had no pytest: vitest printed "Test Files  1 failed | 19 passed (20)"
    // and "Tests  1 failed | 100 passed (101)".
    const result = await runScript('count-tests.sh', [fixture], { PATH: process.env.PATH });
    expect(result.stdout.trim()).toBe('100 1 0');
  });

  it('sums every run, plain and behind an Nx prefix, with skipped and todo tests, and ignores lines a test printed', async () => {
    const log = join(folder, 'test.log');
    await writeFile(
      log,
      [
        '@swespot/core:  Test Files  2 passed (2)',
        '@swespot/core:       Tests  12 passed | 2 skipped (14)',
        ' Test Files  1 failed | 1 passed (2)',
        '      Tests  3 failed | 4 passed | 1 todo (8)',
        'stdout | a test printed: Tests 99 passed (99) and more',
        '',
      ].join('\n'),
    );
    const result = await runScript('count-tests.sh', [log], { PATH: process.env.PATH });
    expect(result.stdout.trim()).toBe('16 3 3');
  });

  it('refuses a missing log with its usage', async () => {
    const result = await runScript('count-tests.sh', [join(folder, 'none.log')], { PATH: process.env.PATH });
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toContain('usage: count-tests.sh LOG');
  });
});
