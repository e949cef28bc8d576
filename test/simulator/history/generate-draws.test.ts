import { LatencyMix, minuteStatistic, mixCdf, mixMean, mixQuantile, samplePercentile } from '../../../src/simulator/history/generate-latency';
import { autoregressive, HourlyVariates, Variates } from '../../../src/simulator/history/generate-variates';
import { randomStream } from '../../../src/simulator/random';

const variates = () => new Variates(randomStream(1, 'test'));
const moments = (values: number[]) => {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return { mean, variance: values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length };
};

describe('the generator\'s variates', () => {
  test.each([[0.5], [3], [29], [30], [5000]])('a Poisson count of mean %d has that mean and variance', mean => {
    const v = variates();
    const m = moments(Array.from({ length: 20_000 }, () => v.poisson(mean)));
    expect(m.mean / mean).toBeCloseTo(1, 1);
    expect(m.variance / mean).toBeCloseTo(1, 1);
  });

  test.each([[10, 0.3], [1000, 0.005], [1000, 0.5], [1000, 0.995], [100_000, 0.0002]])('a binomial count of %d trials at %d has mean np and variance np(1-p)', (n, p) => {
    const v = variates();
    const values = Array.from({ length: 20_000 }, () => v.binomial(n, p));
    expect(values.every(k => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
    const m = moments(values);
    expect(m.mean / (n * p)).toBeCloseTo(1, 1);
    expect(m.variance / (n * p * (1 - p))).toBeCloseTo(1, 1);
  });

  test('binomial edge cases: no trials, no chance, certainty', () => {
    const v = variates();
    expect([v.binomial(0, 0.5), v.binomial(100, 0), v.binomial(100, 1), v.poisson(0)]).toEqual([0, 0, 100, 0]);
  });

  test('normal variates have mean 0 and variance 1; whole numbers cover their range', () => {
    const v = variates();
    const m = moments(Array.from({ length: 50_000 }, () => v.normal()));
    expect(m.mean).toBeCloseTo(0, 1);
    expect(m.variance).toBeCloseTo(1, 1);
    expect(new Set(Array.from({ length: 1000 }, () => v.whole([1, 3])))).toEqual(new Set([1, 2, 3]));
  });

  test('correlated noise has its standard deviation and minute-to-minute correlation', () => {
    const x = autoregressive(variates(), 200_000, { sigma: 0.1, correlation: 0.9 });
    const { variance } = moments(Array.from(x));
    expect(Math.sqrt(variance)).toBeCloseTo(0.1, 2);
    let lag = 0;
    for (let t = 1; t < x.length; t++) {
      lag += x[t] * x[t - 1];
    }
    expect(lag / (x.length - 1) / variance).toBeCloseTo(0.9, 1);
  });

  test('hourly variates: a new stream each hour, the same one within it', () => {
    const [a, b] = [new HourlyVariates(1, 'us-east-1', 'counts'), new HourlyVariates(1, 'us-east-1', 'counts')];
    expect(a.at(0)).toBe(a.at(59));
    expect(a.at(60)).not.toBe(a.at(59));
    // Minute 120's draws do not depend on the draws of earlier hours.
    a.at(0).uniform();
    expect(a.at(120).uniform()).toBe(b.at(120).uniform());
  });
});

describe('a minute\'s response times', () => {
  const normal: LatencyMix = { median: 0.055, sigma: 0.75, tailWeight: 0.003, tailMedian: 1, tailSigma: 0.5 };
  const grayP99: LatencyMix = { ...normal, tailWeight: 0.02, tailMedian: 2.5, tailSigma: 0.2 };

  test('the quantile inverts the distribution function', () => {
    for (const q of [0.001, 0.5, 0.9, 0.99, 0.9999]) {
      expect(mixCdf(normal, mixQuantile(normal, q))).toBeCloseTo(q, 6);
    }
    expect(mixQuantile(normal, 0.5)).toBeCloseTo(0.055, 2);
  });

  test('a slow tail of 2 % around M makes a p99 of M, with the average under 200 ms', () => {
    expect(mixQuantile(grayP99, 0.99)).toBeCloseTo(2.5, 1);
    expect(mixMean(grayP99)).toBeLessThan(0.2);
    // A normal minute: a p99 of 0.3 to 0.5 s, 5 to 8 times the median.
    expect(mixQuantile(normal, 0.99)).toBeGreaterThan(0.3);
    expect(mixQuantile(normal, 0.99)).toBeLessThan(0.5);
  });

  test('with many requests: the extremes where the smallest and largest of n lie, and no percentile beyond them', () => {
    const n = 200;
    expect(minuteStatistic(normal, n, 'Maximum', undefined)).toBe(mixQuantile(normal, 1 - 0.5 / n));
    expect(minuteStatistic(normal, n, 'Minimum', undefined)).toBe(mixQuantile(normal, 0.5 / n));
    expect(minuteStatistic(normal, n, 99.9, undefined)).toBe(minuteStatistic(normal, n, 'Maximum', undefined));
    expect(minuteStatistic(normal, n, 'SampleCount', undefined)).toBe(n);
    expect(minuteStatistic(normal, n, 'Average', undefined)).toBe(mixMean(normal));
  });

  test('with few requests: the sample\'s statistics, nearest rank (the p99 of 3 is the slowest)', () => {
    const sample = Float64Array.from([0.05, 0.07, 0.9]);
    expect(samplePercentile(sample, 99)).toBe(0.9);
    expect(samplePercentile(sample, 50)).toBe(0.07);
    expect(samplePercentile(sample, 0)).toBe(0.05);
    expect(['Minimum', 'Maximum', 'SampleCount', 50].map(s => minuteStatistic(normal, 3, s, sample))).toEqual([0.05, 0.9, 3, 0.07]);
    expect(minuteStatistic(normal, 3, 'Average', sample)).toBeCloseTo(1.02 / 3, 10);
  });
});
