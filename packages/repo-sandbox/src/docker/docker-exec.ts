import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { SandboxExecOptionsV1, SandboxExecResultV1 } from '@swespot/core';
import type Docker from 'dockerode';
import { createCappedOutput } from '../sandbox-shared/capped-output';
import { commandArgv } from '../sandbox-shared/command-argv';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../sandbox-shared/sandbox-defaults';
import { putFile } from './docker-files';

/** Folder inside the container for exec bookkeeping (pid files, stdin files). */
export const EXEC_STATE_FOLDER = '/tmp/.swespot-exec';

// Stops, then kills, the processes of one exec: the descendants of `$root` and every process
// of its session (each exec leads its own session, and orphaned background children keep
// it). Stopping first means a forking loop cannot outrun the walk. Shell builtins only, so it
// needs no free pid. `$keep` is spared (the wrapper sweeping up after its own command).
const SWEEP = `sweep() {
  root=$1; keep=$2
  tree=" $root "
  [ "$root" = "$keep" ] || kill -STOP "$root" 2>/dev/null
  round=0
  while [ "$round" -lt 50 ]; do
    added=0
    for stat in /proc/[0-9]*/stat; do
      pid=\${stat#/proc/}; pid=\${pid%/stat}
      case "$tree" in *" $pid "*) continue ;; esac
      read -r line 2>/dev/null < "$stat" || continue
      rest=\${line##*) }
      set -- $rest
      case "$tree" in *" $2 "*) member=1 ;; *) member=0 ;; esac
      [ "$4" = "$root" ] && member=1
      if [ "$member" -eq 1 ]; then tree="$tree$pid "; kill -STOP "$pid" 2>/dev/null; added=1; fi
    done
    [ "$added" -eq 0 ] && break
    round=$((round + 1))
  done
  for pid in $tree; do [ "$pid" = "$keep" ] || kill -KILL "$pid" 2>/dev/null; done
}`;

// Records its pid (the session leader), feeds stdin from an uploaded file, runs the command,
// then sweeps up whatever the command left running (as bubblewrap's pid namespace does), so
// that nothing carries over between calls. The pid files are a few bytes each.
const WRAPPER = `${SWEEP}
echo $$ > "${EXEC_STATE_FOLDER}/$1.pid"; stdin="${EXEC_STATE_FOLDER}/$1.stdin"; shift
if [ -f "$stdin" ]; then exec 0< "$stdin"; rm -f "$stdin"; else exec 0< /dev/null; fi
"$@"; status=$?
sweep $$ $$
exit $status`;

// Kills a running exec's whole tree (its wrapper included) on timeout or abort.
const KILLER = `${SWEEP}
read -r root < "${EXEC_STATE_FOLDER}/$1.pid" || exit 3
sweep "$root" none
exit 0`;

/** What {@link dockerExec} needs besides the exec options. */
export interface DockerExecContext {
  readonly container: Docker.Container;
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly defaultTimeoutMs: number;
  /** Kills every process of the container and starts it again; the last resort of a kill. */
  restart(): Promise<void>;
}

function toEnvList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => `${name}=${value}`);
}

async function runToEnd(container: Docker.Container, command: string[], timeoutMs: number): Promise<number | null> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('data', () => {});
    stream.on('end', () => (clearTimeout(timer), resolve()));
    stream.on('close', () => (clearTimeout(timer), resolve()));
    stream.on('error', () => (clearTimeout(timer), resolve()));
  });
  return (await exec.inspect()).ExitCode;
}

/**
 * Runs one command in a container with the sandbox exec contract: a wall-clock timeout and
 * an abort signal that kill the command's whole process tree (in-container walk of /proc;
 * if that cannot run, e.g. because a fork bomb holds every pid, the container is killed and
 * started again, which keeps its files), and stdout/stderr capped with head and tail kept.
 */
export async function dockerExec(context: DockerExecContext, options: SandboxExecOptionsV1): Promise<SandboxExecResultV1> {
  const started = performance.now();
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stdout = createCappedOutput(maxOutputBytes);
  const stderr = createCappedOutput(maxOutputBytes);
  const finish = (exitCode: number | null, timedOut: boolean, aborted: boolean): SandboxExecResultV1 => ({
    exitCode,
    signal: timedOut || aborted ? 'SIGKILL' : null,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    timedOut,
    aborted,
    durationMs: performance.now() - started,
  });
  if (options.abortSignal?.aborted) return finish(null, false, true);

  const execId = randomUUID();
  if (options.stdin !== undefined && options.stdin !== '') {
    await putFile(context.container, `${EXEC_STATE_FOLDER}/${execId}.stdin`, options.stdin);
  }
  const cwd = options.cwd === undefined ? context.workdir : options.cwd.startsWith('/') ? options.cwd : `${context.workdir}/${options.cwd}`;
  const exec = await context.container.exec({
    Cmd: ['sh', '-c', WRAPPER, 'swespot-exec', execId, ...commandArgv(options.command)],
    AttachStdout: true,
    AttachStderr: true,
    WorkingDir: cwd,
    Env: toEnvList({ ...context.env, ...options.env }),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = (output: ReturnType<typeof createCappedOutput>) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output.write(chunk);
        callback();
      },
    });
  context.container.modem.demuxStream(stream, sink(stdout), sink(stderr));

  let timedOut = false;
  let aborted = false;
  let killing: Promise<void> | undefined;
  const kill = () => {
    killing ??= (async () => {
      let killed = false;
      try {
        killed = (await runToEnd(context.container, ['sh', '-c', KILLER, 'swespot-kill', execId], 10_000)) === 0;
      } catch {
        killed = false;
      }
      if (!killed) await context.restart();
      // The stream ends once the killed process's pipes close; do not wait on a stuck engine.
      setTimeout(() => stream.destroy(), 5_000).unref();
    })();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs ?? context.defaultTimeoutMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  options.abortSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', (error) => (timedOut || aborted ? resolve() : reject(error)));
    });
    if (killing) await killing;
  } finally {
    clearTimeout(timer);
    options.abortSignal?.removeEventListener('abort', onAbort);
  }
  if (timedOut || aborted) return finish(null, timedOut, aborted);
  const inspected = await exec.inspect();
  return finish(inspected.ExitCode, false, false);
}
