import { draw, randomStream } from '../../src/simulator/random';

describe('randomStream', () => {
  const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

  test('gives the same numbers for a seed and key, other numbers for another seed or key', () => {
    const a = take(randomStream(1, 'history', 'us-east-1'), 1000);
    expect(take(randomStream(1, 'history', 'us-east-1'), 1000)).toEqual(a);
    expect(take(randomStream(2, 'history', 'us-east-1'), 1000)).not.toEqual(a);
    expect(take(randomStream(1, 'history', 'eu-west-1'), 1000)).not.toEqual(a);
    // Not the draws of the key itself.
    expect(a[0]).not.toBe(draw(1, 'history', 'us-east-1'));
  });

  test('draws numbers in [0, 1), uniform and uncorrelated from one to the next', () => {
    const values = take(randomStream(42, 'test'), 100_000);
    expect(values.every(v => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 2);
    const deciles = new Array(10).fill(0);
    values.forEach(v => deciles[Math.floor(v * 10)]++);
    expect(deciles.every(c => c > 9_700 && c < 10_300)).toBe(true);
    let covariance = 0;
    for (let i = 1; i < values.length; i++) {
      covariance += (values[i] - 0.5) * (values[i - 1] - 0.5);
    }
    // The variance of a uniform number is 1/12; the lag-1 correlation is near 0.
    expect(Math.abs(covariance / (values.length - 1) * 12)).toBeLessThan(0.01);
    expect(new Set(values).size).toBeGreaterThan(99_990);
  });
});
