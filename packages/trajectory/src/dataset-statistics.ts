import { z } from 'zod';

const meanStandardDeviationSchema = z.strictObject({
  mean: z.number().describe('Mean.'),
  standardDeviation: z.number().nonnegative().describe('Population standard deviation.'),
});

/** A mean and standard deviation, as the paper's Table 3 reports them. */
export type MeanStandardDeviation = z.infer<typeof meanStandardDeviationSchema>;

const unitStatisticsSchema = z.strictObject({
  trajectories: z.int().nonnegative().describe('Distinct trajectories kept for this unit.'),
  trainRows: z.int().nonnegative().describe('Rows in the train files after mixing (oversampled rows counted each time).'),
  validationRows: z.int().nonnegative().describe('Rows in the validation file.'),
  turns: meanStandardDeviationSchema.describe('Steps per kept trajectory.'),
  tokens: meanStandardDeviationSchema.describe('Tokens per kept trajectory (whole conversation).'),
  maskedTurns: z.int().nonnegative().describe('Assistant turns excluded from the loss.'),
  assistantTurns: z.int().nonnegative().describe('Assistant turns in all.'),
});

/**
 * The stats report of an export (`stats.json`): what was read and refused (by reason), what
 * was kept per RCX unit with turns and tokens as mean ± standard deviation, the share of
 * masked assistant turns, and the rows in each output file.
 */
export const datasetStatisticsSchema = z
  .strictObject({
    schemaVersion: z.union([z.literal(1), z.literal(2)]).describe('Layout version: 2 adds toolCalls (1 is still read).'),
    format: z.enum(['ms-swift', 'openai', 'sharegpt']).describe('The export format.'),
    seed: z.union([z.int(), z.string()]).describe('Seed of sampling, splitting and shuffling.'),
    tokenCounter: z.strictObject({ kind: z.enum(['tokenizer', 'estimate']), name: z.string() }).describe('How tokens were counted.'),
    read: z.int().nonnegative().describe('Trajectories read.'),
    kept: z.int().nonnegative().describe('Trajectories kept.'),
    rejected: z.record(z.string(), z.int().nonnegative()).describe('Trajectories refused, by reason.'),
    trimmedLoopSteps: z.int().nonnegative().describe('Steps removed by loop trimming.'),
    maskedTurns: z.int().nonnegative().describe('Assistant turns excluded from the loss.'),
    assistantTurns: z.int().nonnegative().describe('Assistant turns in the kept trajectories.'),
    maskedTurnShare: z.number().min(0).max(1).describe('maskedTurns / assistantTurns; 0 when there are none.'),
    maskedByKind: z.record(z.string(), z.int().nonnegative()).describe('Masked turns by error kind.'),
    toolCalls: z
      .strictObject({
        read: z.int().nonnegative().describe('Native tool calls in every trajectory read.'),
        kept: z.int().nonnegative().describe('Tool calls in the kept trajectories (after loop trimming).'),
        exported: z.int().nonnegative().describe('Tool calls in the rows written; always equal to kept (the export checks it).'),
      })
      .optional()
      .describe('Native tool calls seen and exported (layout 2).'),
    trimmedUnshownSteps: z.int().nonnegative().optional().describe('Last steps dropped because the file shows their action nowhere (no recorded tool call; layout 2).'),
    turns: meanStandardDeviationSchema.describe('Steps per kept trajectory, all units.'),
    tokens: meanStandardDeviationSchema.describe('Tokens per kept trajectory, all units.'),
    units: z.record(z.string(), unitStatisticsSchema).describe('Per RCX unit.'),
    files: z.array(z.strictObject({ path: z.string(), rows: z.int().nonnegative(), split: z.enum(['train', 'validation']), stage: z.int().positive().optional() })).describe('Files written, in training order.'),
  })
  .describe('Stats report of an export.');

/** The stats report of an export. See {@link datasetStatisticsSchema}. */
export type DatasetStatistics = z.infer<typeof datasetStatisticsSchema>;

/** Mean and population standard deviation of `values`; zeros for an empty list. */
export function meanStandardDeviation(values: readonly number[]): MeanStandardDeviation {
  if (values.length === 0) return { mean: 0, standardDeviation: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, standardDeviation: Math.sqrt(variance) };
}

const formatPair = (value: MeanStandardDeviation, scale = 1): string => `${(value.mean / scale).toFixed(2)} ± ${(value.standardDeviation / scale).toFixed(2)}`;

/** The stats report as Markdown: a Table-3-style table per unit (turns, tokens in thousands), refusals, masking and files. */
export function formatDatasetStatistics(statistics: DatasetStatistics): string {
  const lines = [
    `# Export statistics (${statistics.format})`,
    '',
    `Read ${statistics.read} trajectories, kept ${statistics.kept}. Tokens: ${statistics.tokenCounter.kind} (${statistics.tokenCounter.name}). Seed ${statistics.seed}.`,
    '',
    '| unit | trajectories | train rows | validation rows | avg. turns | avg. tokens (k) | masked turns |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [unit, entry] of Object.entries(statistics.units)) {
    const share = entry.assistantTurns === 0 ? 0 : entry.maskedTurns / entry.assistantTurns;
    lines.push(`| ${unit} | ${entry.trajectories} | ${entry.trainRows} | ${entry.validationRows} | ${formatPair(entry.turns)} | ${formatPair(entry.tokens, 1000)} | ${(share * 100).toFixed(1)}% |`);
  }
  lines.push(`| all | ${statistics.kept} | ${statistics.files.filter((file) => file.split === 'train').reduce((sum, file) => sum + file.rows, 0)} | ${statistics.files.filter((file) => file.split === 'validation').reduce((sum, file) => sum + file.rows, 0)} | ${formatPair(statistics.turns)} | ${formatPair(statistics.tokens, 1000)} | ${(statistics.maskedTurnShare * 100).toFixed(1)}% |`);
  lines.push('', '## Refused', '');
  const rejected = Object.entries(statistics.rejected);
  if (rejected.length === 0) lines.push('None.');
  for (const [reason, count] of rejected) lines.push(`- ${reason}: ${count}`);
  lines.push('', `Loop trimming removed ${statistics.trimmedLoopSteps} steps.`);
  if (statistics.toolCalls !== undefined) lines.push('', `Tool calls: ${statistics.toolCalls.read} read, ${statistics.toolCalls.kept} in kept trajectories, ${statistics.toolCalls.exported} exported.`);
  if ((statistics.trimmedUnshownSteps ?? 0) > 0) lines.push('', `Dropped ${statistics.trimmedUnshownSteps} last steps whose action the file records nowhere (no tool call).`);
  lines.push('', '## Masked turns by kind', '');
  const masked = Object.entries(statistics.maskedByKind);
  if (masked.length === 0) lines.push('None.');
  for (const [kind, count] of masked) lines.push(`- ${kind}: ${count}`);
  lines.push('', '## Files (in training order)', '');
  for (const file of statistics.files) lines.push(`- ${file.path}: ${file.rows} rows (${file.split}${file.stage === undefined ? '' : `, stage ${file.stage}`})`);
  return `${lines.join('\n')}\n`;
}
