import { z } from 'zod';

/**
 * The sampling settings a model was called with. Unset fields were left to the provider's
 * default. The paper's open-weight runs use temperature 1.0, topP 0.8, topK 20 and
 * repetitionPenalty 1.05.
 */
export const samplingSettingsSchema = z
  .strictObject({
    temperature: z.number().nonnegative().optional().describe('Sampling temperature.'),
    topP: z.number().gt(0).max(1).optional().describe('Nucleus sampling mass, in (0, 1].'),
    topK: z.int().positive().optional().describe('Sample from the k most likely tokens.'),
    repetitionPenalty: z.number().positive().optional().describe('Repetition penalty; 1 means none.'),
    maxOutputTokens: z.int().positive().optional().describe('Most tokens one call may generate.'),
    stop: z.array(z.string().min(1)).optional().describe('Stop sequences.'),
    seed: z.int().optional().describe('Sampling seed, for providers that accept one.'),
  })
  .describe('Sampling settings of the model calls.');

/** The sampling settings a model was called with. */
export type SamplingSettings = z.infer<typeof samplingSettingsSchema>;
