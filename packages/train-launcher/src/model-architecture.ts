import { z } from 'zod';

/**
 * The shape of a dense decoder-only transformer (Llama/Qwen3 block: GQA attention, SwiGLU MLP),
 * as much as the memory estimate and the parallelism checks need.
 */
export const modelArchitectureSchema = z.strictObject({
  layers: z.number().int().positive().describe('Decoder layers (num_hidden_layers).'),
  hiddenSize: z.number().int().positive().describe('Hidden size h (hidden_size).'),
  ffnHiddenSize: z.number().int().positive().describe('MLP intermediate size f (intermediate_size).'),
  attentionHeads: z.number().int().positive().describe('Query heads (num_attention_heads).'),
  keyValueHeads: z.number().int().positive().describe('Key/value heads (num_key_value_heads); equal to attentionHeads without GQA.'),
  headDimension: z.number().int().positive().describe('Dimension of one head (head_dim).'),
  vocabularySize: z.number().int().positive().describe('Vocabulary size V (vocab_size).'),
  tiedEmbeddings: z.boolean().describe('Whether the output layer shares the input embedding (tie_word_embeddings).'),
  nativeContextLength: z
    .number()
    .int()
    .positive()
    .describe('Longest sequence the model handles without RoPE scaling, in tokens (original max_position_embeddings).'),
});

/** The shape of a transformer. See {@link modelArchitectureSchema}. */
export type ModelArchitecture = z.infer<typeof modelArchitectureSchema>;

/**
 * Architectures of the models the presets use, keyed by hub id. Qwen3-4B-Instruct-2507 is from
 * its config (GGUF metadata, reference note §8.1: 36 layers, h 2560, FFN 9728, 32/8 heads × 128,
 * V 151,936, tied, 262,144 native context). The Qwen3-8B and Qwen3-32B rows are from their
 * published `config.json` files [unverified here]; their native context is 32,768, which is why
 * 128k SWE-Lego runs need YaRN.
 */
export const KNOWN_MODEL_ARCHITECTURES: Readonly<Record<string, ModelArchitecture>> = {
  'Qwen/Qwen3-4B-Instruct-2507': {
    layers: 36,
    hiddenSize: 2560,
    ffnHiddenSize: 9728,
    attentionHeads: 32,
    keyValueHeads: 8,
    headDimension: 128,
    vocabularySize: 151_936,
    tiedEmbeddings: true,
    nativeContextLength: 262_144,
  },
  'Qwen/Qwen3-4B': {
    layers: 36,
    hiddenSize: 2560,
    ffnHiddenSize: 9728,
    attentionHeads: 32,
    keyValueHeads: 8,
    headDimension: 128,
    vocabularySize: 151_936,
    tiedEmbeddings: true,
    nativeContextLength: 32_768,
  },
  'Qwen/Qwen3-8B': {
    layers: 36,
    hiddenSize: 4096,
    ffnHiddenSize: 12_288,
    attentionHeads: 32,
    keyValueHeads: 8,
    headDimension: 128,
    vocabularySize: 151_936,
    tiedEmbeddings: false,
    nativeContextLength: 32_768,
  },
  'Qwen/Qwen3-32B': {
    layers: 64,
    hiddenSize: 5120,
    ffnHiddenSize: 25_600,
    attentionHeads: 64,
    keyValueHeads: 8,
    headDimension: 128,
    vocabularySize: 151_936,
    tiedEmbeddings: false,
    nativeContextLength: 32_768,
  },
};

/**
 * Looks up the architecture of a hub id (or of a local path whose last two segments are a
 * known id, e.g. `/models/Qwen/Qwen3-8B`). Returns `undefined` for an unknown model.
 */
export function findModelArchitecture(modelId: string): ModelArchitecture | undefined {
  const direct = KNOWN_MODEL_ARCHITECTURES[modelId];
  if (direct) return direct;
  const tail = modelId.replace(/\/+$/, '').split('/').slice(-2).join('/');
  return KNOWN_MODEL_ARCHITECTURES[tail];
}

/**
 * Counts the parameters of a dense transformer: embeddings (twice when untied), per layer the
 * Q/K/V/O projections, the gate/up/down MLP, two RMSNorms and the Qwen3 q/k norms, and the
 * final norm. Qwen3-4B-Instruct-2507 gives 4,022,468,096.
 */
export function countParameters(architecture: ModelArchitecture): number {
  const { layers, hiddenSize: h, ffnHiddenSize: f, vocabularySize, tiedEmbeddings } = architecture;
  const queryDimension = architecture.attentionHeads * architecture.headDimension;
  const keyValueDimension = architecture.keyValueHeads * architecture.headDimension;
  const attention = h * queryDimension + 2 * h * keyValueDimension + queryDimension * h;
  const mlp = 3 * h * f;
  const norms = 2 * h + 2 * architecture.headDimension;
  const embeddings = vocabularySize * h * (tiedEmbeddings ? 1 : 2);
  return layers * (attention + mlp + norms) + embeddings + h;
}

/**
 * Counts the LoRA parameters added when `targets` includes `all-linear` (or the Megatron names
 * `linear_qkv`, `linear_proj`, `linear_fc1`, `linear_fc2`, or the HF names `q_proj` ...
 * `down_proj`): rank × (in + out) per adapted matrix, summed over layers.
 */
export function countLoraParameters(architecture: ModelArchitecture, rank: number, targets: readonly string[]): number {
  const { hiddenSize: h, ffnHiddenSize: f } = architecture;
  const queryDimension = architecture.attentionHeads * architecture.headDimension;
  const keyValueDimension = architecture.keyValueHeads * architecture.headDimension;
  const matrices: Record<string, number> = {
    q_proj: h + queryDimension,
    k_proj: h + keyValueDimension,
    v_proj: h + keyValueDimension,
    o_proj: queryDimension + h,
    gate_proj: h + f,
    up_proj: h + f,
    down_proj: f + h,
  };
  const aliases: Record<string, string[]> = {
    'all-linear': Object.keys(matrices),
    linear_qkv: ['q_proj', 'k_proj', 'v_proj'],
    linear_proj: ['o_proj'],
    linear_fc1: ['gate_proj', 'up_proj'],
    linear_fc2: ['down_proj'],
  };
  const adapted = new Set(targets.flatMap((target) => aliases[target] ?? [target]));
  let perLayer = 0;
  for (const name of adapted) perLayer += (matrices[name] ?? 0) * rank;
  return perLayer * architecture.layers;
}
