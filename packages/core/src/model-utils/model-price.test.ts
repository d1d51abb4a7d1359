import { describe, expect, it } from 'vitest';
import { calculateCostUsd, findModelPrice } from './model-price';

const table = {
  'model-a': { inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 8, cachedInputUsdPerMillionTokens: 0.5 },
  'model-a-mini': { inputUsdPerMillionTokens: 0.1, outputUsdPerMillionTokens: 0.4 },
};

describe('findModelPrice', () => {
  it('matches exactly or after removing a date suffix, never a different family', () => {
    expect(findModelPrice(table, 'model-a')).toBe(table['model-a']);
    expect(findModelPrice(table, 'model-a-2025-04-14')).toBe(table['model-a']);
    expect(findModelPrice(table, 'model-a-20250929')).toBe(table['model-a']);
    expect(findModelPrice(table, 'model-a-mini-2025-04-14')).toBe(table['model-a-mini']);
    expect(findModelPrice(table, 'model-a-nano')).toBeUndefined();
  });
});

describe('calculateCostUsd', () => {
  it('prices uncached, cached, cache-write and output tokens separately', () => {
    const price = { ...table['model-a'], cacheWriteUsdPerMillionTokens: 3 };
    const cost = calculateCostUsd(
      { inputTokens: 1000, cachedInputTokens: 600, cacheWriteInputTokens: 100, outputTokens: 50 },
      price,
    );
    expect(cost).toBeCloseTo((300 * 2 + 600 * 0.5 + 100 * 3 + 50 * 8) / 1e6, 12);
  });

  it('switches to the long-context tier above its threshold', () => {
    const price = {
      inputUsdPerMillionTokens: 1,
      outputUsdPerMillionTokens: 10,
      longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 15 },
    };
    expect(calculateCostUsd({ inputTokens: 200_000, outputTokens: 0 }, price)).toBeCloseTo(0.2, 12);
    expect(calculateCostUsd({ inputTokens: 200_001, outputTokens: 1000 }, price)).toBeCloseTo(
      (200_001 * 2 + 1000 * 15) / 1e6,
      12,
    );
  });

  it('is undefined without a price or token counts', () => {
    expect(calculateCostUsd({ inputTokens: 1, outputTokens: 1 }, undefined)).toBeUndefined();
    expect(calculateCostUsd({ inputTokens: undefined, outputTokens: 1 }, table['model-a'])).toBeUndefined();
  });
});
