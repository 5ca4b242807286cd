/** A seeded random source. Every source of randomness is passed in as one of these; nothing reads a global. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Serialisable state; `createRng` accepts it back. */
  state(): RngState;
}

export type RngState = readonly [number, number, number, number];
