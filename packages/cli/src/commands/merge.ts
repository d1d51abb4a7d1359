import { resolve } from 'node:path';
import { InvalidArgumentError, mergeShards, ValidationError } from '@swespot/core';
import type { Command } from 'commander';
import type { CommandContext } from './command-context';

/**
 * Adds `swespot merge <inputs...> --out FILE`: merges the outputs of the N shards of one
 * sharded stage (folders holding `*.shard.json` manifests, shard JSONL files, or
 * manifests) into one JSONL file. Every record is validated with its core schema; a
 * missing, doubled or unfinished shard, a record id in two places or a record in the
 * wrong shard is refused with a message naming the shard and file, before anything is
 * written. Re-running is safe: records already in `--out` are skipped. Exit code 1 on refusal.
 */
export function registerMergeCommand(program: Command, context: CommandContext): void {
  program
    .command('merge')
    .description('merge the shard outputs of a sharded stage (--shard I/N) into one JSONL, refusing missing or overlapping shards')
    .argument('<inputs...>', 'shard folders, shard JSONL files or *.shard.json manifests')
    .requiredOption('--out <file>', 'merged JSONL file (resumable)')
    .action(async (inputs: string[], options: { out: string }) => {
      try {
        const result = await mergeShards({
          inputs: inputs.map((input) => resolve(context.cwd, input)),
          out: resolve(context.cwd, options.out),
          ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
        });
        const total = result.recordsPerShard.reduce((sum, count) => sum + count, 0);
        context.stdout.write(
          `merged ${result.shardCount} shards of ${result.stage} (${total} ${result.schema} records; per shard ${result.recordsPerShard.join(', ')}): ` +
            `${result.written} written to ${options.out}, ${result.skipped} already there\n`,
        );
      } catch (error) {
        if (!InvalidArgumentError.isInstance(error) && !ValidationError.isInstance(error)) throw error;
        context.stderr.write(`${error.message}\n`);
        context.setExitCode(1);
      }
    });
}
