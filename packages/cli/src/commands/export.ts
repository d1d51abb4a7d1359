import { resolve } from 'node:path';
import { InvalidArgumentError, ValidationError } from '@swespot/core';
import { claimOutputFolder, type OutputFolderClaim } from '@swespot/repo-sandbox';
import {
  createEstimateTokenCounter,
  exportDataset,
  exportFormats,
  loadTokenizerTokenCounter,
  readVerdicts,
  resolveRcxUnit,
  type ExportFormat,
} from '@swespot/trajectory';
import { Command, Option } from 'commander';
import { createProgressReporter } from '../progress/create-progress-reporter';
import { bindConfigKeys } from '../config/config-backed-options';
import type { CommandContext } from './command-context';

interface ExportOptions {
  format: ExportFormat;
  out: string;
  maskErrors?: boolean;
  curriculum?: string;
  mix?: string;
  tokenizer?: string;
  seed: string;
  validation?: string;
  verdicts: string[];
  maxTurns?: string;
  maxTokens?: string;
  loops: 'trim' | 'drop' | 'keep';
  observationRole: 'user' | 'tool';
  cutoff?: string;
  denyCommits?: string;
  denyTags?: string;
  keepUnsuccessful?: boolean;
  strict?: boolean;
}

/** `unit=N,unit=N` as a record of RCX unit to row count; names may be units, kebab-case unit names or task kinds. */
function parseMix(text: string): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
    const match = /^([\w-]+)=(\d+)$/.exec(part);
    const unit = match?.[1] === undefined ? undefined : resolveRcxUnit(match[1]);
    if (match === null || unit === undefined) {
      throw new InvalidArgumentError({
        argument: '--mix',
        message: `--mix: '${part}' is not unit=N; units are software_design, ctx_impl, evo_replay, rt_alignment (or a task kind such as bugfix)`,
      });
    }
    mix[unit] = Number(match[2]);
  }
  return mix;
}

function parseWhole(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < minimum) {
    throw new InvalidArgumentError({ argument: flag, message: `${flag}: expected a whole number of at least ${minimum}, got '${text}'` });
  }
  return Number(text);
}

function listOf(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Adds `swespot export <trajectories...> --format ms-swift|openai|sharegpt [--mask-errors]
 * [--curriculum N] [--mix unit=N,...] [--tokenizer tokenizer.json] [--seed S] --out DIR`:
 * reads trajectories (swespot JSONL, mini-swe-agent, SWE-agent), filters them, masks error
 * steps, mixes units and writes the dataset, `rejected.jsonl` and the stats report. A file or
 * line that is no readable trajectory is listed in `rejected.jsonl` (reason `unreadable`) and
 * the rest are exported, with exit code 3; with `--strict` it stops the export with exit code 1,
 * as bad options do (reported as `file:line: path: message`). A failed export (and one that
 * keeps no trajectory, exit 1) leaves nothing in `--out` that was not there before.
 */
export function registerExportCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('export')
    .description('turn agent trajectories into training data for ms-swift, OpenAI chat fine-tuning or ShareGPT')
    .addHelpText('after', '\nExit codes: 0 exported; 3 exported, but some input files or lines could not be read (listed in rejected.jsonl with the reason); 1 bad options, or with --strict an unreadable input (nothing written); 2 a usage error.')
    .argument('<trajectories...>', 'trajectory files (.jsonl, .traj.json, .traj) or folders of them')
    .addOption(new Option('--format <format>', 'output format').choices(exportFormats).default('ms-swift'))
    .requiredOption('--out <dir>', 'folder for train*.jsonl, validation.jsonl, rejected.jsonl, stats.json and stats.md')
    .option('--mask-errors', 'keep failed steps (malformed command, syntax error, traceback from the agent\'s own edit) in context but out of the loss')
    .option('--curriculum <stages>', 'split the train rows into N stages by length, easiest first')
    .option('--mix <unit=N,...>', 'rows per RCX unit with ms-swift #N semantics (oversamples), e.g. evo_replay=2048,ctx_impl=2048')
    .option('--tokenizer <file>', "the model's tokenizer.json for token counts (default: an estimate)")
    .option('--seed <seed>', 'seed of sampling, splitting and shuffling', '42')
    .option('--validation <share>', 'share of tasks held out for validation.jsonl, e.g. 0.05 (default 0)')
    .option('--verdicts <file>', 'graded results: EvalResult .jsonl or a SWE-bench report .json; keeps graded successes only (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--keep-unsuccessful', 'keep every outcome, not only submitted and graded successes')
    .option('--strict', 'all or nothing: stop at the first input file or line that is not a readable trajectory (default: list it in rejected.jsonl and export the rest)')
    .option('--max-turns <n>', 'refuse trajectories with more steps')
    .option('--max-tokens <n>', 'refuse trajectories with more tokens, e.g. the training --max_length')
    .addOption(new Option('--loops <action>', 'repetition loops: trim them, drop the trajectory, or keep').choices(['trim', 'drop', 'keep']).default('trim'))
    .addOption(new Option('--observation-role <role>', 'role of observations in ms-swift rows').choices(['user', 'tool']).default('user'))
    .option('--cutoff <date>', 'knowledge cutoff (ISO 8601) for the temporal filter, overriding each trajectory\'s own')
    .option('--deny-commits <sha,...>', 'commits made after the cutoff: a trajectory showing one is refused')
    .option('--deny-tags <tag,...>', 'tags created after the cutoff: a trajectory showing one is refused')
    .action(async (inputs: string[], options: ExportOptions) => {
      try {
        const validationShare = options.validation === undefined ? 0 : Number(options.validation);
        if (!(validationShare >= 0 && validationShare < 1)) {
          throw new InvalidArgumentError({ argument: '--validation', message: `--validation: expected a share in [0, 1), got '${options.validation}'` });
        }
        const tokenCounter =
          options.tokenizer === undefined
            ? createEstimateTokenCounter()
            : await loadTokenizerTokenCounter({ tokenizerPath: resolve(context.cwd, options.tokenizer), abortSignal: context.abortSignal });
        const verdicts = options.verdicts.length === 0 ? undefined : await readVerdicts(options.verdicts.map((file) => resolve(context.cwd, file)), { abortSignal: context.abortSignal });
        const maxTurns = parseWhole('--max-turns', options.maxTurns, 1);
        const maxTokens = parseWhole('--max-tokens', options.maxTokens, 1);
        const curriculumStages = parseWhole('--curriculum', options.curriculum, 1) ?? 1;
        const mix = options.mix === undefined ? {} : parseMix(options.mix);
        // Created on the first trajectory read, so an early error prints no empty progress line.
        let progress: ReturnType<typeof createProgressReporter> | undefined;
        let rejectedCount = 0;
        // Refuses a file, /proc or an unwritable place up front; a failed export takes back what it wrote.
        const claim: OutputFolderClaim = await claimOutputFolder(resolve(context.cwd, options.out), { argument: '--out' });
        let finished = false;
        try {
          const statistics = await exportDataset({
            inputs: inputs.map((input) => resolve(context.cwd, input)),
            outDir: claim.path,
            format: options.format,
            maskErrors: options.maskErrors === true,
            curriculumStages,
            mix,
            seed: /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed,
            validationShare,
            tokenCounter,
            observationRole: options.observationRole,
            strict: options.strict === true,
            filter: {
              success: options.keepUnsuccessful === true ? false : { ...(verdicts === undefined ? {} : { verdicts }) },
              ...(maxTurns === undefined ? {} : { maxTurns }),
              ...(maxTokens === undefined ? {} : { maxTokens }),
              loops: options.loops,
              temporal: {
                ...(options.cutoff === undefined ? {} : { cutoff: options.cutoff }),
                deniedCommits: listOf(options.denyCommits),
                deniedTags: listOf(options.denyTags),
              },
            },
            onProgress: (read) => {
              progress ??= createProgressReporter({ label: 'trajectories', total: read, stream: context.stderr });
              progress.setTotal(read);
              progress.update(read);
            },
            onRejected: (rejection) => {
              rejectedCount += 1;
              // Reasons name kinds and fields only: a refused secret is never printed.
              const line =
                rejection.reason === 'unreadable'
                  ? `could not read ${rejection.message}`
                  : `refused ${rejection.trajectoryId ?? ''} (${rejection.file}${rejection.line === undefined ? '' : `:${rejection.line}`}): ${rejection.reason}: ${rejection.message}`;
              if (rejectedCount <= 20) {
                if (progress === undefined) context.stderr.write(`${line}\n`);
                else progress.log(line);
              }
            },
            ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
          });
          if (statistics.kept === 0) {
            // Nothing to train on is a failure: no empty dataset is left behind.
            progress?.stop({ failed: true });
            const reasons = Object.entries(statistics.rejected)
              .map(([reason, count]) => `${reason} ${count}`)
              .join(', ');
            context.stderr.write(
              `export: no trajectory was kept (${statistics.read} read${reasons === '' ? '' : `; refused: ${reasons}`}); nothing was written to ${options.out}` +
                `${statistics.read > 0 && options.keepUnsuccessful !== true ? ' (--keep-unsuccessful keeps every outcome)' : ''}\n`,
            );
            context.setExitCode(1);
            return;
          }
          finished = true;
          progress?.stop();
          if (rejectedCount > 20) context.stderr.write(`... and ${rejectedCount - 20} more refusals in ${options.out}/rejected.jsonl\n`);
          context.stdout.write(`kept ${statistics.kept} of ${statistics.read} trajectories; wrote ${statistics.files.map((file) => `${file.path} (${file.rows} rows)`).join(', ')} in ${options.out}\n`);
          if ((statistics.toolCalls?.read ?? 0) > 0) context.stdout.write(`tool calls: ${statistics.toolCalls?.read} read, ${statistics.toolCalls?.exported} exported\n`);
          const unreadable = statistics.rejected.unreadable ?? 0;
          if (unreadable > 0) {
            context.stderr.write(`export: ${unreadable} input file(s) or line(s) could not be read; they are listed in ${options.out}/rejected.jsonl (use --strict to stop at the first one)\n`);
            context.setExitCode(3);
          }
          context.stdout.write(`turns ${statistics.turns.mean.toFixed(2)} ± ${statistics.turns.standardDeviation.toFixed(2)}, tokens (k) ${(statistics.tokens.mean / 1000).toFixed(2)} ± ${(statistics.tokens.standardDeviation / 1000).toFixed(2)} (${statistics.tokenCounter.kind}), masked turns ${(statistics.maskedTurnShare * 100).toFixed(1)}%\n`);
        } finally {
          if (!finished) {
            progress?.stop({ failed: true });
            await claim.discard();
          }
        }
      } catch (error) {
        if (ValidationError.isInstance(error) || InvalidArgumentError.isInstance(error)) {
          context.stderr.write(`export: ${error.message}\n`);
          context.setExitCode(1);
          return;
        }
        throw error;
      }
    });
  bindConfigKeys(command, { '--seed': 'seed', '--cutoff': 'cutoff' });
}
