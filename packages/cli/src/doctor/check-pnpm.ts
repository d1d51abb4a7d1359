import type { DoctorCheck } from './doctor-check';
import { runCommand, type RunCommandOptions } from './run-command';

/** Reports pnpm when it is on PATH (optional: only needed to add native modules such as tree-sitter). */
export async function checkPnpm(options: RunCommandOptions = {}): Promise<DoctorCheck> {
  const result = await runCommand('pnpm', ['--version'], options);
  const version = /\d+\.\d+\.\d+\S*/.exec(result.stdout)?.[0];
  if (result.outcome === 'ok' && result.exitCode === 0 && version) {
    return { name: 'pnpm', status: 'ok', required: false, version, detail: `pnpm ${version}` };
  }
  return {
    name: 'pnpm',
    status: 'missing',
    required: false,
    detail: result.errorMessage ?? `pnpm --version failed: ${result.stderr || result.stdout}`,
    hint: 'optional: corepack enable pnpm (or npm install -g pnpm)',
  };
}
