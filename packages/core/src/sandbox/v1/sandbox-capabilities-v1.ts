/**
 * What a sandbox backend can guarantee. Conformance suites skip by these, and callers
 * that need a guarantee (e.g. rollouts that must not reach the network) check them and
 * throw `UnsupportedCapabilityError` when one is missing.
 */
export interface SandboxCapabilitiesV1 {
  /** Commands cannot reach any network (Docker `--network none`, bubblewrap `--unshare-net`). */
  readonly networkIsolation: boolean;
  /** Commands cannot write outside the workspace and temporary folders. */
  readonly filesystemIsolation: boolean;
  /** Memory, CPU and process-count limits are enforced. */
  readonly resourceLimits: boolean;
  /** A timeout or abort kills the command's whole process tree, not just its shell. */
  readonly processTreeKill: boolean;
  /** Sessions run inside a container image, so a task can pin its own toolchain. */
  readonly containerImages: boolean;
}
