import { describe, expect, it } from 'vitest';
import { readReferenceLabels, referenceRepository } from '../__fixtures__/read-reference-labels';
import { indexRepository } from '../index-repository';

/** A multiset of `path:line name -> target` keys, so a line that uses a name twice needs two hits. */
function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe('reference resolution on the labelled fixture', () => {
  it('resolves cross-file references with recall >= 0.9 and precision >= 0.95', async () => {
    const labels = readReferenceLabels();
    const expected = labels.filter((label) => label.target !== 'third-party');
    expect(expected.length).toBeGreaterThanOrEqual(100);

    const { index } = await indexRepository({ source: referenceRepository });
    const predicted: string[] = [];
    for (const file of index.files) {
      for (const reference of file.references) {
        if (reference.status !== 'resolved') continue;
        predicted.push(`${file.path}:${reference.line} ${reference.name} -> ${reference.targetPath}::${reference.targetName}`);
      }
    }
    const expectedCounts = countKeys(expected.map((label) => `${label.path}:${label.line} ${label.name} -> ${label.target}`));
    const predictedCounts = countKeys(predicted);
    let truePositives = 0;
    const missed: string[] = [];
    const wrong: string[] = [];
    for (const [key, count] of expectedCounts) {
      const hits = Math.min(count, predictedCounts.get(key) ?? 0);
      truePositives += hits;
      if (hits < count) missed.push(key);
    }
    for (const [key, count] of predictedCounts) if (count > (expectedCounts.get(key) ?? 0)) wrong.push(key);
    const recall = truePositives / expected.length;
    const precision = truePositives / predicted.length;
    console.log(
      `reference resolution: ${expected.length} labelled, ${predicted.length} predicted, recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}` +
        (missed.length > 0 ? `\n  missed: ${missed.join('\n          ')}` : '') +
        (wrong.length > 0 ? `\n  wrong:  ${wrong.join('\n          ')}` : ''),
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.95);

    // Third-party names are classified as such, not as repository references.
    const thirdParty = labels.filter((label) => label.target === 'third-party');
    expect(thirdParty.length).toBeGreaterThanOrEqual(8);
    for (const label of thirdParty) {
      const found = index.file(label.path)?.references.find((reference) => reference.line === label.line && reference.name === label.name);
      expect(found?.status, `${label.path}:${label.line} ${label.name}`).toBe('third-party');
    }
  });
});
