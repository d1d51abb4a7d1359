import type { PriceTable } from '@swespot/core';

/**
 * OpenAI list prices in US dollars per million tokens (standard tier, prompts of any
 * length), as published in late 2025. Prices change: override or extend them with the
 * `prices` setting. Models served by vLLM, SGLang or llama.cpp are not priced here, so
 * their `costUsd` is `undefined` unless you give a price.
 */
export const openaiPrices: PriceTable = {
  'gpt-4o': { inputUsdPerMillionTokens: 2.5, cachedInputUsdPerMillionTokens: 1.25, outputUsdPerMillionTokens: 10 },
  'gpt-4o-mini': { inputUsdPerMillionTokens: 0.15, cachedInputUsdPerMillionTokens: 0.075, outputUsdPerMillionTokens: 0.6 },
  'gpt-4.1': { inputUsdPerMillionTokens: 2, cachedInputUsdPerMillionTokens: 0.5, outputUsdPerMillionTokens: 8 },
  'gpt-4.1-mini': { inputUsdPerMillionTokens: 0.4, cachedInputUsdPerMillionTokens: 0.1, outputUsdPerMillionTokens: 1.6 },
  'gpt-4.1-nano': { inputUsdPerMillionTokens: 0.1, cachedInputUsdPerMillionTokens: 0.025, outputUsdPerMillionTokens: 0.4 },
  'gpt-5': { inputUsdPerMillionTokens: 1.25, cachedInputUsdPerMillionTokens: 0.125, outputUsdPerMillionTokens: 10 },
  'gpt-5-mini': { inputUsdPerMillionTokens: 0.25, cachedInputUsdPerMillionTokens: 0.025, outputUsdPerMillionTokens: 2 },
  'gpt-5-nano': { inputUsdPerMillionTokens: 0.05, cachedInputUsdPerMillionTokens: 0.005, outputUsdPerMillionTokens: 0.4 },
  'gpt-5.1': { inputUsdPerMillionTokens: 1.25, cachedInputUsdPerMillionTokens: 0.125, outputUsdPerMillionTokens: 10 },
  o3: { inputUsdPerMillionTokens: 2, cachedInputUsdPerMillionTokens: 0.5, outputUsdPerMillionTokens: 8 },
  'o4-mini': { inputUsdPerMillionTokens: 1.1, cachedInputUsdPerMillionTokens: 0.275, outputUsdPerMillionTokens: 4.4 },
};
