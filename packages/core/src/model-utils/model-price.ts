import type { ModelV1Usage } from '../model/v1/model-v1-result';

/**
 * What one model costs, in US dollars per million tokens. Prices change: the tables in
 * each package are a dated starting point; pass your own through the `prices` setting.
 */
export interface ModelPrice {
  /** Uncached prompt tokens, USD per million. */
  readonly inputUsdPerMillionTokens: number;
  /** Generated tokens (reasoning included), USD per million. */
  readonly outputUsdPerMillionTokens: number;
  /** Prompt tokens read from the provider's cache, USD per million. Default: the input price. */
  readonly cachedInputUsdPerMillionTokens?: number;
  /** Prompt tokens written to the cache (Anthropic), USD per million. Default: the input price. */
  readonly cacheWriteUsdPerMillionTokens?: number;
  /**
   * Prices for long prompts: when the prompt has more than `thresholdTokens` tokens, these
   * replace the ones above for the whole call (Gemini Pro, Claude 1M context).
   */
  readonly longContext?: {
    readonly thresholdTokens: number;
    readonly inputUsdPerMillionTokens: number;
    readonly outputUsdPerMillionTokens: number;
    readonly cachedInputUsdPerMillionTokens?: number;
    readonly cacheWriteUsdPerMillionTokens?: number;
  };
}

/** Prices keyed by model id. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * The price of `modelId` in `table`: an exact match, else the entry whose id plus a date
 * suffix is the model id (`gpt-4o-2024-08-06` → `gpt-4o`, `claude-sonnet-4-5-20250929` →
 * `claude-sonnet-4-5`). `undefined` when the model is not priced (e.g. a local model).
 */
export function findModelPrice(table: PriceTable, modelId: string): ModelPrice | undefined {
  const exact = table[modelId];
  if (exact !== undefined) return exact;
  const undated = modelId.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|preview-\d{2}-\d{4})$/, '');
  return undated === modelId ? undefined : table[undated];
}

/** Token counts that a price applies to; cache counts are included in `inputTokens`. */
export interface PricedUsage extends ModelV1Usage {
  /** Prompt tokens written to the cache (Anthropic). */
  readonly cacheWriteInputTokens?: number | undefined;
}

/**
 * The cost of one call in US dollars: uncached input, cache reads, cache writes and
 * output, each at its price. `undefined` when no price is given or the token counts are missing.
 */
export function calculateCostUsd(usage: PricedUsage, price: ModelPrice | undefined): number | undefined {
  if (price === undefined || usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  const tier =
    price.longContext !== undefined && usage.inputTokens > price.longContext.thresholdTokens
      ? price.longContext
      : price;
  const cached = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const uncached = Math.max(0, usage.inputTokens - cached - cacheWrite);
  const total =
    uncached * tier.inputUsdPerMillionTokens +
    cached * (tier.cachedInputUsdPerMillionTokens ?? tier.inputUsdPerMillionTokens) +
    cacheWrite * (tier.cacheWriteUsdPerMillionTokens ?? tier.inputUsdPerMillionTokens) +
    usage.outputTokens * tier.outputUsdPerMillionTokens;
  return total / 1_000_000;
}
