/**
 * Random variates for the generator of synthetic histories: uniform, normal,
 * Poisson and binomial draws from a seeded stream (random.ts), a stream per
 * hour, and correlated noise.
 */
import { randomStream } from '../random';

// Module-level copies: a global looked up in a hot loop is slow in some sandboxes (Jest's, for one).
const { PI, cos, exp, floor, log, max, min, round, sqrt } = Math;

/** Uniform numbers and standard normal variates from one stream. */
export class Variates {
  constructor(public readonly uniform: () => number) {}

  public normal(): number {
    return sqrt(-2 * log(1 - this.uniform())) * cos(2 * PI * this.uniform());
  }

  public between(range: readonly number[]): number {
    return range[0] + (range[1] - range[0]) * this.uniform();
  }

  /** A whole number from range[0] to range[1]. */
  public whole(range: readonly number[]): number {
    return range[0] + floor((range[1] - range[0] + 1) * this.uniform());
  }

  public poisson(mean: number): number {
    if (mean <= 0) {
      return 0;
    }
    if (mean >= 30) {
      return max(0, round(mean + sqrt(mean) * this.normal()));
    }
    const limit = exp(-mean);
    let k = 0;
    for (let p = this.uniform(); p > limit; p *= this.uniform()) {
      k++;
    }
    return k;
  }

  public binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n <= 60) {
      let k = 0;
      for (let i = 0; i < n; i++) {
        k += this.uniform() < p ? 1 : 0;
      }
      return k;
    }
    const variance = n * p * (1 - p);
    if (variance >= 9) {
      return min(n, max(0, round(n * p + sqrt(variance) * this.normal())));
    }
    return p <= 0.5 ? min(n, this.poisson(n * p)) : n - min(n, this.poisson(n * (1 - p)));
  }
}

/** Draws for a purpose from a new stream each hour, so a change in one hour (an incident) leaves the others' draws alone. */
export class HourlyVariates {
  private hour = -1;
  private current?: Variates;

  constructor(private readonly seed: number, private readonly region: string, private readonly purpose: string) {}

  public at(minute: number): Variates {
    const hour = floor(minute / 60);
    if (hour !== this.hour || this.current === undefined) {
      this.hour = hour;
      this.current = new Variates(randomStream(this.seed, 'history', this.region, this.purpose, hour));
    }
    return this.current;
  }
}

/** A first-order autoregressive series: `minutes` values with standard deviation `sigma` and correlation `correlation` from minute to minute. */
export function autoregressive(v: Variates, minutes: number, noise: { sigma: number; correlation: number }): Float64Array {
  const values = new Float64Array(minutes);
  const innovation = noise.sigma * sqrt(1 - noise.correlation ** 2);
  let x = noise.sigma * v.normal();
  for (let t = 0; t < minutes; t++) {
    values[t] = x;
    x = noise.correlation * x + innovation * v.normal();
  }
  return values;
}
