import type { DoctorCheck } from './doctor-check';
import { runCommand, type RunCommandOptions } from './run-command';

/** Checks that `git` runs (required: swespot reads repository history with it). */
export async function checkGit(options: RunCommandOptions = {}): Promise<DoctorCheck> {
  const result = await runCommand('git', ['--version'], options);
  const version = /git version (\S+)/.exec(result.stdout)?.[1];
  if (result.outcome === 'ok' && result.exitCode === 0 && version) {
    return { name: 'git', status: 'ok', required: true, version, detail: `git ${version}` };
  }
  return {
    name: 'git',
    status: 'missing',
    required: true,
    detail: result.errorMessage ?? `git --version failed: ${result.stderr || result.stdout}`,
    hint: 'install git (apt-get install git, brew install git, or https://git-scm.com/downloads)',
  };
}
