/**
 * The seeded random numbers of the fuzz tests: the same seed, the same cases,
 * so a failing case can be replayed.
 */

/* eslint-disable no-bitwise -- a PRNG is bitwise by nature */
/** mulberry32: a small deterministic PRNG; numbers from 0 (included) to 1 (excluded). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
