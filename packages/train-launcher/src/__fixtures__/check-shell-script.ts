import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `bash -n` and `shellcheck` (all severities, style included) on a script; resolves with their output, rejects on any finding. */
export async function checkShellScript(file: string): Promise<void> {
  await run('bash', ['-n', file]);
  await run('shellcheck', ['--shell=bash', '--severity=style', file]);
}

/** Runs a script with bash in `cwd` with exactly `env`; resolves with the exit code and output, never rejects. */
export async function runScript(file: string, options: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', [file], { cwd: options.cwd, env: options.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}
