import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SwespotError, testSpecSchema } from '@swespot/core';
import { assessTestReport, runTests, withSandboxSession } from '@swespot/repo-sandbox';
import type { Command } from 'commander';
import type { CommandContext } from './command-context';
import { addSandboxOptions, providerFromFlags, sessionOptionsFromFlags, type SandboxFlags } from './sandbox';

/**
 * Adds `swespot test-run --workspace DIR --spec SPEC.json [--sandbox ...] [--image IMAGE]`:
 * runs a TestSpec's command in a fresh sandbox and prints the TestReport as JSON (per-test
 * statuses and the evidence that the suite ran). Exit code 0 when every test passed and the
 * report is trustworthy, 1 otherwise (the report is printed either way), 2 for bad input.
 */
export function registerTestRunCommand(program: Command, context: CommandContext): void {
  addSandboxOptions(
    program
      .command('test-run')
      .description('run a TestSpec in a sandbox and print the TestReport as JSON')
      .requiredOption('--spec <file>', 'the TestSpec as JSON (language, framework, command, selection, env, timeoutSeconds)')
      .option('--task-id <id>', 'record the task id in the report'),
  ).action(async (options: SandboxFlags & { spec: string; taskId?: string }) => {
    const specPath = resolve(context.cwd, options.spec);
    let specJson: unknown;
    try {
      specJson = JSON.parse(await readFile(specPath, 'utf8'));
    } catch (error) {
      context.stderr.write(`${options.spec}: cannot read the spec as JSON (${(error as Error).message})\n`);
      context.setExitCode(2);
      return;
    }
    const parsed = testSpecSchema.safeParse(specJson);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.stderr.write(`${options.spec}: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
      context.setExitCode(2);
      return;
    }
    const provider = providerFromFlags(options, context);
    if (typeof provider === 'string') {
      context.stderr.write(`test-run: ${provider}\n`);
      context.setExitCode(2);
      return;
    }
    try {
      const report = await withSandboxSession(
        provider,
        sessionOptionsFromFlags(options, context),
        (session) => runTests({ executor: session.restricted(), spec: parsed.data, taskId: options.taskId, abortSignal: context.abortSignal }),
      );
      context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      const assessment = assessTestReport(report);
      for (const reason of assessment.reasons) context.stderr.write(`test-run: not trusted: ${reason}\n`);
      const allPassed = report.tests.every((test) => test.status !== 'failed' && test.status !== 'error');
      context.setExitCode(assessment.trusted && allPassed ? 0 : 1);
    } catch (error) {
      context.stderr.write(`test-run: ${SwespotError.isInstance(error) ? error.message : String(error)}\n`);
      context.setExitCode(1);
    }
  });
}
