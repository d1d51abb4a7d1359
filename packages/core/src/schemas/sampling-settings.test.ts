import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { samplingSettingsSchema } from './sampling-settings';

describe('samplingSettingsSchema', () => {
  it("accepts the paper's open-weight settings and an empty object (provider defaults)", () => {
    const paper = { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05, maxOutputTokens: 8192, stop: ['</action>'], seed: 7 };
    expect(samplingSettingsSchema.parse(paper)).toEqual(paper);
    expect(samplingSettingsSchema.parse({})).toEqual({});
  });

  it('rejects a fractional topK, a zero topP and an abbreviated key', () => {
    expect(issuePathsOf(samplingSettingsSchema, { topK: 2.5, topP: 0 }).sort()).toEqual(['topK', 'topP']);
    expect(issuePathsOf(samplingSettingsSchema, { top_p: 0.8 })).toEqual(['']);
  });
});
