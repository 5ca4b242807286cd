/**
 * The one place that turns a row of logits into the distribution a token is drawn from. Sampling and
 * teacher-forced scoring both call it, so a sampled string's reported log-probability and the score of the same
 * string under the same settings agree by construction, not by coincidence.
 */

export interface DistributionOptions {
  /** Softmax temperature; 0 means greedy (all mass on the most likely allowed token, lowest id on ties). */
  readonly temperature: number;
  /** Nucleus sampling: keep the most likely tokens until their mass reaches `topP` (1 keeps all). */
  readonly topP: number;
  /** Restrict to these token ids (constrained decoding); all ids when absent. */
  readonly allowed?: readonly number[];
}

/** How moves are drawn, without the constraint: what an evaluation may change from training's temperature 1. */
export type Sampling = Pick<DistributionOptions, 'temperature' | 'topP'>;

export class SamplingOptionsError extends Error {
  override readonly name = 'SamplingOptionsError';
}

export function checkDistributionOptions(o: DistributionOptions): void {
  if (!(o.temperature >= 0) || !Number.isFinite(o.temperature)) {
    throw new SamplingOptionsError(`temperature must be a finite number ≥ 0 (0 = greedy), got ${o.temperature}`);
  }
  if (!(o.topP > 0 && o.topP <= 1)) throw new SamplingOptionsError(`topP must be in (0, 1], got ${o.topP}`);
  if (o.allowed && o.allowed.length === 0) throw new SamplingOptionsError('allowed token set is empty');
}

/**
 * Probabilities (float64, one per vocabulary entry, zero outside the kept set) of the next token.
 * `logits` is one row: [vocab].
 */
export function tokenDistribution(logits: Float32Array, o: DistributionOptions): Float64Array {
  const V = logits.length;
  const ids = o.allowed ?? Array.from({ length: V }, (_, i) => i);
  const probs = new Float64Array(V);
  if (o.temperature === 0) {
    let best = ids[0]!;
    for (const id of ids) if (logits[id]! > logits[best]! || (logits[id] === logits[best] && id < best)) best = id;
    probs[best] = 1;
    return probs;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const id of ids) max = Math.max(max, logits[id]!);
  let sum = 0;
  for (const id of ids) {
    const p = Math.exp((logits[id]! - max) / o.temperature);
    probs[id] = p;
    sum += p;
  }
  for (const id of ids) probs[id]! /= sum;
  if (o.topP < 1) {
    // Most likely first; ties by id so the kept set never depends on sort stability.
    const order = [...ids].sort((a, b) => probs[b]! - probs[a]! || a - b);
    let mass = 0;
    let keep = 0;
    while (keep < order.length && mass < o.topP) mass += probs[order[keep++]!]!;
    for (let i = keep; i < order.length; i++) probs[order[i]!] = 0;
    for (let i = 0; i < keep; i++) probs[order[i]!]! /= mass;
  }
  return probs;
}

/** log p(token) under the model itself: log-softmax of the raw logits (temperature 1, no constraint). */
export function modelLogProb(logits: Float32Array, token: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  return logits[token]! - max - Math.log(sum);
}

/** Draws an index from `probs` with one uniform number `u` ∈ [0, 1). */
export function drawToken(probs: Float64Array, u: number): number {
  let rest = u;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (p <= 0) continue;
    last = i;
    rest -= p;
    if (rest < 0) return i;
  }
  // Rounding can leave a sliver of mass: the last token with positive probability takes it.
  return last;
}
