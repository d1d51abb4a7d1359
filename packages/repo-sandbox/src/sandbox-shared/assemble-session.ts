import type {
  SandboxCapabilitiesV1,
  SandboxExecOptionsV1,
  SandboxExecResultV1,
  SandboxExecutorV1,
  SandboxFileEntryV1,
  SandboxFileOptionsV1,
  SandboxListFilesOptionsV1,
  SandboxSessionV1,
} from '@swespot/core';
import { SwespotError } from '@swespot/core';

/** The parts a backend supplies to {@link assembleSession}. */
export interface SessionParts {
  readonly id: string;
  readonly provider: string;
  readonly workdir: string;
  readonly capabilities: SandboxCapabilitiesV1;
  exec(options: SandboxExecOptionsV1): Promise<SandboxExecResultV1>;
  readFile(path: string, options?: SandboxFileOptionsV1): Promise<Uint8Array>;
  writeFile(path: string, content: string | Uint8Array, options?: SandboxFileOptionsV1): Promise<void>;
  listFiles(path: string, options?: SandboxListFilesOptionsV1): Promise<readonly SandboxFileEntryV1[]>;
  /** Releases everything; called once, even when `destroy` is called again. */
  release(): Promise<void>;
}

/**
 * Builds a {@link SandboxSessionV1} from a backend's parts: calls after `destroy` reject
 * with a clear error, `destroy` runs `release` once (later calls wait for the same
 * promise), and `restricted()` hands out exec and files only.
 */
export function assembleSession(parts: SessionParts): SandboxSessionV1 {
  let released: Promise<void> | undefined;
  const alive = () => {
    if (released) {
      throw new SwespotError({ message: `The ${parts.provider} sandbox session ${parts.id} was destroyed; create a new session.` });
    }
  };
  const executor: SandboxExecutorV1 = {
    workdir: parts.workdir,
    capabilities: parts.capabilities,
    async exec(options) {
      alive();
      return parts.exec(options);
    },
    async readFile(path, options) {
      alive();
      return parts.readFile(path, options);
    },
    async writeFile(path, content, options) {
      alive();
      return parts.writeFile(path, content, options);
    },
    async listFiles(path, options) {
      alive();
      return parts.listFiles(path, options);
    },
  };
  return {
    ...executor,
    id: parts.id,
    provider: parts.provider,
    restricted: () => ({ ...executor }),
    destroy() {
      released ??= parts.release();
      return released;
    },
  };
}
