import type { LmModel, TokenBatch } from './model.ts';
import { type Sampling, tokenDistribution } from './token-distribution.ts';
import { packSequences } from './pack-sequences.ts';

/**
 * A choice between a few tokens at one row: the policy there is the softmax of those tokens' logits alone — the
 * distribution constrained decoding samples from when the legal moves part at that token — and the loss pulls it
 * toward a target distribution by cross-entropy.
 */
export interface ChoiceTarget {
  /** Flat row whose next-token logits hold the choice (sequence b, position t: b × length + t). */
  readonly row: number;
  /** The distinct tokens the choice is between. */
  readonly ids: readonly number[];
  /** Target probabilities over `ids`. */
  readonly target: readonly number[];
  /** The choice's share of the loss: weight · CE(target, policy). */
  readonly weight: number;
  /**
   * Pulls probability from every other token of the vocabulary onto `ids` (free decoding then picks one of them)
   * without changing the policy over `ids`: the logits of `ids` all rise by the same amount. Coefficient of the
   * step, 0 or absent for none (see `addLegalMassGradients`).
   */
  readonly massWeight?: number;
}

/** Checks choices against a batch of `rows` rows over `vocab` tokens; returns the first problem, or undefined. */
export function choiceProblem(choices: readonly ChoiceTarget[], rows: number, vocab: number): string | undefined {
  for (const [i, c] of choices.entries()) {
    if (!(Number.isInteger(c.row) && c.row >= 0 && c.row < rows))
      return `choice ${i}: row ${c.row} is not in [0, ${rows})`;
    if (c.ids.length < 1 || c.target.length !== c.ids.length)
      return `choice ${i}: ${c.ids.length} ids and ${c.target.length} target probabilities (need as many, ≥ 1)`;
    if (new Set(c.ids).size !== c.ids.length) return `choice ${i}: ids repeat`;
    if (c.ids.some((id) => !(Number.isInteger(id) && id >= 0 && id < vocab)))
      return `choice ${i}: an id is outside the vocabulary [0, ${vocab})`;
  }
  return undefined;
}

/** Log-probabilities of each choice over its own ids, read from logits [rows, vocab]. */
export function choiceLogprobs(
  logits: Float32Array,
  vocab: number,
  choices: readonly Pick<ChoiceTarget, 'row' | 'ids'>[],
): Float64Array[] {
  return choices.map((c) => {
    const z = c.ids.map((id) => logits[c.row * vocab + id]!);
    const max = Math.max(...z);
    const lse = max + Math.log(z.reduce((s, x) => s + Math.exp(x - max), 0));
    return Float64Array.from(z, (x) => x - lse);
  });
}

/** Σ weight · CE(target, policy) over the choices, from their log-probabilities. */
export function choiceLoss(choices: readonly ChoiceTarget[], logprobs: readonly Float64Array[]): number {
  return choices.reduce(
    (loss, c, i) => loss - c.weight * c.target.reduce((s, t, j) => s + (t === 0 ? 0 : t * logprobs[i]![j]!), 0),
    0,
  );
}

/** Adds each choice's gradient, weight · (policy − target) on its ids, into dlogits [rows, vocab]. */
export function addChoiceGradients(
  dlogits: Float32Array,
  vocab: number,
  choices: readonly ChoiceTarget[],
  logprobs: readonly Float64Array[],
): void {
  choices.forEach((c, i) => {
    c.ids.forEach((id, j) => {
      dlogits[c.row * vocab + id]! += c.weight * (Math.exp(logprobs[i]![j]!) - c.target[j]!);
    });
  });
}

/**
 * The legal-mass step of each choice with a `massWeight` c, from the full softmax p of its row (read before the
 * backward pass overwrites the logits), with m = Σ p over `ids` and k ids: −c·(1 − m) on every id and +c·k·p_j on every
 * other token j. It sums to zero like any softmax gradient, raises all of `ids` alike (so their softmax, the policy,
 * is unchanged) and vanishes as m → 1. It is the gradient of the weighted NLL Σ_ids c·(1 − m + k·p_id)·(−log p_id),
 * whose value this returns (summed), with the steps to add later.
 */
export function legalMassGradients(
  logits: Float32Array,
  vocab: number,
  choices: readonly ChoiceTarget[],
): { loss: number; add: (dlogits: Float32Array) => void } {
  const steps: { row: number; step: Float64Array }[] = [];
  let loss = 0;
  for (const c of choices) {
    const coefficient = c.massWeight ?? 0;
    if (coefficient === 0) continue;
    const row = logits.subarray(c.row * vocab, (c.row + 1) * vocab);
    let max = -Infinity;
    for (const x of row) max = Math.max(max, x);
    let sum = 0;
    for (const x of row) sum += Math.exp(x - max);
    const p = Float64Array.from(row, (x) => Math.exp(x - max) / sum);
    const mass = c.ids.reduce((m, id) => m + p[id]!, 0);
    const k = c.ids.length;
    for (const id of c.ids) loss -= coefficient * (1 - mass + k * p[id]!) * Math.log(p[id]!);
    const step = Float64Array.from(p, (pj) => coefficient * k * pj);
    for (const id of c.ids) step[id] = -coefficient * (1 - mass);
    steps.push({ row: c.row, step });
  }
  return {
    loss,
    add: (dlogits) => {
      for (const { row, step } of steps) step.forEach((g, j) => (dlogits[row * vocab + j]! += g));
    },
  };
}

/** A choice to pack: the context that ends where the choice is made, and the target (absent when only read). */
export interface ChoiceItem {
  readonly context: readonly number[];
  readonly ids: readonly number[];
  readonly target?: readonly number[];
  readonly weight?: number;
  readonly massWeight?: number;
}

/**
 * One right-padded batch whose choices sit at the last row of each context. Each sequence is its context plus one
 * dummy target, so that row reads the whole context; only the choices enter the loss (`choicesOnly`).
 */
export function packChoices(items: readonly ChoiceItem[]): TokenBatch {
  const batch = packSequences(
    items.map((it) => ({ tokens: [...it.context, it.ids[0]!], weights: new Array<number>(it.context.length).fill(0) })),
  );
  const length = batch.tokens.length / batch.batch;
  const choices = items.map((it, b) => ({
    row: b * length + it.context.length - 1,
    ids: it.ids,
    target: it.target ?? it.ids.map(() => 1 / it.ids.length),
    weight: it.weight ?? 0,
    ...(it.massWeight ? { massWeight: it.massWeight } : {}),
  }));
  return { ...batch, choices, choicesOnly: true };
}

/**
 * Reads each item's choice without training: forward passes of `chunk` items (contexts of similar length together,
 * so less padding), handing `read` the logits row [vocab] where the item's choice is made.
 */
export function readChoiceRows<T>(
  model: LmModel,
  items: readonly ChoiceItem[],
  read: (row: Float32Array, item: ChoiceItem) => T,
  chunk = 128,
): T[] {
  const V = model.config.vocabSize;
  const out: T[] = new Array(items.length);
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.context.length - items[b]!.context.length);
  for (let start = 0; start < order.length; start += chunk) {
    const part = order.slice(start, start + chunk);
    model.forward(packChoices(part.map((i) => items[i]!)), (logits) => {
      part.forEach((i, row) => {
        out[i] = read(logits.subarray(row * V, (row + 1) * V), items[i]!);
      });
    });
  }
  return out;
}

/**
 * The distribution a sampler draws each item's choice from under `sampling` (constrained to the item's ids), as
 * probabilities over `ids` in their order.
 */
export function choiceDistributions(model: LmModel, items: readonly ChoiceItem[], sampling: Sampling): Float64Array[] {
  return readChoiceRows(model, items, (row, { ids }) => {
    const probs = tokenDistribution(row, { ...sampling, allowed: ids });
    return Float64Array.from(ids, (id) => probs[id]!);
  });
}
