/** The input of one {@link SandboxExecutorV1.exec} call. */
export interface SandboxExecOptionsV1 {
  /**
   * The command. A string runs in a fresh `bash -c` (so pipes and redirects work, and
   * nothing carries over between calls, as in mini-swe-agent); an array runs that
   * program directly with those arguments, with no shell.
   */
  readonly command: string | readonly string[];
  /** Working directory inside the sandbox; relative paths are taken from the workspace root. Default: the workspace root. */
  readonly cwd?: string;
  /** Extra environment variables for this command, over the session's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Text written to the command's standard input, which is then closed. Default: empty. */
  readonly stdin?: string;
  /** Wall-clock limit in milliseconds; on expiry the whole process tree is killed and `timedOut` is set. Default: the backend's (60 000 ms). */
  readonly timeoutMs?: number;
  /**
   * Most bytes kept of each of stdout and stderr. Over it, the head and the tail are kept
   * (half each) and the matching `...Truncated` flag is set. Default: 1 MiB.
   */
  readonly maxOutputBytes?: number;
  /** Kills the command's process tree; the result then has `aborted: true`. */
  readonly abortSignal?: AbortSignal;
}

/** The result of one {@link SandboxExecutorV1.exec} call. A non-zero exit is a result, not an error. */
export interface SandboxExecResultV1 {
  /** The exit code, or `null` when the process was killed by a signal (timeout, abort, OOM). */
  readonly exitCode: number | null;
  /** The signal that ended the process, e.g. `SIGKILL`, when one did. */
  readonly signal?: string | null;
  /** Standard output, decoded as UTF-8 (invalid bytes replaced), head and tail when truncated. */
  readonly stdout: string;
  /** Standard error, decoded as UTF-8, head and tail when truncated. */
  readonly stderr: string;
  /** Whether stdout was cut to `maxOutputBytes`. */
  readonly stdoutTruncated: boolean;
  /** Whether stderr was cut to `maxOutputBytes`. */
  readonly stderrTruncated: boolean;
  /** Whether the command was killed by its timeout. */
  readonly timedOut: boolean;
  /** Whether the command was killed by its abort signal. */
  readonly aborted: boolean;
  /** Wall-clock duration in milliseconds. */
  readonly durationMs: number;
}
