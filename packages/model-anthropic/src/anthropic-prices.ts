import type { PriceTable } from '@swespot/core';

/**
 * Anthropic list prices in US dollars per million tokens, as published in late 2025: cache
 * reads at 0.1× and 5-minute cache writes at 1.25× the input price. Prices change and newer
 * models are missing: override or extend them with the `prices` setting. A model not listed
 * here has `costUsd: undefined`.
 */
export const anthropicPrices: PriceTable = {
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4-0': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-4-5': {
    ...price(3, 15),
    longContext: { thresholdTokens: 200_000, ...price(6, 22.5) },
  },
  'claude-sonnet-4-0': price(3, 15),
  'claude-sonnet-4': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku': price(0.8, 4),
};

function price(inputUsdPerMillionTokens: number, outputUsdPerMillionTokens: number) {
  return {
    inputUsdPerMillionTokens,
    outputUsdPerMillionTokens,
    cachedInputUsdPerMillionTokens: inputUsdPerMillionTokens * 0.1,
    cacheWriteUsdPerMillionTokens: inputUsdPerMillionTokens * 1.25,
  };
}
