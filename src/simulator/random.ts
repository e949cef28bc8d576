/**
 * Seeded draws: a number in [0, 1) from a seed and a key (what is drawn, for
 * which Region, metric and minute). Each draw depends only on its seed and
 * key, never on the order of the draws, so a run is the same for a seed
 * whatever the simulation evaluates first.
 */

/* eslint-disable no-bitwise -- a hash function is bitwise by nature */

// Module-level copies: a global looked up in a hot loop is slow in some
// sandboxes (Jest's, for one).
const imul = Math.imul;

/** Mixes the characters of `text` into the FNV-1a hash `h`. */
function mix(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h = imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return imul(h ^ 0x7c, 0x01000193); // a separator
}

/** A number in [0, 1) for `seed` and the key `parts` (FNV-1a, then a murmur3 finalizer). */
export function draw(seed: number, ...parts: (string | number)[]): number {
  let h = mix(0x811c9dc5, String(seed));
  for (const part of parts) {
    h = mix(h, String(part));
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * A stream of numbers in [0, 1) for `seed` and the key `parts`: for long
 * runs of draws (a generated history's millions of minutes and requests),
 * where a `draw` per number would hash its key each time. The stream is
 * sfc32 (Chris Doty-Humphrey's small fast counting generator, 128 bits of
 * state), its state seeded by `draw` on the key, so two keys give two
 * independent streams and one key always the same one.
 */
export function randomStream(seed: number, ...parts: (string | number)[]): () => number {
  const word = (i: number) => Math.floor(draw(seed, ...parts, `sfc32-${i}`) * 4294967296);
  let a = word(0);
  let b = word(1);
  let c = word(2);
  let d = 1; // the counter
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) {
    next(); // mixes the seeded state
  }
  return next;
}
