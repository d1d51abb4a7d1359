import { describe, expect, it } from 'vitest';
import { mergeModelSettings } from './merge-model-settings';

describe('mergeModelSettings', () => {
  it('lets a call override defaults only where it sets a value, and copies no other field', () => {
    const merged = mergeModelSettings(
      { temperature: 1, topP: 0.8, topK: 20 },
      { messages: [{ role: 'user', content: 'hi' }], topP: 0.5, topK: undefined, seed: 7, headers: { x: 'y' } },
    );
    expect(merged).toEqual({ temperature: 1, topP: 0.5, topK: 20, seed: 7 });
  });
});
