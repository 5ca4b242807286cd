import type { Rng } from '../spec/rng.ts';
import { allowedNext, buildAllowedTrie, type TrieNode, trieDepth } from './allowed-trie.ts';
import { type DecodeRow, decodeForward } from './decode-forward.ts';
import { chooseByScoring, scoringPlan } from './choose-by-scoring.ts';
import { createKvCache } from './kv-cache.ts';
import type { LmModel } from './model.ts';
import { checkDistributionOptions, drawToken, modelLogProb, tokenDistribution } from './token-distribution.ts';
import { decode, EOS_ID, OUTPUT_IDS } from './tokenizer.ts';

export interface GenerateOptions {
  readonly model: LmModel;
  /** Token ids of each prompt (start them with BOS: `encodeWithBos`). One sequence is generated per prompt. */
  readonly prompts: readonly (readonly number[])[];
  /**
   * The only randomness used; one draw per sampled token (per answer when a constrained batch is answered by
   * scoring, see `chooseByScoring`), sequences in order, so runs are reproducible. Or one
   * RNG per prompt, so each sequence's draws do not depend on which other prompts share its batch.
   */
  readonly rng: Rng | readonly Rng[];
  /** Default 1; 0 is greedy. */
  readonly temperature?: number;
  /** Default 1 (no nucleus truncation). */
  readonly topP?: number;
  /** Most tokens per free-text completion (EOS included); default: until the context is full. */
  readonly maxTokens?: number;
  /**
   * Constrained decoding: per prompt, the strings the answer must be one of (e.g. a game's legal actions), or
   * undefined for free text. A constrained answer always ends with EOS and is exactly one allowed string.
   */
  readonly allowed?: readonly (readonly string[] | undefined)[];
}

export interface Generation {
  /** Completion token ids, EOS included when emitted. */
  readonly tokens: readonly number[];
  /** The completion as text (special ids dropped). */
  readonly text: string;
  readonly finish: 'eos' | 'length';
  /** log p of each token under the distribution it was drawn from (constraint or bytes + EOS, temperature, top-p). */
  readonly tokenLogprobs: readonly number[];
  readonly logprob: number;
  /** log p of each token under the model itself: no constraint, temperature 1, no top-p (what RL needs). */
  readonly modelTokenLogprobs: readonly number[];
  readonly modelLogprob: number;
}

/** A request that cannot be served; the message says what to change. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
}

/**
 * Samples one completion per prompt, all prompts batched through one KV cache — or, for a constrained batch whose
 * prompts repeat, by scoring each distinct prompt's allowed strings once (`chooseByScoring`: same distribution).
 */
export function generate(options: GenerateOptions): Generation[] {
  const { model, prompts, rng } = options;
  const { config } = model;
  const dist = { temperature: options.temperature ?? 1, topP: options.topP ?? 1 };
  checkDistributionOptions(dist);
  const maxTokens = options.maxTokens ?? config.context;
  if (!(Number.isInteger(maxTokens) && maxTokens > 0))
    throw new GenerateError(`maxTokens must be a positive integer, got ${maxTokens}`);
  const S = prompts.length;
  if (S === 0) return [];
  if (!('next' in rng) && rng.length !== S)
    throw new GenerateError(`got ${rng.length} RNGs for ${S} prompts; pass one per prompt or a single one`);
  const rngOf = (slot: number): Rng => ('next' in rng ? rng : rng[slot]!);
  const tries: (TrieNode | undefined)[] = prompts.map((_, i) => {
    const allowed = options.allowed?.[i];
    return allowed ? buildAllowedTrie(allowed) : undefined;
  });
  prompts.forEach((p, i) => {
    if (p.length === 0) throw new GenerateError(`prompt ${i} is empty; start it with BOS (encodeWithBos)`);
    const bad = p.find((t) => !(Number.isInteger(t) && t >= 0 && t < config.vocabSize));
    if (bad !== undefined)
      throw new GenerateError(`prompt ${i} holds token ${bad}, outside the vocabulary; use encode()`);
    const need = p.length + (tries[i] ? trieDepth(tries[i]) : 1);
    if (need > config.context) {
      throw new GenerateError(
        `prompt ${i} (${p.length} tokens) leaves no room for its answer in the context of ${config.context}; shorten it`,
      );
    }
  });

  const allowed = options.allowed;
  if (allowed && allowed.every((a) => a !== undefined)) {
    const batch = { model, prompts, allowed, rngOf, temperature: dist.temperature, topP: dist.topP };
    const plan = scoringPlan(batch);
    if (plan) return chooseByScoring(batch, plan);
  }

  const heap = model.kernels.heap;
  const mark = heap.mark();
  try {
    const cache = createKvCache(model.memory, S);
    const out = prompts.map(() => ({
      tokens: [] as number[],
      lp: [] as number[],
      mlp: [] as number[],
      finish: 'length' as Generation['finish'],
    }));
    const nodes = [...tries];
    let active = prompts.map((_, i) => i);
    let logits = decodeForward({
      mem: model.memory,
      cache,
      rows: prompts.flatMap((p, slot) => p.map((token) => ({ slot, token }))),
      lastOnly: true,
    });
    const V = config.vocabSize;
    while (active.length > 0) {
      const next: DecodeRow[] = [];
      for (const [row, slot] of active.entries()) {
        const l = logits.subarray(row * V, (row + 1) * V);
        const node = nodes[slot];
        const probs = tokenDistribution(l, { ...dist, allowed: node ? allowedNext(node) : OUTPUT_IDS });
        const token = drawToken(probs, rngOf(slot).next());
        const o = out[slot]!;
        o.tokens.push(token);
        o.lp.push(Math.log(probs[token]!));
        o.mlp.push(modelLogProb(l, token));
        if (node) nodes[slot] = node.children.get(token);
        if (token === EOS_ID) o.finish = 'eos';
        // A constrained answer runs to its EOS (its length was checked against the context up front).
        else if ((node || o.tokens.length < maxTokens) && cache.lengths[slot]! < config.context)
          next.push({ slot, token });
      }
      active = next.map((r) => r.slot);
      if (next.length > 0) logits = decodeForward({ mem: model.memory, cache, rows: next });
    }
    return out.map((o) => ({
      tokens: o.tokens,
      text: decode(o.tokens),
      finish: o.finish,
      tokenLogprobs: o.lp,
      logprob: o.lp.reduce((a, b) => a + b, 0),
      modelTokenLogprobs: o.mlp,
      modelLogprob: o.mlp.reduce((a, b) => a + b, 0),
    }));
  } finally {
    heap.release(mark);
  }
}
