import type { DoctorCheck } from './doctor-check';
import { runCommand, type RunCommandOptions } from './run-command';

/**
 * Checks `bwrap --version` and whether bubblewrap can really create a sandbox
 * (`bwrap --ro-bind / / --unshare-net true`), which fails where unprivileged user
 * namespaces are disabled. Optional: only the `bubblewrap` sandbox provider needs it.
 */
export async function checkBubblewrap(options: RunCommandOptions = {}): Promise<DoctorCheck> {
  const versionResult = await runCommand('bwrap', ['--version'], options);
  if (versionResult.outcome !== 'ok' || versionResult.exitCode !== 0) {
    return {
      name: 'bubblewrap',
      status: 'missing',
      required: false,
      detail: versionResult.errorMessage ?? `bwrap --version failed: ${versionResult.stderr}`,
      hint: 'install bubblewrap (apt-get install bubblewrap, dnf install bubblewrap) to use sandbox.provider "bubblewrap"',
    };
  }
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(versionResult.stdout)?.[1];
  const sandboxResult = await runCommand('bwrap', ['--ro-bind', '/', '/', '--unshare-net', 'true'], options);
  if (sandboxResult.outcome === 'ok' && sandboxResult.exitCode === 0) {
    return {
      name: 'bubblewrap',
      status: 'ok',
      required: false,
      ...(version ? { version } : {}),
      detail: `bubblewrap ${version ?? '(unknown version)'}, can create a sandbox without network`,
    };
  }
  const reason = sandboxResult.stderr || sandboxResult.errorMessage || `exit code ${sandboxResult.exitCode}`;
  return {
    name: 'bubblewrap',
    status: 'warning',
    required: false,
    ...(version ? { version } : {}),
    detail: `bubblewrap ${version ?? '(unknown version)'} is installed but cannot create a sandbox: ${reason}`,
    hint: 'allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0), or run in a container started with --privileged',
  };
}
