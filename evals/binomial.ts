/**
 * Exact two-sided binomial test of k successes in n trials against p = 1/2 (scipy `binomtest`:
 * the total probability of the outcomes no more likely than the one observed; symmetric at 1/2,
 * so twice the smaller tail). Used for position bias in pairwise review: does side A win more
 * often than chance?
 */
export function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  let sum = 0;
  if (n <= 1000) {
    // pmf(j) = C(n, j) / 2^n by recurrence; 2^-1000 does not underflow, and small cases stay exact.
    let pmf = 0.5 ** n;
    for (let j = 0; j <= tail; j++) {
      if (j > 0) pmf *= (n - j + 1) / j;
      sum += pmf;
    }
  } else {
    // In log space, where 2^-n would underflow.
    let logC = 0;
    for (let j = 0; j <= tail; j++) {
      if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
      sum += Math.exp(logC - n * Math.LN2);
    }
  }
  // When k = n/2 the two tails overlap at the centre and the p-value is 1.
  return Math.min(1, 2 * sum);
}
