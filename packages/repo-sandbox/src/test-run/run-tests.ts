import type { SandboxExecutorV1, TestReport, TestSpec } from '@swespot/core';
import { testSpecSchema } from '@swespot/core';
import { buildTestReport } from './build-test-report';
import { renderTestCommand } from './render-test-command';

/** Options of {@link runTests}. */
export interface RunTestsOptions {
  /** Where the tests run: a sandbox session or its restricted view. */
  readonly executor: SandboxExecutorV1;
  /** How to run them (core `TestSpec`; defaults of the schema are applied). */
  readonly spec: TestSpec | Record<string, unknown>;
  /** The task the run belongs to, recorded in the report. */
  readonly taskId?: string;
  /** Working directory of the command. Default: the workspace root. */
  readonly cwd?: string;
  /** Most bytes kept of each of stdout and stderr. Default: 16 MiB (a truncated log is never trusted). */
  readonly maxOutputBytes?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * Runs a test spec's command in a sandbox (`{tests}` filled in from the selection, the
 * spec's environment and timeout applied) and returns the parsed, evidence-carrying
 * `TestReport`. A failing suite is a result; only a spec that does not validate throws.
 *
 * @example
 * ```ts
 * const report = await runTests({
 *   executor: session,
 *   spec: { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider {tests}', selection: { mode: 'all' } },
 * });
 * ```
 */
export async function runTests(options: RunTestsOptions): Promise<TestReport> {
  const spec = testSpecSchema.parse(options.spec);
  const command = renderTestCommand(spec);
  const startedAt = new Date();
  const result = await options.executor.exec({
    command,
    cwd: options.cwd,
    env: spec.env,
    timeoutMs: Math.round(spec.timeoutSeconds * 1000),
    maxOutputBytes: options.maxOutputBytes ?? 16 * 1024 * 1024,
    abortSignal: options.abortSignal,
  });
  return buildTestReport({ framework: spec.framework, command, result, startedAt, taskId: options.taskId });
}
