import { SwespotError } from '@swespot/core';
import { withSandboxSession } from '@swespot/repo-sandbox';
import { createBubblewrapSandbox } from '@swespot/repo-sandbox/bubblewrap';
import type { DoctorCheck } from './doctor-check';

/** Options of {@link checkSandboxPython}. */
export interface CheckSandboxPythonOptions {
  /** Its PATH is the sandbox's PATH. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The bwrap program. Default: `bwrap` on this process's PATH. */
  bwrapPath?: string;
  /** Kill the probe after this many milliseconds. Default 60000 (a loaded machine starts Python slowly). */
  timeoutMs?: number;
  /** Cancels the check. */
  abortSignal?: AbortSignal;
}

const PROBE = 'import sys; print(sys.executable); print(sys.version.split()[0]); import pytest; print(pytest.__version__)';

/**
 * Asks a real bubblewrap sandbox which `python3` it runs and whether that interpreter has
 * pytest. This is not the host's first `python3`: the sandbox starts from PATH alone (no
 * PYTHONPATH, no virtualenv), and as root it runs as `nobody`, who skips folders it cannot
 * enter (a pyenv under `/root`). Optional: only Python test runs in bubblewrap need it.
 */
export async function checkSandboxPython(options: CheckSandboxPythonOptions = {}): Promise<DoctorCheck> {
  const path = (options.env ?? process.env).PATH;
  const name = 'sandbox-python';
  let result;
  try {
    const provider = createBubblewrapSandbox({ ...(path === undefined ? {} : { path }), ...(options.bwrapPath === undefined ? {} : { bwrapPath: options.bwrapPath }) });
    result = await withSandboxSession(provider, { ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) }, (session) =>
      session.exec({ command: ['python3', '-c', PROBE], timeoutMs: options.timeoutMs ?? 60_000, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) }),
    );
  } catch (error) {
    options.abortSignal?.throwIfAborted();
    return {
      name,
      status: 'missing',
      required: false,
      detail: `not checked: no bubblewrap sandbox could start (${SwespotError.isInstance(error) ? error.message : String(error)})`,
      hint: 'see the bubblewrap line',
    };
  }
  const [interpreter, pythonVersion, pytestVersion] = result.stdout.trim().split('\n');
  if (result.exitCode === 0 && pytestVersion !== undefined) {
    return { name, status: 'ok', required: false, version: pytestVersion, detail: `bubblewrap sandboxes run ${interpreter} (Python ${pythonVersion}) with pytest ${pytestVersion}` };
  }
  if (result.exitCode === 127) {
    return {
      name,
      status: 'missing',
      required: false,
      detail: `no python3 on the PATH a bubblewrap sandbox's user can reach (PATH=${path ?? ''})`,
      hint: 'install python3 and pytest for the system (apt-get install python3 python3-pytest; bash tools/scripts/setup.sh does it)',
    };
  }
  if (interpreter !== undefined && /No module named '?pytest/.test(result.stderr)) {
    return {
      name,
      status: 'missing',
      required: false,
      detail: `bubblewrap sandboxes run ${interpreter} (Python ${pythonVersion}), which has no pytest (the host's first python3 may differ)`,
      hint:
        interpreter === '/usr/bin/python3'
          ? 'apt-get install python3-pytest (bash tools/scripts/setup.sh does it)'
          : `install pytest for ${interpreter}, or put a python3 that has it earlier on PATH in a folder the sandbox's user can enter`,
    };
  }
  return {
    name,
    status: 'warning',
    required: false,
    detail: `python3 in a bubblewrap sandbox failed (exit ${result.timedOut ? 'timeout' : String(result.exitCode)}): ${result.stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
    hint: 'run `swespot sandbox exec --sandbox bubblewrap --workspace . -- python3 -c "import pytest"` to see the whole error',
  };
}
