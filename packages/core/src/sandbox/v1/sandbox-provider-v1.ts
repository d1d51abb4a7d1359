import type { SandboxCapabilitiesV1 } from './sandbox-capabilities-v1';
import type { SandboxSessionV1 } from './sandbox-session-v1';

/** Resource limits of a session. Backends without `resourceLimits` reject them with `UnsupportedCapabilityError`. */
export interface SandboxLimitsV1 {
  /** Memory limit in MiB. */
  readonly memoryMb?: number;
  /** CPU limit in cores (fractions allowed). */
  readonly cpus?: number;
  /** Most processes at once. */
  readonly pids?: number;
}

/** The input of {@link SandboxProviderV1.createSession}. */
export interface SandboxCreateSessionOptionsV1 {
  /**
   * The host folder that becomes the workspace. `copy` (the default) copies it in, so the
   * original is never changed; `bind` mounts it read-write where the backend can.
   */
  readonly workspace?: { readonly hostPath: string; readonly mode?: 'copy' | 'bind' };
  /** Container image for backends with `containerImages`, e.g. `swespot/astropy:5.3`. */
  readonly image?: string;
  /** Environment variables for every command of the session. */
  readonly env?: Readonly<Record<string, string>>;
  /** Allow network access. Default: false; backends with `networkIsolation` enforce it. */
  readonly network?: boolean;
  readonly limits?: SandboxLimitsV1;
  /** Labels to attach (container labels on Docker), e.g. the task id. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly abortSignal?: AbortSignal;
}

/**
 * Version 1 of the sandbox contract: a factory of isolated sessions in which commands run.
 *
 * Implemented in `@swespot/repo-sandbox` (`/docker`, `/bubblewrap`, `/local`) and by
 * `createInMemorySandboxSession` in `@swespot/core/test`. Creating a provider does no I/O;
 * engines and containers are reached on first use.
 *
 * @example
 * ```ts
 * const session = await provider.createSession({ workspace: { hostPath: snapshotDir } });
 * try {
 *   const result = await session.exec({ command: 'python -m pytest -rA', timeoutMs: 600_000 });
 * } finally {
 *   await session.destroy();
 * }
 * ```
 */
export interface SandboxProviderV1 {
  readonly specificationVersion: 'v1';
  /** The backend's name, e.g. `docker`. */
  readonly provider: string;
  /** What every session of this provider guarantees. */
  readonly capabilities: SandboxCapabilitiesV1;
  /** Starts a session. */
  createSession(options?: SandboxCreateSessionOptionsV1): Promise<SandboxSessionV1>;
}
