import { z } from 'zod';

/** Which model produced something: its provider and the provider's model id. */
export const modelReferenceSchema = z
  .strictObject({
    provider: z.string().min(1).describe('Provider name, e.g. openai, anthropic, vllm.'),
    modelId: z.string().min(1).describe('Model id at that provider, e.g. Qwen/Qwen3-4B-Instruct-2507.'),
  })
  .describe('Provider and model id.');

/** Which model produced something. */
export type ModelReference = z.infer<typeof modelReferenceSchema>;
