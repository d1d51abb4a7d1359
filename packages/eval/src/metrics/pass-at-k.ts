import { InvalidArgumentError } from '@swespot/core';

/**
 * The unbiased pass@k estimator of one instance (Chen et al. 2021, human-eval's
 * `estimate_pass_at_k`): with `n` samples of which `correct` pass, the chance that at least one
 * of `k` samples drawn without replacement passes, `1 - C(n - c, k) / C(n, k)`, computed as
 * `1 - prod_{j = n - c + 1}^{n} (1 - k / j)` so large `n` does not overflow.
 *
 * @throws {InvalidArgumentError} unless `0 <= correct <= n` and `1 <= k <= n` (whole numbers).
 *
 * @example
 * ```ts
 * passAtK(3, 1, 1); // 1/3
 * passAtK(3, 1, 2); // 2/3
 * passAtK(3, 1, 3); // 1
 * ```
 */
export function passAtK(n: number, correct: number, k: number): number {
  if (![n, correct, k].every(Number.isInteger) || correct < 0 || correct > n || k < 1 || k > n) {
    throw new InvalidArgumentError({ argument: 'k', message: `pass@k: expected whole numbers with 0 <= correct <= n and 1 <= k <= n; got n=${n}, correct=${correct}, k=${k}.` });
  }
  if (n - correct < k) return 1;
  let failAll = 1;
  for (let j = n - correct + 1; j <= n; j++) failAll *= 1 - k / j;
  return 1 - failAll;
}

/** Mean and standard deviation of numbers. */
export interface MeanStd {
  readonly mean: number;
  /** Population standard deviation (divides by the count, numpy's default and what SWE-Spot reproductions report); 0 for one value. */
  readonly std: number;
  readonly count: number;
}

/** {@link MeanStd} of the values; mean and std are NaN for no values. */
export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN, count: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), count: values.length };
}

/**
 * The unbiased expected best of `k` scores out of `n` (for continuous scores such as QA):
 * with the scores sorted ascending, `sum_{j=k}^{n} C(j-1, k-1) / C(n, k) * s_(j)`.
 */
export function expectedBestOfK(scores: readonly number[], k: number): number {
  const n = scores.length;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new InvalidArgumentError({ argument: 'k', message: `best-of-k: expected 1 <= k <= ${n} (the number of scores); got ${k}.` });
  }
  const sorted = [...scores].sort((left, right) => left - right);
  let total = 0;
  for (let j = k; j <= n; j++) total += (binomial(j - 1, k - 1) / binomial(n, k)) * sorted[j - 1]!;
  return total;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
