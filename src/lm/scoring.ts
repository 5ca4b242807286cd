import { allowedNext, buildAllowedTrie, type TrieNode } from './allowed-trie.ts';
import type { LmModel } from './model.ts';
import { checkDistributionOptions, modelLogProb, tokenDistribution } from './token-distribution.ts';
import { EOS_ID, encode, OUTPUT_IDS, PAD_ID } from './tokenizer.ts';

export interface ScoreItem {
  /** Prompt token ids (start with BOS). */
  readonly prompt: readonly number[];
  /** Completion token ids to score (include EOS to score stopping). */
  readonly completion: readonly number[];
  /** Score under constrained decoding to these strings, exactly as `generate` would sample. */
  readonly allowed?: readonly string[];
}

export interface CompletionScore {
  /**
   * log p per completion token under the sampling distribution (the constraint, or bytes + EOS for free text;
   * temperature; top-p); −∞ where that distribution cannot produce the token.
   */
  readonly tokenLogprobs: readonly number[];
  readonly logprob: number;
  /** log p per completion token under the model itself (temperature 1, no constraint). */
  readonly modelTokenLogprobs: readonly number[];
  readonly modelLogprob: number;
}

export interface ScoreOptions {
  readonly model: LmModel;
  readonly items: readonly ScoreItem[];
  /** Must match the sampling settings to compare with `generate`'s log-probs; default 1 and 1. */
  readonly temperature?: number;
  readonly topP?: number;
  /** Sequences per forward pass (memory vs. speed); default 16. */
  readonly batchSize?: number;
}

export class ScoreError extends Error {
  override readonly name = 'ScoreError';
}

/**
 * Teacher-forced scoring: log p(completion | prompt) per token and summed, for a batch of items, from one
 * forward pass per chunk (no sampling, no KV cache). Uses the same distribution code as `generate`. Repeated items
 * (the same prompt, completion and constraint, common when a small game's turns are scored) are scored once.
 */
export function scoreCompletions(options: ScoreOptions): CompletionScore[] {
  const slotOf = new Map<string, number>();
  const distinct: ScoreItem[] = [];
  const slots = options.items.map((it) => {
    const constraint = it.allowed ? `=${it.allowed.join('\u0000')}` : 'free';
    const key = `${it.prompt.join(',')}|${it.completion.join(',')}|${constraint}`;
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = distinct.push(it) - 1;
      slotOf.set(key, slot);
    }
    return slot;
  });
  if (distinct.length === options.items.length) return scoreDistinct(options);
  const scores = scoreDistinct({ ...options, items: distinct });
  return slots.map((i) => scores[i]!);
}

function scoreDistinct(options: ScoreOptions): CompletionScore[] {
  const { model, items } = options;
  const dist = { temperature: options.temperature ?? 1, topP: options.topP ?? 1 };
  checkDistributionOptions(dist);
  const batchSize = options.batchSize ?? 16;
  const V = model.config.vocabSize;
  const results: CompletionScore[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const chunk = items.slice(start, start + batchSize);
    const L = Math.max(...chunk.map((it) => it.prompt.length + it.completion.length - 1));
    chunk.forEach((it, i) => {
      if (it.prompt.length === 0 || it.completion.length === 0) {
        throw new ScoreError(
          `item ${start + i}: prompt and completion must both be non-empty (start prompts with BOS)`,
        );
      }
    });
    if (L > model.config.context) {
      throw new ScoreError(
        `an item of ${L + 1} tokens exceeds the model's context ${model.config.context}; shorten it`,
      );
    }
    const n = chunk.length * L;
    const tokens = new Int32Array(n).fill(PAD_ID);
    const targets = new Int32Array(n).fill(PAD_ID);
    chunk.forEach((it, b) => {
      const full = [...it.prompt, ...it.completion];
      for (let t = 0; t < full.length - 1; t++) {
        tokens[b * L + t] = full[t]!;
        targets[b * L + t] = full[t + 1]!;
      }
    });
    const scored = chunk.map(() => ({ lp: [] as number[], mlp: [] as number[] }));
    model.forward({ batch: chunk.length, tokens, targets, weights: new Float32Array(n) }, (logits) => {
      chunk.forEach((it, b) => {
        let node: TrieNode | undefined = it.allowed ? buildAllowedTrie(it.allowed) : undefined;
        for (const [j, token] of it.completion.entries()) {
          const r = b * L + it.prompt.length - 1 + j;
          const row = logits.subarray(r * V, (r + 1) * V);
          scored[b]!.mlp.push(modelLogProb(row, token));
          if (it.allowed && !node) {
            scored[b]!.lp.push(Number.NEGATIVE_INFINITY); // already left the allowed set
            continue;
          }
          const probs = tokenDistribution(row, { ...dist, allowed: node ? allowedNext(node) : OUTPUT_IDS });
          scored[b]!.lp.push(Math.log(probs[token]!));
          if (node) node = node.children.get(token);
        }
      });
    });
    for (const s of scored) {
      results.push({
        tokenLogprobs: s.lp,
        logprob: s.lp.reduce((a, b) => a + b, 0),
        modelTokenLogprobs: s.mlp,
        modelLogprob: s.mlp.reduce((a, b) => a + b, 0),
      });
    }
  }
  return results;
}

export interface CandidateProbability {
  readonly text: string;
  /** Probability under constrained decoding to the candidate set (these sum to 1). */
  readonly probability: number;
  /** Probability the unconstrained model writes exactly this string and then EOS. */
  readonly modelProbability: number;
}

/**
 * The probability of each candidate answer (e.g. each legal action) as a complete string followed by EOS:
 * what measuring the exploitability of an LM policy needs.
 */
export function candidateProbabilities(options: {
  model: LmModel;
  prompt: readonly number[];
  candidates: readonly string[];
  temperature?: number;
  topP?: number;
}): CandidateProbability[] {
  const candidates = [...new Set(options.candidates)];
  const scores = scoreCompletions({
    model: options.model,
    items: candidates.map((c) => ({ prompt: options.prompt, completion: [...encode(c), EOS_ID], allowed: candidates })),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
  });
  return candidates.map((text, i) => ({
    text,
    probability: Math.exp(scores[i]!.logprob),
    modelProbability: Math.exp(scores[i]!.modelLogprob),
  }));
}
