import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Llama, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BOS_ID,
  createModel,
  createOptimizer,
  encode,
  EOS_ID,
  type LmModel,
  type ModelConfigInput,
  resolveModelConfig,
  saveModel,
} from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createRng } from '../../util/rng.ts';
import { suppressedIds } from './byte-vocab.ts';
import { exportModel } from './export-model.ts';
import { writeGgufFile } from './gguf-writer.ts';
import { llamaGgufContents } from './llama-gguf.ts';
import { defaultParityPrompts, greedyContinuation, parityPromptIds, promptLogits } from './parity-record.ts';

// Our model against llama.cpp itself: the exported GGUF loaded by node-llama-cpp's prebuilt CPU binary must give
// our logits and our greedy text. Skipped only where node-llama-cpp ships no binary that runs on this platform.
const nodeLlamaCpp = await import('node-llama-cpp');
const probe: { llama: Llama } | { reason: string } = await nodeLlamaCpp
  .getLlama({
    gpu: false, // the CPU build: the same arithmetic everywhere, and CI has no GPU
    build: 'never', // never compile llama.cpp from source (that needs a download)
    skipDownload: true,
    progressLogs: false,
    // One thread: the models are tiny, and llama.cpp's default (≥ 4 spinning threads) crawls on a 2-core CI box.
    maxThreads: 1,
    logLevel: nodeLlamaCpp.LlamaLogLevel.error,
  })
  .then(
    (llama) => ({ llama }),
    (error: unknown) => {
      // Only "no binary runs here" skips (none shipped, or none loads); any other failure is a failing test.
      if (error instanceof nodeLlamaCpp.NoBinaryFoundError) return { reason: error.message };
      throw error;
    },
  );
const skipReason =
  'reason' in probe ? `node-llama-cpp has no prebuilt llama.cpp binary for this platform: ${probe.reason}` : undefined;
if (skipReason) console.warn(`skipping the llama.cpp parity test: ${skipReason}`);

/**
 * Largest |Δlogit| allowed between llama.cpp (F32 weights, F32 KV cache) and our kernels, for logits up to about 10.
 * Measured: 7e-6 untied, 5e-5 tied (docs/export-models.md); float32 rounding is the only difference left, so 10×
 * headroom covers other CPUs' SIMD paths. Without the q/k permutation the logits are off by about 11.
 */
const TOLERANCE = 5e-4;
const CONTEXT = 64;

/** A tiny model trained a few AdamW steps on a few sentences, so its logits are far from flat. */
function trainedModel(overrides: ModelConfigInput = {}): LmModel {
  const config = resolveModelConfig({ layers: 2, width: 32, heads: 2, context: CONTEXT, ...overrides });
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(3) });
  const optimizer = createOptimizer({ model, config: { lr: 1e-2 } });
  const text = 'the cat sat on the mat.\nthe dog sat on the log. Hello, world! naïve ☃';
  const seq = [BOS_ID, ...encode(text)].slice(0, CONTEXT + 1);
  for (let step = 0; step < 40; step++) {
    model.zeroGrads();
    model.forwardBackward({
      batch: 1,
      tokens: Int32Array.from(seq.slice(0, -1)),
      targets: Int32Array.from(seq.slice(1)),
    });
    optimizer.step();
  }
  return model;
}

async function exportGguf(model: LmModel): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gguf-llama-cpp-'));
  await saveModel(join(root, 'ckpt'), { model });
  const file = join(root, 'model.gguf');
  await exportModel({ source: join(root, 'ckpt'), format: 'gguf', out: file });
  return file;
}

async function openInLlamaCpp(llama: Llama, file: string) {
  const model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
  // F32 KV cache: llama.cpp's default F16 cache rounds K and V (up to 1e-2 in these logits).
  const context = await model.createContext({
    contextSize: CONTEXT,
    flashAttention: false,
    experimentalKvCacheKeyType: 'F32',
    experimentalKvCacheValueType: 'F32',
  });
  return { model, context, sequence: context.getSequence() };
}

/**
 * llama.cpp's next-token log-probabilities at every position of `ids`, one batch. node-llama-cpp 3.21 hands out the
 * softmax (at temperature 1, no truncation), not the logits; a row's logits and log-probs differ by one constant, so
 * comparing log-probs compares the logits up to that shift.
 */
async function llamaLogprobs(sequence: LlamaContextSequence, ids: readonly number[], vocab: number) {
  await sequence.clearHistory();
  const next = { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } };
  const outputs = await sequence.controlledEvaluate(ids.map((id) => [id as Token, { generateNext: next }]));
  if (outputs.length !== ids.length)
    throw new Error(`node-llama-cpp returned ${outputs.length} outputs for ${ids.length} tokens`);
  return outputs.map((output, position) => {
    const probabilities = output?.next.probabilities;
    if (!probabilities || probabilities.size !== vocab) {
      throw new Error(
        `node-llama-cpp returned ${probabilities?.size ?? 'no'} probabilities at position ${position}, not ${vocab}`,
      );
    }
    const row = new Float64Array(vocab).fill(Number.NaN);
    for (const [token, p] of probabilities) row[token] = Math.log(p);
    return row;
  });
}

/** Our log-softmax of each logits row. */
function logSoftmax(rows: readonly ArrayLike<number>[]): Float64Array[] {
  return rows.map((row) => {
    const values = Array.from(row);
    const max = Math.max(...values);
    const lse = max + Math.log(values.reduce((s, x) => s + Math.exp(x - max), 0));
    return Float64Array.from(values, (x) => x - lse);
  });
}

/** llama.cpp's own greedy sampler, with the ids our free decoding never samples banned, until EOS or `max`. */
async function llamaGreedy(
  lm: LlamaModel,
  sequence: LlamaContextSequence,
  options: { ids: readonly number[]; max: number; vocab: number },
) {
  const { ids, max } = options;
  await sequence.clearHistory();
  const banned = suppressedIds(options.vocab) as Token[];
  const tokenBias = new nodeLlamaCpp.TokenBias(lm.tokenizer).set(banned, 'never');
  const out: number[] = [];
  for await (const token of sequence.evaluate(ids as Token[], { temperature: 0, tokenBias })) {
    out.push(token);
    if (token === EOS_ID || out.length >= max) break;
  }
  return out;
}

async function maxLogitDifference(llama: Llama, ours: LmModel, file: string): Promise<number> {
  const { model, context, sequence } = await openInLlamaCpp(llama, file);
  let max = 0;
  try {
    for (const text of defaultParityPrompts) {
      const { ids } = parityPromptIds(text, CONTEXT);
      const expected = logSoftmax(promptLogits(ours, ids));
      const got = await llamaLogprobs(sequence, ids, ours.config.vocabSize);
      // NaN (a token llama.cpp left out) must fail the comparison, not vanish in Math.max.
      got.forEach((row, r) =>
        row.forEach((x, v) => {
          const gap = Math.abs(x - expected[r]![v]!);
          max = Number.isNaN(gap) ? Number.POSITIVE_INFINITY : Math.max(max, gap);
        }),
      );
    }
  } finally {
    await context.dispose();
    await model.dispose();
  }
  return max;
}

describe.skipIf(skipReason !== undefined)('GGUF export in llama.cpp (node-llama-cpp)', () => {
  const llama = 'llama' in probe ? probe.llama : undefined;
  afterAll(() => llama?.dispose());

  it('tokenizes text to our byte ids, with our BOS/EOS, and decodes them back', async () => {
    const ours = trainedModel();
    const { model, context } = await openInLlamaCpp(llama!, await exportGguf(ours));
    try {
      expect([model.tokens.bos, model.tokens.eos, model.tokens.shouldPrependBosToken]).toEqual([256, 257, true]);
      const texts = ['Hello, world!', ' two  spaces\n\ttab', 'naïve café — ☃ 𝄞', '12345 {"a": [1]}', '<|endoftext|>'];
      for (const text of texts) {
        expect(model.tokenize(text), text).toEqual(encode(text));
        expect(model.detokenize(encode(text) as Token[]), text).toBe(text);
      }
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });

  it(`gives our logits within ${TOLERANCE} and our greedy continuations (trained, untied)`, async () => {
    const ours = trainedModel();
    const file = await exportGguf(ours);
    const max = await maxLogitDifference(llama!, ours, file);
    console.info(`llama.cpp vs ours, untied: max |Δ log p| = ${max.toExponential(2)}`);
    expect(max).toBeLessThan(TOLERANCE);

    const { model, context, sequence } = await openInLlamaCpp(llama!, file);
    let compared = 0;
    try {
      for (const text of ['the cat', 'the dog sat', 'Hello, world!\n', '']) {
        const { ids } = parityPromptIds(text, CONTEXT);
        const mine = greedyContinuation(ours, ids, 24);
        const theirs = await llamaGreedy(model, sequence, { ids, max: 24, vocab: ours.config.vocabSize });
        expect(theirs, JSON.stringify(text)).toEqual(mine.ids);
        expect(model.detokenize(theirs.filter((t) => t !== EOS_ID) as Token[])).toBe(mine.text);
        compared += mine.ids.length;
      }
      expect(compared).toBeGreaterThan(40); // real continuations, not an immediate EOS
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });

  it('gives our logits with tied embeddings (no output.weight: llama.cpp reuses token_embd)', async () => {
    const ours = trainedModel({ tieEmbeddings: true });
    const max = await maxLogitDifference(llama!, ours, await exportGguf(ours));
    console.info(`llama.cpp vs ours, tied: max |Δ log p| = ${max.toExponential(2)}`);
    expect(max).toBeLessThan(TOLERANCE);
  });

  it('would catch a missing Q/K permutation: rotate-half rows under llama.cpp’s interleaved RoPE are far off', async () => {
    const ours = trainedModel();
    const params = ours.params().slice();
    const contents = llamaGgufContents({ config: ours.config, params, name: 'unpermuted' });
    // The same file with blk.N.attn_q / attn_k rows left in HF order.
    const hfRows = (name: string): Float32Array | undefined => {
      const match = /^blk\.(\d+)\.attn_([qk])\.weight$/.exec(name);
      if (!match) return undefined;
      const layer = ours.layout.layers[Number(match[1])]!;
      const slot = match[2] === 'q' ? layer.q : layer.k;
      return params.subarray(slot.offset, slot.offset + slot.size);
    };
    const tensors = contents.tensors.map((t) => ({ ...t, data: hfRows(t.name) ?? t.data }));
    expect(tensors.filter((t, i) => t.data !== contents.tensors[i]!.data)).toHaveLength(2 * ours.config.layers);
    const file = join(await mkdtemp(join(tmpdir(), 'gguf-unpermuted-')), 'model.gguf');
    await writeGgufFile(file, { metadata: contents.metadata, tensors });
    const max = await maxLogitDifference(llama!, ours, file);
    console.info(`llama.cpp vs ours, q/k not permuted: max |Δ log p| = ${max.toExponential(2)}`);
    expect(max).toBeGreaterThan(100 * TOLERANCE);
  });
});
