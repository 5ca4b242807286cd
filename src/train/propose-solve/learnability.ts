/**
 * Learnability maps f(p̂): how a proposer is paid for a valid task that the solver answered correctly a fraction p̂ of
 * n times (research/systems.md §3 item 7). Each is pure, defined on [0, 1], and named after the system that uses it.
 * A loop reads the map by name from its config; it never asks which paper it runs.
 */
export const learnabilityNames = ['azr', 'ssp', 'agent0', 'spell', 'pasodoble', 'ssr', 'stp'] as const;
export type LearnabilityName = (typeof learnabilityNames)[number];

export interface LearnabilityOptions {
  /** SSR's α: the penalty at p̂ ∈ {0, 1} and the slope's excess (default 0.8). */
  readonly ssrAlpha?: number;
}

/** SPELL's σ: the Gaussian band is centred on ½ with standard deviation 1/6. */
const spellSigma = 1 / 6;

const maps: Record<LearnabilityName, (p: number, options: LearnabilityOptions) => number> = {
  /** AZR (Zhao et al. 2025): 1 − p̂ on (0, 1), else 0 — a task everyone or no one solves teaches nothing. */
  azr: (p) => (p > 0 && p < 1 ? 1 - p : 0),
  /** SSP: 1 − acc, the harder the better, with no zero-variance gate. */
  ssp: (p) => 1 - p,
  /**
   * Agent0's uncertainty reward in the paper's form, 1 − 2|p̂ − ½| (peak 1 at ½). Its code uses min(p̂, 1 − p̂), the
   * same shape at half the height; the paper's form keeps the range [0, 1] like the other maps.
   */
  agent0: (p) => 1 - 2 * Math.abs(p - 0.5),
  /**
   * SPELL's questioner: exp(−(p̂ − ½)²/(2σ²)) with σ = 1/6, and 0 at zero variance (p̂ ∈ {0, 1}), as its code
   * gives (research/systems.md §2.13).
   */
  spell: (p) => (p > 0 && p < 1 ? Math.exp(-((p - 0.5) ** 2) / (2 * spellSigma ** 2)) : 0),
  /**
   * PasoDoble's proposer: 1.1 − p̂ when p̂ > 0.2, else 0. Its + 0.2·div diversity term (Jaccard against a history) and
   * its div ≤ 0.3 gate are left out: this map sees p̂ only.
   */
  pasodoble: (p) => (p > 0.2 ? 1.1 - p : 0),
  /**
   * SSR's injector: 1 − (1 + α)p̂ on (0, 1), −α at p̂ ∈ {0, 1}; α ≈ 0.8 (the catalog marks this formula as recalled,
   * to check against arXiv 2512.18552).
   */
  ssr: (p, { ssrAlpha = 0.8 }) => (p > 0 && p < 1 ? 1 - (1 + ssrAlpha) * p : -ssrAlpha),
  /** STP's conjecture selection as a reward: 1 when 0 < p̂ ≤ ¼, else 0. */
  stp: (p) => (p > 0 && p <= 0.25 ? 1 : 0),
};

/** f(p̂) of the named map. */
export function learnability(name: LearnabilityName, p: number, options: LearnabilityOptions = {}): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a solve rate lies in [0, 1], got ${p}`);
  return maps[name](p, options);
}
