import { InvalidConfigError } from '@swespot/core';
import type { Command } from 'commander';
import { createSwespotConfigJsonSchema } from '../config/create-swespot-config-json-schema';
import { loadSwespotConfig } from '../config/load-swespot-config';
import type { CommandContext, GlobalOptions } from './command-context';

/**
 * Adds `swespot config [--check] [--schema] [file]`: validates the config file (the
 * argument, else `--config`, else `swespot.config.json`) and prints the resolved config
 * as JSON, or every issue as `path.to.field: message` with exit code 1. `--schema`
 * prints the JSON Schema instead.
 */
export function registerConfigCommand(program: Command, context: CommandContext): void {
  program
    .command('config')
    .description('validate swespot.config.json and print the resolved config (defaults filled in)')
    .argument('[file]', 'the config file (default: --config, then swespot.config.json in the working directory)')
    .option('--check', 'only validate: print the resolved config, or the issues and exit 1')
    .option('--schema', 'print the JSON Schema of the config file')
    .action(async (file: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { check?: boolean; schema?: boolean }>();
      if (options.schema) {
        context.stdout.write(`${JSON.stringify(createSwespotConfigJsonSchema(), null, 2)}\n`);
        return;
      }
      try {
        const loaded = await loadSwespotConfig({
          file: file ?? options.config,
          cwd: context.cwd,
          abortSignal: context.abortSignal,
        });
        if (options.check) context.stderr.write(`${loaded.file} is valid\n`);
        context.stdout.write(`${JSON.stringify(loaded.config, null, 2)}\n`);
      } catch (error) {
        if (!InvalidConfigError.isInstance(error)) throw error;
        context.stderr.write(`${error.message}\n`);
        context.setExitCode(1);
      }
    });
}
