import type { SandboxCapabilitiesV1 } from './sandbox-capabilities-v1';
import type { SandboxExecOptionsV1, SandboxExecResultV1 } from './sandbox-exec-v1';
import type { SandboxFileEntryV1, SandboxFileOptionsV1, SandboxListFilesOptionsV1 } from './sandbox-files-v1';

/**
 * What code that works *in* a sandbox may do: run commands and read, write and list
 * files. It cannot end the session; the owner keeps {@link SandboxSessionV1} and hands
 * this narrower view to workers (agents, graders).
 *
 * Paths are inside the sandbox: relative ones are taken from {@link workdir}.
 */
export interface SandboxExecutorV1 {
  /** The workspace root inside the sandbox, e.g. `/testbed` in a container. */
  readonly workdir: string;
  /** What this session guarantees. */
  readonly capabilities: SandboxCapabilitiesV1;
  /** Runs a command. Resolves with its exit code and output, whatever the exit code. */
  exec(options: SandboxExecOptionsV1): Promise<SandboxExecResultV1>;
  /** Reads a file's bytes. Rejects when it does not exist. */
  readFile(path: string, options?: SandboxFileOptionsV1): Promise<Uint8Array>;
  /** Writes a file (creating parent folders), replacing any content. Text is written as UTF-8. */
  writeFile(path: string, content: string | Uint8Array, options?: SandboxFileOptionsV1): Promise<void>;
  /** Lists a folder. */
  listFiles(path: string, options?: SandboxListFilesOptionsV1): Promise<readonly SandboxFileEntryV1[]>;
}

/**
 * A live sandbox owned by whoever created it. `destroy` always releases everything
 * (container, temporary folders, processes) and may be called more than once.
 */
export interface SandboxSessionV1 extends SandboxExecutorV1 {
  /** Unique id of the session, also carried as a label on its container where there is one. */
  readonly id: string;
  /** The backend's name, e.g. `docker`, `bubblewrap`, `local`, `memory`. */
  readonly provider: string;
  /** The same session restricted to files and exec, to hand to code that must not destroy it. */
  restricted(): SandboxExecutorV1;
  /** Ends the session and removes what it made. Safe to call twice. */
  destroy(options?: { readonly abortSignal?: AbortSignal }): Promise<void>;
}
