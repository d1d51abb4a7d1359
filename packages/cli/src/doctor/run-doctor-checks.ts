import { checkBubblewrap } from './check-bubblewrap';
import { checkDockerEngine } from './check-docker-engine';
import { checkGit } from './check-git';
import { checkNode } from './check-node';
import { checkPnpm } from './check-pnpm';
import { checkSandboxPython } from './check-sandbox-python';
import { checkTreeSitter } from './check-tree-sitter';
import type { DoctorCheck } from './doctor-check';

/** Options of {@link runDoctorChecks}. */
export interface RunDoctorChecksOptions {
  /** Environment of the checked commands (their PATH) and source of `DOCKER_HOST`. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The workspace folder: commands run there and `tree-sitter` is also resolved from it. Default: `process.cwd()`. */
  cwd?: string;
  /** The Docker engine address. Default: `env.DOCKER_HOST`, then `unix:///var/run/docker.sock`. */
  dockerHost?: string;
  /** The Node.js version to judge. Default: `process.versions.node` (the running one). */
  nodeVersion?: string;
  /** Per command or request, in milliseconds. Default 10000 for commands, 5000 for Docker requests. */
  timeoutMs?: number;
  /** Cancels every check. */
  abortSignal?: AbortSignal;
}

/** Everything `swespot doctor` found. */
export interface DoctorReport {
  /** False when a required item (node, git) is missing. */
  ok: boolean;
  /** One entry per check, in a fixed order: node, git, docker, bubblewrap, sandbox-python, tree-sitter, pnpm. */
  checks: DoctorCheck[];
}

/**
 * Checks what this machine offers swespot: Node.js (at least 20.19) and git (required),
 * a reachable Docker engine, bubblewrap, the python3 a bubblewrap sandbox runs and whether it
 * has pytest, the native tree-sitter binding and pnpm (optional). Checks run concurrently and never throw, except on abort.
 */
export async function runDoctorChecks(options: RunDoctorChecksOptions = {}): Promise<DoctorReport> {
  const commandOptions = {
    env: options.env,
    cwd: options.cwd,
    abortSignal: options.abortSignal,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const checks = await Promise.all([
    checkNode(options.nodeVersion),
    checkGit(commandOptions),
    checkDockerEngine({
      env: options.env,
      dockerHost: options.dockerHost,
      abortSignal: options.abortSignal,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
    checkBubblewrap(commandOptions),
    checkSandboxPython({ env: options.env, abortSignal: options.abortSignal }),
    checkTreeSitter({ cwd: options.cwd }),
    checkPnpm(commandOptions),
  ]);
  options.abortSignal?.throwIfAborted();
  return { ok: checks.every((check) => !check.required || check.status !== 'missing'), checks };
}
