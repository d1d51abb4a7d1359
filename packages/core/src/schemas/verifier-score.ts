import { z } from 'zod';
import { countSchema, recordIdSchema, schemaVersionSchema } from './record-fields';

/**
 * One candidate judged for test-time scaling, a line of a run folder's verifier scores file:
 * the verifier's score, or why a filter left the candidate out before the verifier. Lets a
 * killed scoring resume without asking the verifier again.
 */
export const verifierScoreSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: recordIdSchema.describe('The candidate id (the trajectory id of the rollout).'),
    taskId: recordIdSchema.describe('The task (instance) the candidate worked on.'),
    verifierId: z.string().min(1).describe('Who judged, as VerifierV1.verifierId, e.g. generative:vllm:Qwen/Qwen3-8B.'),
    dropped: z.enum(['empty-patch', 'breaks-existing-tests']).optional().describe('Why a filter left it out before the verifier; then there is no score.'),
    score: z.number().min(0).max(1).optional().describe('The verifier score in [0, 1]; absent when dropped.'),
    method: z.enum(['logprobs', 'sampling', 'other']).optional().describe('How the score was obtained.'),
    calls: countSchema.optional().describe('Model calls made for the score.'),
    inputTokens: countSchema.optional().describe('Prompt tokens over the calls, when reported.'),
    outputTokens: countSchema.optional().describe('Generated tokens over the calls, when reported.'),
    costUsd: z.number().nonnegative().optional().describe('Cost in US dollars, when priced.'),
  })
  .superRefine((record, context) => {
    if ((record.dropped === undefined) === (record.score === undefined)) {
      context.addIssue({ code: 'custom', message: 'Exactly one of score and dropped must be set', path: record.score === undefined ? ['score'] : ['dropped'] });
    }
  })
  .describe('One candidate judged for test-time scaling.');

/** One candidate judged for test-time scaling. See {@link verifierScoreSchema}. */
export type VerifierScore = z.infer<typeof verifierScoreSchema>;
