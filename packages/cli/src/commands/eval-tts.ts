import { resolve } from 'node:path';
import { InvalidArgumentError, ValidationError } from '@swespot/core';
import type { Command } from 'commander';
import { evalTtsOptionsSchema, type EvalTtsOptions } from '../eval/eval-tts-options-schema';
import { createRolloutModel } from '../rollout/create-rollout-model';
import { flagOf, type RolloutOptions } from '../rollout/rollout-options-schema';
import type { CommandContext } from './command-context';

/** The verifier flags as `scoreRunTestTimeScaling` takes them. */
export type VerifierFlags = Pick<EvalTtsOptions, 'verifier' | 'verifierBaseUrl' | 'verifierApiKeyEnv' | 'verifierSamples' | 'verifierMethod' | 'verifierUserTemplate' | 'verifierSystemTemplate' | 'verifierNoThinking'> & {
  readonly k?: number;
  readonly dataset?: string;
  readonly concurrency?: number;
};

/** Adds the verifier flags to a command (`eval run` and `eval tts`). */
export function addVerifierOptions(command: Command, verifierRequired: boolean): Command {
  const verifier = '--verifier <provider:model>';
  const description = 'the generative verifier of test-time scaling, e.g. vllm:Qwen/Qwen3-8B (P(YES) from log-probabilities when the server returns them, else the share of YES over samples)';
  (verifierRequired ? command.requiredOption(verifier, description) : command.option(verifier, description))
    .option('--verifier-base-url <url>', "the verifier's OpenAI-compatible address (required for vllm, sglang, llama.cpp)")
    .option('--verifier-api-key-env <name>', "environment variable holding the verifier's API key")
    .option('--verifier-samples <n>', 'answers sampled per rollout when the server returns no log-probabilities (default: 8)')
    .option('--verifier-method <method>', 'auto (default), logprobs or sampling')
    .option('--verifier-user-template <file>', "replaces the verifier's user prompt template ({{problemStatement}}, {{trajectory}}, {{testOutput}}, {{patch}}, {{taskId}}, {{repository}})")
    .option('--verifier-system-template <file>', "replaces the verifier's system prompt template")
    .option('--verifier-no-thinking', 'ask the verifier not to think first (Qwen3 enable_thinking: false), so its first token is the answer');
  return command;
}

/**
 * Scores test-time scaling on a run folder (the verifier judges every rollout, verdicts
 * resumable) and prints the table of pass@1, TTS@k and oracle pass@k per model and task; with
 * `dataset`, also writes the graded rollouts as an ms-swift verifier training set.
 * `writeEvaluationReport` then adds the table and the chart to the report.
 */
export async function scoreRunTestTimeScaling(out: string, flags: VerifierFlags, context: CommandContext): Promise<void> {
  const evaluation = await import('@swespot/eval');
  const here = (file: string) => resolve(context.cwd, file);
  const model = await createRolloutModel(
    { model: flags.verifier, ...(flags.verifierBaseUrl ? { baseUrl: flags.verifierBaseUrl } : {}), ...(flags.verifierApiKeyEnv ? { apiKeyEnv: flags.verifierApiKeyEnv } : {}) } as RolloutOptions,
    context.env,
  );
  const templates = {
    ...(flags.verifierSystemTemplate ? { system: { file: here(flags.verifierSystemTemplate) } } : {}),
    ...(flags.verifierUserTemplate ? { user: { file: here(flags.verifierUserTemplate) } } : {}),
  };
  const verifier = evaluation.createGenerativeVerifier({
    model,
    templates,
    ...(flags.verifierSamples ? { samples: flags.verifierSamples } : {}),
    ...(flags.verifierMethod ? { method: flags.verifierMethod } : {}),
    ...(flags.verifierNoThinking ? { settings: { reasoningEffort: 'none' as const } } : {}),
  });
  const summary = await evaluation.scoreTestTimeScaling({
    out,
    verifier,
    ...(flags.k ? { rollouts: flags.k } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    onProgress: (progress) => context.stderr.write(`tts ${progress.model} ${progress.task}: ${progress.done}/${progress.total} instances judged\n`),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
  for (const outcome of summary.outcomes) {
    const agreement = outcome.metrics.verifier;
    context.stdout.write(`${outcome.model} ${outcome.task} test-time scaling (K = ${summary.rollouts}, ${outcome.judged} judged, ${outcome.reused} reused):\n`);
    for (const row of outcome.metrics.rows) context.stdout.write(`  k=${row.k}: pass@1 ${percent(row.passAt1)}, TTS@k ${percent(row.ttsAtK)}, oracle pass@k ${percent(row.oracleAtK)}\n`);
    context.stdout.write(`  verifier: accuracy ${percent(agreement.accuracy)}, precision ${percent(agreement.precision)}, recall ${percent(agreement.recall)} over ${agreement.scored} rollouts\n`);
  }
  if (flags.dataset) {
    const records = await evaluation.readEvaluationRecords(out);
    const resolved = new Map(records.results.map((result) => [result.trajectoryId, result.resolved === true]));
    const instances = new Map(records.instances.map((instance) => [instance.id, instance]));
    const rollouts = records.trajectories.flatMap((trajectory) => {
      const instance = instances.get(trajectory.taskId);
      if (instance === undefined || !('problemStatement' in instance)) return [];
      return [{ task: { id: instance.id, problemStatement: instance.problemStatement, repository: instance.repo }, candidate: { id: trajectory.id, trajectory }, resolved: resolved.get(trajectory.id) ?? false }];
    });
    const dataset = await evaluation.exportVerifierDataset({ rollouts, out: here(flags.dataset), templates: await evaluation.loadVerifierTemplates(templates) });
    context.stdout.write(`verifier dataset: ${dataset.written} rows written, ${dataset.alreadyWritten} already there (${dataset.yes} YES, ${dataset.no} NO) from ${dataset.instancesUsed} of ${dataset.instances} instances (${dataset.instancesOneSided} with one answer only) -> ${flags.dataset}\n`);
  }
}

/** Adds `swespot eval tts DIR --verifier PROVIDER:MODEL`: test-time scaling on a finished run folder, then the report. */
export function registerEvalTtsCommand(evaluation: Command, context: CommandContext): void {
  const command = evaluation
    .command('tts')
    .description('test-time scaling on a run folder whose model ran K times per instance: a generative verifier picks one rollout per instance; prints pass@1, TTS@k and oracle pass@k and adds them to the report (resumable)')
    .argument('<dir>', 'the run folder of swespot eval run (--runs K or --tts K)');
  addVerifierOptions(command, true)
    .option('--k <n>', 'rollouts per instance to select among (default: the run\'s --runs)')
    .option('--dataset <file>', 'also write the graded rollouts as an ms-swift dataset (verifier prompt -> YES/NO, balanced per instance) to train a verifier')
    .option('--concurrency <n>', 'verifications at once (default: 4)')
    .action(async (dir: string, rawOptions: Record<string, unknown>) => {
      const parsed = evalTtsOptionsSchema.safeParse(rawOptions);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.stderr.write(`${flagOf(String(issue.path[0] ?? 'options'))}: ${issue.message}\n`);
        context.setExitCode(1);
        return;
      }
      const out = resolve(context.cwd, dir);
      try {
        await scoreRunTestTimeScaling(out, parsed.data, context);
        const { writeEvaluationReport } = await import('@swespot/eval');
        await writeEvaluationReport(out);
        context.stdout.write(`report: ${dir}/report.md, ${dir}/report.html (test-time scaling table and chart), ${dir}/tts.json\n`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          context.stderr.write(`${dir}: not an evaluation run folder (${(error as Error).message})\n`);
        } else if (InvalidArgumentError.isInstance(error) || ValidationError.isInstance(error)) {
          context.stderr.write(`${(error as Error).message}\n`);
        } else throw error;
        context.setExitCode(1);
      }
    });
}
