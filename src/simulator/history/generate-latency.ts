/**
 * A minute's response times, as the generator of synthetic histories draws
 * them (see generate.ts): a mix of two lognormal distributions, the body
 * (most requests) and a slow tail (a few requests: cold caches, retries, a
 * slow dependency). The tail's weight and median make the minute's p99: with
 * a weight of 2 % and a median of M, the p99 is M (the body lies below it).
 *
 * Every statistic of a minute comes from its one distribution, so they are
 * consistent: Minimum <= p50 <= p90 <= p99 <= Maximum, Minimum <= Average <=
 * Maximum. With few requests (at most EXACT_SAMPLE_LIMIT) the minute's
 * requests are drawn one by one and the statistics are those of the sample,
 * as CloudWatch computes them (a p99 of 3 requests is their slowest); with
 * more, they are the distribution's, the extremes at the quantiles where the
 * smallest and the largest of n requests lie (0.5 / n and 1 - 0.5 / n).
 */

// Module-level copies: a global looked up in a hot loop is slow in some sandboxes (Jest's, for one).
const { SQRT2, abs, ceil, exp, log, max, min } = Math;

/** A minute's distribution of response times, in seconds. */
export interface LatencyMix {
  /** The body's median. */
  readonly median: number;
  /** The body's log standard deviation. */
  readonly sigma: number;
  /** The tail's share of the requests, 0 to 1. */
  readonly tailWeight: number;
  readonly tailMedian: number;
  readonly tailSigma: number;
}

/** Minutes with at most this many requests answered are drawn request by request. */
export const EXACT_SAMPLE_LIMIT = 100;

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = abs(z) / SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The share of requests at most `seconds` (the mix's distribution function). */
export function mixCdf(mix: LatencyMix, seconds: number): number {
  const x = log(seconds);
  return (1 - mix.tailWeight) * normalCdf((x - log(mix.median)) / mix.sigma)
    + mix.tailWeight * normalCdf((x - log(mix.tailMedian)) / mix.tailSigma);
}

/** The response time at quantile q (0 < q < 1), by bisection on the log scale (to a relative 1e-8). */
export function mixQuantile(mix: LatencyMix, q: number): number {
  const [m, t, w] = [log(mix.median), log(mix.tailMedian), mix.tailWeight];
  let low = min(m - 9 * mix.sigma, t - 9 * mix.tailSigma);
  let high = max(m + 9 * mix.sigma, t + 9 * mix.tailSigma);
  while (high - low > 1e-8) {
    const mid = (low + high) / 2;
    if ((1 - w) * normalCdf((mid - m) / mix.sigma) + w * normalCdf((mid - t) / mix.tailSigma) < q) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return exp(high);
}

/** The mix's mean. */
export function mixMean(mix: LatencyMix): number {
  return (1 - mix.tailWeight) * mix.median * exp(mix.sigma ** 2 / 2) + mix.tailWeight * mix.tailMedian * exp(mix.tailSigma ** 2 / 2);
}

/** `n` response times drawn from the mix, sorted; `normal` draws a standard normal variate, `uniform` a number in [0, 1). */
export function sampleMix(mix: LatencyMix, n: number, uniform: () => number, normal: () => number): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = uniform() < mix.tailWeight ? mix.tailMedian * exp(mix.tailSigma * normal()) : mix.median * exp(mix.sigma * normal());
  }
  return values.sort();
}

/** A percentile (0 to 100) of sorted values, nearest rank: the p99 of 3 values is the largest. */
export function samplePercentile(sorted: Float64Array, p: number): number {
  const rank = ceil(p / 100 * sorted.length) - 1;
  return sorted[min(sorted.length - 1, max(0, rank))];
}

/** A statistic of a minute with `n` requests answered: `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile (0 to 100). */
export function minuteStatistic(mix: LatencyMix, n: number, statistic: string | number, sample: Float64Array | undefined): number {
  if (statistic === 'SampleCount') {
    return n;
  }
  if (sample !== undefined) {
    switch (statistic) {
      case 'Average': return sample.reduce((a, v) => a + v, 0) / n;
      case 'Minimum': return sample[0];
      case 'Maximum': return sample[n - 1];
      default: return samplePercentile(sample, statistic as number);
    }
  }
  const top = 1 - 0.5 / n;
  switch (statistic) {
    case 'Average': return mixMean(mix);
    case 'Minimum': return mixQuantile(mix, 0.5 / n);
    case 'Maximum': return mixQuantile(mix, top);
    default: return mixQuantile(mix, max(0.5 / n, min(top, (statistic as number) / 100)));
  }
}
