import { describe, expect, it } from 'vitest';
import { encode, paramLayout, resolveModelConfig } from '../../lm/index.ts';
import { byteSymbols } from './byte-vocab.ts';
import type { GgufValue } from './gguf-format.ts';
import { llamaGgufContents, permuteForInterleavedRope } from './llama-gguf.ts';

const config = resolveModelConfig({ layers: 2, width: 16, heads: 2, context: 32 });
const params = Float32Array.from({ length: paramLayout(config).total }, (_, i) => i);

/** Rotary embedding of one head vector at position p, in either pairing. */
function rope(x: readonly number[], p: number, pairing: 'half' | 'interleaved'): number[] {
  const hd = x.length;
  const out = [...x];
  for (let i = 0; i < hd / 2; i++) {
    const angle = p * 10000 ** (-(2 * i) / hd);
    const [a, b] = pairing === 'half' ? [i, i + hd / 2] : [2 * i, 2 * i + 1];
    out[a] = x[a]! * Math.cos(angle) - x[b]! * Math.sin(angle);
    out[b] = x[a]! * Math.sin(angle) + x[b]! * Math.cos(angle);
  }
  return out;
}

describe('llama GGUF contents', () => {
  it('declares every llama.* key llama.cpp needs, with the types it checks', () => {
    const metadata = new Map(llamaGgufContents({ config, params, name: 'tiny' }).metadata);
    const expected: Record<string, GgufValue> = {
      'general.architecture': { type: 'string', value: 'llama' },
      'general.alignment': { type: 'u32', value: 32 },
      'general.file_type': { type: 'u32', value: 0 },
      'llama.context_length': { type: 'u32', value: 32 },
      'llama.embedding_length': { type: 'u32', value: 16 },
      'llama.block_count': { type: 'u32', value: 2 },
      'llama.feed_forward_length': { type: 'u32', value: config.mlpHidden },
      'llama.attention.head_count': { type: 'u32', value: 2 },
      'llama.attention.head_count_kv': { type: 'u32', value: 2 },
      'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
      'llama.rope.dimension_count': { type: 'u32', value: 8 },
      'llama.rope.freq_base': { type: 'f32', value: 10000 },
      'llama.vocab_size': { type: 'u32', value: 259 },
      'tokenizer.ggml.model': { type: 'string', value: 'gpt2' },
      'tokenizer.ggml.pre': { type: 'string', value: 'default' },
      'tokenizer.ggml.merges': { type: 'array', itemType: 'string', value: [] },
      'tokenizer.ggml.bos_token_id': { type: 'u32', value: 256 },
      'tokenizer.ggml.eos_token_id': { type: 'u32', value: 257 },
      'tokenizer.ggml.padding_token_id': { type: 'u32', value: 258 },
      'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
      'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
    };
    for (const [key, value] of Object.entries(expected)) expect(metadata.get(key), key).toEqual(value);
  });

  it('spells the byte vocabulary as unique GPT-2 byte symbols, then the control tokens', () => {
    const metadata = new Map(llamaGgufContents({ config, params, name: 'tiny' }).metadata);
    const tokens = metadata.get('tokenizer.ggml.tokens')!.value as string[];
    const types = metadata.get('tokenizer.ggml.token_type')!.value as number[];
    expect(tokens).toHaveLength(259);
    expect(new Set(tokens).size).toBe(259);
    // Facts of GPT-2's table: space → Ġ (U+0120), newline → Ċ (U+010A), printable ASCII as itself.
    expect([tokens[32], tokens[10], tokens[65], tokens[0xff]]).toEqual(['Ġ', 'Ċ', 'A', 'ÿ']);
    expect(tokens.slice(256)).toEqual(['<|bos|>', '<|endoftext|>', '<|pad|>']);
    expect(types).toEqual([...Array<number>(256).fill(1), 3, 3, 3]);
    // Spelling text's bytes with the vocabulary gives our ids.
    const text = 'a b\nñ';
    const spelled = [...encode(text)].map((b) => byteSymbols()[b]).join('');
    expect([...spelled].map((ch) => tokens.indexOf(ch))).toEqual(encode(text));
    // A larger vocabulary gets unique reserved names.
    const big = new Map(
      llamaGgufContents({ config: { ...config, vocabSize: 261 }, params: new Float32Array(0), name: 'x' }).metadata,
    );
    expect((big.get('tokenizer.ggml.tokens')!.value as string[]).slice(259)).toEqual([
      '<|reserved_259|>',
      '<|reserved_260|>',
    ]);
  });

  it('names tensors as llama.cpp does, with HF shapes, and drops output.weight when embeddings are tied', () => {
    const untied = llamaGgufContents({ config, params, name: 'tiny' }).tensors;
    const D = 16;
    const F = config.mlpHidden;
    const block = (i: number) => [
      [`blk.${i}.attn_norm.weight`, [D]],
      [`blk.${i}.attn_q.weight`, [D, D]],
      [`blk.${i}.attn_k.weight`, [D, D]],
      [`blk.${i}.attn_v.weight`, [D, D]],
      [`blk.${i}.attn_output.weight`, [D, D]],
      [`blk.${i}.ffn_norm.weight`, [D]],
      [`blk.${i}.ffn_gate.weight`, [F, D]],
      [`blk.${i}.ffn_up.weight`, [F, D]],
      [`blk.${i}.ffn_down.weight`, [D, F]],
    ];
    expect(untied.map((t) => [t.name, t.shape])).toEqual([
      ['token_embd.weight', [259, D]],
      ...block(0),
      ...block(1),
      ['output_norm.weight', [D]],
      ['output.weight', [259, D]],
    ]);
    const layout = paramLayout(config);
    const slice = (s: { offset: number; size: number }) => params.subarray(s.offset, s.offset + s.size);
    const byName = new Map(untied.map((t) => [t.name, t.data]));
    expect(byName.get('blk.1.attn_v.weight')).toEqual(slice(layout.layers[1]!.v));
    expect(byName.get('output.weight')).toEqual(slice(layout.head));
    expect(byName.get('blk.0.attn_q.weight')).not.toEqual(slice(layout.layers[0]!.q));

    const tiedConfig = { ...config, tieEmbeddings: true };
    const tiedParams = new Float32Array(paramLayout(tiedConfig).total);
    const tied = llamaGgufContents({ config: tiedConfig, params: tiedParams, name: 'tiny' }).tensors;
    expect(tied.map((t) => t.name)).not.toContain('output.weight');
    expect(tied).toHaveLength(untied.length - 1);
  });

  it('permutes q/k rows from rotate-half to interleaved pairs, so RoPE commutes with the permutation', () => {
    // 2 heads of size 4, one input column: row r holds r.
    const rows = permuteForInterleavedRope(Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 2, 1);
    expect([...rows]).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
    // What the permutation is for: interleaved RoPE of the permuted vector = the permuted rotate-half RoPE.
    const x = [0.3, -1.2, 0.7, 2.5, -0.4, 0.9, 1.1, -2];
    const perm = (v: readonly number[]) => [...permuteForInterleavedRope(Float32Array.from(v), 1, 1)];
    for (const p of [0, 1, 5, 17]) {
      const viaGguf = rope(perm(x), p, 'interleaved');
      perm(rope(x, p, 'half')).forEach((v, i) => expect(viaGguf[i]).toBeCloseTo(v, 5));
    }
  });
});
