import type { SandboxCreateSessionOptionsV1, SandboxProviderV1, SandboxSessionV1 } from '@swespot/core';

/**
 * Starts a session, hands it to `work`, and destroys it afterwards whatever happens (a
 * return, a throw, an abort), so no container or folder outlives the call.
 *
 * @example
 * ```ts
 * const report = await withSandboxSession(provider, { workspace: { hostPath: repo } }, (session) =>
 *   runTests({ executor: session, spec }),
 * );
 * ```
 */
export async function withSandboxSession<T>(
  provider: SandboxProviderV1,
  options: SandboxCreateSessionOptionsV1,
  work: (session: SandboxSessionV1) => Promise<T>,
): Promise<T> {
  const session = await provider.createSession(options);
  try {
    return await work(session);
  } finally {
    await session.destroy();
  }
}
