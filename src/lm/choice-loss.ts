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

/** A choice to pack: the context that ends where the choice is made, and the target (absent when only read). */
export interface ChoiceItem {
  readonly context: readonly number[];
  readonly ids: readonly number[];
  readonly target?: readonly number[];
  readonly weight?: number;
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
