import type { Rng, RngState } from '../spec/rng.ts';

// xoshiro128** (Blackman & Vigna, 2018): 128-bit state, fast in 32-bit JS arithmetic, easily serialised.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes a seed with integer keys (episode index, worker id, …) into an independent child seed. */
export function deriveSeed(seed: number, ...keys: readonly number[]): number {
  let h = splitmix32(seed)();
  for (const k of keys) h = splitmix32((h ^ Math.imul(k >>> 0, 0x27d4eb2d)) >>> 0)();
  return h;
}

/** A generator from an integer seed, or from a saved `state()` to continue exactly where it stopped. */
export function createRng(seed: number | RngState): Rng {
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`rng seed must be a finite number, got ${seed}`);
    const mix = splitmix32(Math.trunc(seed));
    a = mix();
    b = mix();
    c = mix();
    d = mix();
  } else {
    [a, b, c, d] = seed;
    if ((a | b | c | d) === 0) throw new RangeError('rng state must not be all zeros');
  }
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (n: number) => {
      if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`rng.int needs a positive integer, got ${n}`);
      return Math.floor((nextU32() / 4294967296) * n);
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Picks an index with probability proportional to `weights` (non-negative, not all zero). */
export function sampleIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new RangeError('sampleIndex needs at least one positive weight');
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  // Rounding can leave u a hair above zero: take the last positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return weights.length - 1;
}

/** Fisher–Yates: shuffles `items` in place, drawing from `rng`; returns them. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
