import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { resolveModelConfig } from './config.ts';
import { decodeForward } from './decode-forward.ts';
import { scoringPlan } from './choose-by-scoring.ts';
import { generate } from './generate.ts';
import { createHeap, createKernels } from './kernels/index.ts';
import { createKvCache } from './kv-cache.ts';
import { createModel } from './model.ts';
import { candidateProbabilities, scoreCompletions } from './scoring.ts';
import { EOS_ID, encode, encodeWithBos, PAD_ID } from './tokenizer.ts';

// An untrained model with large weights: its distributions are far from uniform, so wrong bookkeeping shows.
const config = resolveModelConfig({ layers: 2, width: 32, heads: 4, context: 24, initStd: 0.2 });
const model = createModel({
  kernels: createKernels({ heap: createHeap(), backend: 'simd' }),
  config,
  rng: createRng(1),
});
const V = config.vocabSize;

function fullLogits(tokens: number[]): Float32Array {
  let out = new Float32Array();
  const n = tokens.length;
  model.forward(
    { batch: 1, tokens: Int32Array.from(tokens), targets: new Int32Array(n), weights: new Float32Array(n) },
    (l) => {
      out = l.slice();
    },
  );
  return out;
}

describe('KV-cache decoding', () => {
  it('gives the logits of a full forward pass, whether prefilled in chunks or fed token by token', () => {
    const rng = createRng(2);
    const a = Array.from({ length: 11 }, () => rng.int(256));
    const b = Array.from({ length: 7 }, () => rng.int(256));
    const heap = model.kernels.heap;
    const mark = heap.mark();
    const cache = createKvCache(model.memory, 2);
    // Slot 0: a prefix of 4 as one chunk; slot 1: 2 tokens; then both advance together one token at a time.
    const got: number[][][] = [[], []];
    const push = (slot: number, logits: Float32Array, rows: number, from = 0) => {
      for (let r = 0; r < rows; r++) got[slot]!.push(Array.from(logits.subarray((from + r) * V, (from + r + 1) * V)));
    };
    push(0, decodeForward({ mem: model.memory, cache, rows: a.slice(0, 4).map((token) => ({ slot: 0, token })) }), 4);
    push(1, decodeForward({ mem: model.memory, cache, rows: b.slice(0, 2).map((token) => ({ slot: 1, token })) }), 2);
    for (let t = 0; t < 5; t++) {
      const logits = decodeForward({
        mem: model.memory,
        cache,
        rows: [
          { slot: 1, token: b[2 + t]! },
          { slot: 0, token: a[4 + t]! },
        ],
      });
      push(1, logits, 1, 0);
      push(0, logits, 1, 1);
    }
    push(
      0,
      decodeForward({
        mem: model.memory,
        cache,
        rows: a.slice(9).map((token) => ({ slot: 0, token })),
        lastOnly: true,
      }),
      1,
    );
    heap.release(mark);

    const wantA = fullLogits(a);
    const wantB = fullLogits(b);
    const rowsA = [...Array.from({ length: 9 }, (_, r) => r), 10];
    const maxDiff = (rows: number[][], want: Float32Array, at: readonly number[]) =>
      Math.max(...rows.map((row, i) => Math.max(...row.map((x, j) => Math.abs(x - want[at[i]! * V + j]!)))));
    expect(got[0]!.length).toBe(rowsA.length);
    expect(got[1]!.length).toBe(b.length);
    expect(maxDiff(got[0]!, wantA, rowsA)).toBeLessThan(1e-4);
    expect(
      maxDiff(
        got[1]!,
        wantB,
        b.map((_, r) => r),
      ),
    ).toBeLessThan(1e-4);
  });

  it('refuses to run past the context, saying what to shorten', () => {
    const heap = model.kernels.heap;
    const mark = heap.mark();
    const cache = createKvCache(model.memory, 1);
    const rows = Array.from({ length: 25 }, () => ({ slot: 0, token: 1 }));
    expect(() => decodeForward({ mem: model.memory, cache, rows })).toThrow(/beyond the model's context 24/);
    heap.release(mark);
  });
});

describe('sampling', () => {
  const actions = ['[check]', '[bet]', '[bet] 2', '[fold]'];
  const prompt = encodeWithBos('You hold K. ');

  it('constrained decoding only ever emits an allowed string, ending in EOS', () => {
    const prompts = Array.from({ length: 40 }, () => prompt);
    const gens = generate({ model, prompts, rng: createRng(3), temperature: 1.5, allowed: prompts.map(() => actions) });
    for (const g of gens) {
      expect(actions).toContain(g.text);
      expect(g.finish).toBe('eos');
      expect(g.tokens).toEqual([...encode(g.text), EOS_ID]);
    }
    expect(new Set(gens.map((g) => g.text)).size).toBeGreaterThan(1);
  });

  it('reports log-probs equal to teacher-forced scoring under the same constraint and settings', () => {
    for (const settings of [
      { temperature: 1, topP: 1 },
      { temperature: 0.7, topP: 0.9 },
    ]) {
      const prompts = [prompt, encodeWithBos('x'), prompt];
      const allowed = [actions, undefined, ['[a]', '[b]']];
      const gens = generate({ model, prompts, rng: createRng(4), maxTokens: 6, allowed, ...settings });
      const scores = scoreCompletions({
        model,
        items: gens.map((g, i) => ({
          prompt: prompts[i]!,
          completion: g.tokens,
          ...(allowed[i] ? { allowed: allowed[i] } : {}),
        })),
        ...settings,
      });
      gens.forEach((g, i) => {
        expect(scores[i]!.logprob).toBeCloseTo(g.logprob, 4);
        expect(scores[i]!.modelLogprob).toBeCloseTo(g.modelLogprob, 4);
        for (const [t, lp] of scores[i]!.tokenLogprobs.entries()) expect(lp).toBeCloseTo(g.tokenLogprobs[t]!, 4);
        // At temperature 1 the constraint only renormalises, so it never lowers a token's probability.
        if (allowed[i] && settings.temperature === 1 && settings.topP === 1)
          expect(g.logprob).toBeGreaterThanOrEqual(g.modelLogprob - 1e-6);
      });
      expect(gens[1]!.tokens.length).toBeLessThanOrEqual(6);
    }
  });

  it('gives candidate probabilities that sum to one and match sampling frequencies, decoded or scored', () => {
    const probs = candidateProbabilities({ model, prompt, candidates: actions });
    expect(probs.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 6);
    for (const p of probs) expect(p.modelProbability).toBeLessThanOrEqual(p.probability + 1e-9);
    const n = 300;
    const rng = createRng(5);
    // One prompt per call is decoded token by token; 300 copies of it in one call are answered by scoring.
    const decoded = Array.from(
      { length: n },
      () => generate({ model, prompts: [prompt], rng, allowed: [actions] })[0]!,
    );
    expect(scoringPlan({ prompts: [prompt], allowed: [actions] })).toBeUndefined();
    const scored = generate({
      model,
      prompts: Array.from({ length: n }, () => prompt),
      rng,
      allowed: Array.from({ length: n }, () => actions),
    });
    expect(scoringPlan({ prompts: scored.map(() => prompt), allowed: scored.map(() => actions) })).toBeDefined();
    for (const gens of [decoded, scored]) {
      for (const p of probs) {
        const freq = gens.filter((g) => g.text === p.text).length / n;
        expect(Math.abs(freq - p.probability)).toBeLessThan(
          4 * Math.sqrt((p.probability * (1 - p.probability)) / n) + 0.01,
        );
      }
    }
    // A scored answer carries what a decoded one does: its tokens, EOS, and log-probs equal to teacher forcing.
    for (const g of scored.slice(0, 20)) {
      const [score] = scoreCompletions({ model, items: [{ prompt, completion: g.tokens, allowed: actions }] });
      expect(g.tokens).toEqual([...encode(g.text), EOS_ID]);
      expect(g.finish).toBe('eos');
      expect(g.logprob).toBeCloseTo(score!.logprob, 6);
      expect(g.modelTokenLogprobs).toEqual(score!.modelTokenLogprobs);
    }
    expect(
      scoreCompletions({ model, items: [{ prompt, completion: encode('[raise]'), allowed: actions }] })[0]!.logprob,
    ).toBe(Number.NEGATIVE_INFINITY);
  });

  it('scores a repeated item once and hands every copy the same figures', () => {
    const other = { prompt: encodeWithBos('x'), completion: [...encode('[b]'), EOS_ID], allowed: ['[a]', '[b]'] };
    const item = { prompt, completion: [...encode('[bet]'), EOS_ID], allowed: actions };
    const [alone] = scoreCompletions({ model, items: [item] });
    const batch = scoreCompletions({ model, items: [item, other, item, { ...item, allowed: undefined }] });
    expect(batch[0]).toEqual(alone);
    expect(batch[2]).toEqual(alone);
    expect(batch[1]!.logprob).not.toBeCloseTo(alone!.logprob, 3);
    // Without the constraint the same tokens score differently: the constraint is part of what makes items equal.
    expect(batch[3]!.logprob).toBeLessThan(alone!.logprob);
  });

  it('is reproducible from the seed, and greedy decoding has probability one', () => {
    const run = (seed: number) =>
      generate({ model, prompts: [prompt, prompt], rng: createRng(seed), maxTokens: 8 }).map((g) => g.tokens);
    expect(run(6)).toEqual(run(6));
    expect(run(6)).not.toEqual(run(7));
    const greedy = generate({ model, prompts: [prompt], rng: createRng(1), temperature: 0, maxTokens: 5 })[0]!;
    expect(greedy.logprob).toBe(0);
    const greedyScored = generate({
      model,
      prompts: Array.from({ length: 10 }, () => prompt),
      rng: createRng(1),
      temperature: 0,
      allowed: Array.from({ length: 10 }, () => actions),
    });
    const [first] = greedyScored;
    for (const g of greedyScored) expect([g.text, g.logprob]).toEqual([first!.text, 0]);
    expect(greedy.tokens.length === 5 || greedy.finish === 'eos').toBe(true);
    expect(() => generate({ model, prompts: [Array(24).fill(1)], rng: createRng(1) })).toThrow(/leaves no room/);
  });

  it('free text is bytes and EOS only: BOS and PAD are never sampled and score −∞', () => {
    const gens = generate({
      model,
      prompts: Array.from({ length: 8 }, () => prompt),
      rng: createRng(8),
      temperature: 3,
    });
    for (const g of gens) for (const t of g.tokens) expect(t === EOS_ID || (t >= 0 && t < 256)).toBe(true);
    const [padScore] = scoreCompletions({ model, items: [{ prompt, completion: [104, PAD_ID] }] });
    expect(padScore!.tokenLogprobs[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(padScore!.modelTokenLogprobs[1])).toBe(true);
  });
});
