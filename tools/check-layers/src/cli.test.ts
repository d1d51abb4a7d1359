import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const fixtures = fileURLToPath(new URL('./__fixtures__', import.meta.url));
const packageFolder = fileURLToPath(new URL('..', import.meta.url));

function runCli(workspaceRoot: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', cliPath, workspaceRoot], {
    cwd: packageFolder,
    encoding: 'utf8',
  });
}

describe('check-layers cli', () => {
  it('prints the violations to stderr and exits 1', () => {
    const result = runCli(`${fixtures}/bad`);

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'packages/reader/src/index.ts:2: @swespot/reader (layer 1) imports @swespot/writer (layer 2)\n',
    );
    expect(result.stderr).toContain('layering failed: 10 violations in 6 packages');
  });

  it('prints one summary line and exits 0 when the layering holds', () => {
    const result = runCli(`${fixtures}/good`);

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('layering ok: 3 packages, 3 edges\n');
    expect(result.status).toBe(0);
  });
});
