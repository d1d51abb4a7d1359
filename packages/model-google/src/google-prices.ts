import type { PriceTable } from '@swespot/core';

/**
 * Gemini API (paid tier, text) list prices in US dollars per million tokens, as published
 * in late 2025; Pro models cost more for prompts over 200k tokens. Prices change: override
 * or extend them with the `prices` setting. A model not listed has `costUsd: undefined`.
 */
export const googlePrices: PriceTable = {
  'gemini-3-pro-preview': {
    inputUsdPerMillionTokens: 2,
    cachedInputUsdPerMillionTokens: 0.2,
    outputUsdPerMillionTokens: 12,
    longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 4, cachedInputUsdPerMillionTokens: 0.4, outputUsdPerMillionTokens: 18 },
  },
  'gemini-2.5-pro': {
    inputUsdPerMillionTokens: 1.25,
    cachedInputUsdPerMillionTokens: 0.125,
    outputUsdPerMillionTokens: 10,
    longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 2.5, cachedInputUsdPerMillionTokens: 0.25, outputUsdPerMillionTokens: 15 },
  },
  'gemini-2.5-flash': { inputUsdPerMillionTokens: 0.3, cachedInputUsdPerMillionTokens: 0.03, outputUsdPerMillionTokens: 2.5 },
  'gemini-2.5-flash-lite': { inputUsdPerMillionTokens: 0.1, cachedInputUsdPerMillionTokens: 0.01, outputUsdPerMillionTokens: 0.4 },
  'gemini-2.0-flash': { inputUsdPerMillionTokens: 0.1, cachedInputUsdPerMillionTokens: 0.025, outputUsdPerMillionTokens: 0.4 },
};
