import type { Command } from 'commander';
import { formatDoctorReport, toDoctorJson } from '../doctor/format-doctor-report';
import { runDoctorChecks } from '../doctor/run-doctor-checks';
import { bindConfigKeys } from '../config/config-backed-options';
import type { CommandContext } from './command-context';

/**
 * Adds `swespot doctor [--json]`: reports node, git, the Docker engine, bubblewrap,
 * tree-sitter and pnpm, one line each. Exit code 1 when node or git is missing.
 */
export function registerDoctorCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('doctor')
    .description('check what this machine offers swespot (node, git, Docker, bubblewrap, tree-sitter, pnpm)')
    .option('--json', 'print the report as a JSON object')
    .option('--docker-host <url>', 'Docker engine to ping (default: DOCKER_HOST, then unix:///var/run/docker.sock)');
  bindConfigKeys(command, { '--docker-host': 'sandbox.dockerHost' }).action(async (options: { json?: boolean; dockerHost?: string }) => {
    const report = await runDoctorChecks({
      env: context.env,
      cwd: context.cwd,
      dockerHost: options.dockerHost,
      abortSignal: context.abortSignal,
    });
    context.stdout.write(
      options.json ? `${JSON.stringify(toDoctorJson(report), null, 2)}\n` : formatDoctorReport(report),
    );
    if (!report.ok) context.setExitCode(1);
  });
}
