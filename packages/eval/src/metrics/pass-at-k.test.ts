import { describe, expect, it } from 'vitest';
import { expectedBestOfK, meanStd, passAtK } from './pass-at-k';

/** 1 - C(n-c, k)/C(n, k) by plain binomials, the closed form. */
function closedForm(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): number => (b < 0 || b > a ? 0 : b === 0 ? 1 : (choose(a - 1, b - 1) * a) / b);
  return 1 - choose(n - c, k) / choose(n, k);
}

describe('passAtK', () => {
  it('matches the closed form on known cases', () => {
    expect(passAtK(3, 1, 1)).toBeCloseTo(1 / 3, 12);
    expect(passAtK(3, 1, 2)).toBeCloseTo(2 / 3, 12);
    expect(passAtK(3, 1, 3)).toBe(1);
    expect(passAtK(3, 0, 3)).toBe(0);
    expect(passAtK(5, 2, 2)).toBeCloseTo(1 - 3 / 10, 12); // C(3,2)/C(5,2) = 3/10
    expect(passAtK(10, 3, 4)).toBeCloseTo(1 - 35 / 210, 12); // C(7,4)/C(10,4)
    for (let n = 1; n <= 12; n++) for (let c = 0; c <= n; c++) for (let k = 1; k <= n; k++) expect(passAtK(n, c, k)).toBeCloseTo(closedForm(n, c, k), 10);
  });

  it('is the mean success rate at k = 1 and refuses k above n', () => {
    expect(passAtK(8, 3, 1)).toBeCloseTo(3 / 8, 12);
    expect(() => passAtK(3, 1, 4)).toThrow(/1 <= k <= n/);
  });
});

describe('meanStd and expectedBestOfK', () => {
  it('gives the population std and the expected maximum', () => {
    expect(meanStd([0.2, 0.4, 0.6])).toEqual({ mean: 0.4000000000000001, std: expect.closeTo(Math.sqrt(0.08 / 3), 12), count: 3 });
    // Best of 2 out of {1, 2, 3}: pairs (1,2) (1,3) (2,3) have maxima 2, 3, 3.
    expect(expectedBestOfK([3, 1, 2], 2)).toBeCloseTo(8 / 3, 12);
    expect(expectedBestOfK([3, 1, 2], 1)).toBeCloseTo(2, 12);
  });
});
