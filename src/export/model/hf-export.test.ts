import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createModel,
  decodeSafetensors,
  encode,
  encodeWithBos,
  type ModelConfigInput,
  paramLayout,
  resolveModelConfig,
  saveModel,
} from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createRng } from '../../util/rng.ts';
import { byteSymbols } from './byte-vocab.ts';
import { exportModel } from './export-model.ts';
import { hfExportFiles } from './hf-export.ts';
import { greedyContinuation, type ParityRecord, promptLogits } from './parity-record.ts';

async function exportTiny(overrides: ModelConfigInput = {}) {
  const root = await mkdtemp(join(tmpdir(), 'hf-export-'));
  const config = resolveModelConfig({ layers: 2, width: 16, heads: 2, context: 48, initStd: 0.2, ...overrides });
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(5) });
  await saveModel(join(root, 'ckpt'), { model });
  const out = join(root, 'hf');
  await exportModel({ source: join(root, 'ckpt'), format: 'hf', out });
  const readJson = async (name: string) =>
    JSON.parse(await readFile(join(out, name), 'utf8')) as Record<string, unknown>;
  return { model, config, out, readJson };
}

/**
 * Tokenizes as HF tokenizers runs this tokenizer.json: the ByteLevel pre-tokenizer turns each UTF-8 byte into its
 * GPT-2 symbol (byte-vocab.test.ts checks that table), then BPE with no merges looks each symbol up in the vocab.
 */
function tokenizeWith(tokenizer: { model: { vocab: Record<string, number> } }, text: string): (number | undefined)[] {
  const symbols = byteSymbols();
  return [...encode(text)].map((byte) => tokenizer.model.vocab[symbols[byte]!]);
}

describe('HF export', () => {
  it('writes the weights under the names and shapes LlamaForCausalLM loads, and a matching config', async () => {
    const { model, config, out, readJson } = await exportTiny();
    expect((await readdir(out)).sort()).toEqual([...hfExportFiles].sort());
    expect(await readJson('config.json')).toMatchObject({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      vocab_size: 259,
      hidden_size: 16,
      intermediate_size: config.mlpHidden,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      num_key_value_heads: 2,
      head_dim: 8,
      max_position_embeddings: 48,
      rms_norm_eps: 1e-5,
      rope_theta: 10000,
      hidden_act: 'silu',
      tie_word_embeddings: false,
      bos_token_id: 256,
      eos_token_id: 257,
      pad_token_id: 258,
    });
    const file = join(out, 'model.safetensors');
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(await readFile(file)), file);
    expect(metadata).toEqual({ format: 'pt' });
    const D = 16;
    const F = config.mlpHidden;
    const expected: Record<string, number[]> = {
      'model.embed_tokens.weight': [259, D],
      'model.norm.weight': [D],
      'lm_head.weight': [259, D],
    };
    for (let i = 0; i < 2; i++) {
      const p = `model.layers.${i}`;
      Object.assign(expected, {
        [`${p}.input_layernorm.weight`]: [D],
        [`${p}.post_attention_layernorm.weight`]: [D],
        [`${p}.self_attn.q_proj.weight`]: [D, D],
        [`${p}.self_attn.k_proj.weight`]: [D, D],
        [`${p}.self_attn.v_proj.weight`]: [D, D],
        [`${p}.self_attn.o_proj.weight`]: [D, D],
        [`${p}.mlp.gate_proj.weight`]: [F, D],
        [`${p}.mlp.up_proj.weight`]: [F, D],
        [`${p}.mlp.down_proj.weight`]: [D, F],
      });
    }
    expect(Object.fromEntries([...tensors].map(([name, t]) => [name, t.shape]))).toEqual(expected);
    // No permutation or renaming: each tensor is the checkpoint's slot.
    for (const slot of paramLayout(config).tensors) {
      expect(tensors.get(slot.name)!.data).toEqual(model.params().slice(slot.offset, slot.offset + slot.size));
    }
  });

  it('omits lm_head.weight for tied embeddings, which tie_word_embeddings tells transformers to share', async () => {
    const { out, readJson } = await exportTiny({ tieEmbeddings: true });
    expect(await readJson('config.json')).toMatchObject({ tie_word_embeddings: true });
    const file = join(out, 'model.safetensors');
    const { tensors } = decodeSafetensors(new Uint8Array(await readFile(file)), file);
    expect(tensors.has('lm_head.weight')).toBe(false);
    expect(tensors.has('model.embed_tokens.weight')).toBe(true);
  });

  it('writes a tokenizer that gives our ids: bytes through the vocabulary, BOS prepended, specials as added tokens', async () => {
    const { readJson } = await exportTiny();
    const tokenizer = (await readJson('tokenizer.json')) as {
      model: { type: string; vocab: Record<string, number>; merges: unknown[] };
      added_tokens: { id: number; content: string; special: boolean }[];
      pre_tokenizer: { type: string };
      decoder: { type: string };
      post_processor: { type: string; single: unknown[]; special_tokens: Record<string, { ids: number[] }> };
    };
    expect(tokenizer.model.type).toBe('BPE');
    expect(tokenizer.model.merges).toEqual([]);
    expect(Object.values(tokenizer.model.vocab).sort((a, b) => a - b)).toEqual([...Array(256).keys()]);
    expect(tokenizer.model.vocab['Ġ']).toBe(32);
    expect(tokenizer.model.vocab['Ċ']).toBe(10);
    expect([tokenizer.pre_tokenizer.type, tokenizer.decoder.type]).toEqual(['ByteLevel', 'ByteLevel']);
    expect(tokenizer.added_tokens.map((t) => [t.id, t.content, t.special])).toEqual([
      [256, '<|bos|>', true],
      [257, '<|endoftext|>', true],
      [258, '<|pad|>', true],
    ]);
    expect(tokenizer.post_processor.type).toBe('TemplateProcessing');
    expect(tokenizer.post_processor.special_tokens['<|bos|>']!.ids).toEqual([256]);
    for (const text of ['', 'Hello, world!', ' two  spaces\n\ttab', 'naïve ☃ 𝄞', 'Your move: <|bos|>']) {
      expect(tokenizeWith(tokenizer, text), text).toEqual(encode(text));
    }
    expect(await readJson('tokenizer_config.json')).toMatchObject({
      tokenizer_class: 'PreTrainedTokenizerFast',
      bos_token: '<|bos|>',
      eos_token: '<|endoftext|>',
      pad_token: '<|pad|>',
      add_bos_token: true,
      add_eos_token: false,
      model_max_length: 48,
      split_special_tokens: true,
    });
    expect(await readJson('special_tokens_map.json')).toEqual({
      bos_token: '<|bos|>',
      eos_token: '<|endoftext|>',
      pad_token: '<|pad|>',
    });
    expect(await readJson('generation_config.json')).toEqual({
      bos_token_id: 256,
      eos_token_id: 257,
      pad_token_id: 258,
      suppress_tokens: [256, 258],
    });
  });

  it('records prompts, our logits at every position and our greedy continuations in parity.json', async () => {
    const { model, readJson } = await exportTiny();
    const parity = (await readJson('parity.json')) as unknown as ParityRecord;
    expect(parity).toMatchObject({
      format: 'selfplay-export-parity',
      version: 1,
      eosId: 257,
      suppressedIds: [256, 258],
    });
    expect(parity.prompts.length).toBeGreaterThanOrEqual(4);
    for (const p of parity.prompts) {
      const all = encodeWithBos(p.text);
      expect(p.ids).toEqual(all.slice(0, p.ids.length));
      expect(p.truncated).toBe(p.ids.length < all.length);
      expect(p.ids.length).toBeLessThan(48);
      const ours = promptLogits(model, p.ids);
      expect(p.logitsFrom).toBe(0);
      expect(p.logits.length).toBe(p.ids.length);
      p.logits.forEach((row, r) => expect(Float32Array.from(row)).toEqual(ours[r]));
      expect(p.greedy).toEqual(greedyContinuation(model, p.ids, p.greedy.maxNewTokens));
      expect(p.greedy.maxNewTokens).toBe(Math.min(24, 48 - p.ids.length));
    }
    // The long observation does not fit in 47 tokens: it is cut, and says so.
    expect(parity.prompts.some((p) => p.truncated)).toBe(true);
  });
});
