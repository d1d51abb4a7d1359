import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from './commands/command-context';
import { registerConfigCommand } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerAuditCommand } from './commands/audit';
import { registerHistoryCommand } from './commands/history';
import { registerSnapshotCommand } from './commands/snapshot';
import { registerRolloutCommand } from './commands/rollout';
import { registerMergeCommand } from './commands/merge';
import { registerScaleCommand } from './commands/scale';
import { registerExportCommand } from './commands/export';
import { registerTrainCommand } from './commands/train';
import { registerIndexCommand } from './commands/index';
import { registerSandboxCommand } from './commands/sandbox';
import { registerTestRunCommand } from './commands/test-run';
import { registerFimCommand } from './commands/fim';
import { registerDesignCommand } from './commands/design';
import { registerEnvCommand } from './commands/env';
import { registerReproCommand } from './commands/repro';
import { registerGradeReproCommand } from './commands/grade-repro';
import { registerMirrorCommand } from './commands/mirror';
import { registerBugsCommand } from './commands/bugs';
import { registerEvalCommand } from './commands/eval';
import { registerMineCommand } from './commands/mine';
import { installConfigDefaults } from './config/config-backed-options';
import { VERSION } from './version';

/** Every subcommand, in the order `swespot --help` lists them. A new subcommand is one file and one line here. */
const commands: readonly RegisterCommand[] = [
  // the whole pipeline in one command
  registerMineCommand,
  // the pipeline, in order: snapshot → index → sandboxes → rollouts → data → training
  registerSnapshotCommand,
  registerAuditCommand,
  registerHistoryCommand,
  registerIndexCommand,
  registerSandboxCommand,
  registerTestRunCommand,
  registerDesignCommand,
  registerFimCommand,
  registerMirrorCommand,
  registerBugsCommand,
  registerEnvCommand,
  registerReproCommand,
  registerGradeReproCommand,
  registerRolloutCommand,
  registerMergeCommand,
  registerScaleCommand,
  registerExportCommand,
  registerTrainCommand,
  registerEvalCommand,
  // set-up and checks
  registerConfigCommand,
  registerDoctorCommand,
  // @commands: add one line per subcommand above this marker
];

/**
 * Builds the `swespot` commander program with every subcommand registered. It writes
 * only to `context.stdout` / `context.stderr` and throws a `CommanderError` instead of
 * exiting, so {@link runCli} decides the exit code.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('swespot')
    .description('Turn a code repository into training data and evaluations for small repo-expert coding models.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('-c, --config <file>', 'the config file (default: swespot.config.json in the working directory)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .showHelpAfterError("(run 'swespot --help' for usage)")
    .exitOverride();
  // Settings above are copied into each subcommand when it is created, so register last.
  for (const register of commands) register(program, context);
  // Command line over swespot.config.json over defaults, for every option bound to a config key.
  installConfigDefaults(program, context);
  return program;
}
