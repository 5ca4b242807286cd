import { type ModelConfig, paramLayout, type TensorSlot } from '../../lm/index.ts';
import { exportVocab, specialIds, type TokenRole } from './byte-vocab.ts';
import { gguf, type GgufValue } from './gguf-format.ts';
import type { GgufContentsToWrite, GgufTensor } from './gguf-writer.ts';

/** llama.cpp's token types (`llama_token_type`): a byte symbol is plain text; BOS/EOS/PAD are control tokens. */
const ggufTokenType: Record<TokenRole, number> = { byte: 1, special: 3, reserved: 5 };

/**
 * The llama.cpp metadata of our model (research/interop.md §5.2): counts as u32 and floats as f32, the types
 * llama.cpp's loader checks, and the byte vocabulary as a `gpt2` BPE tokenizer with no merges.
 */
export function llamaGgufMetadata(config: ModelConfig, name: string): [string, GgufValue][] {
  const vocab = exportVocab(config.vocabSize);
  return [
    ['general.architecture', gguf.string('llama')],
    ['general.name', gguf.string(name)],
    ['general.alignment', gguf.u32(32)],
    ['general.file_type', gguf.u32(0)], // all F32
    ['llama.vocab_size', gguf.u32(config.vocabSize)],
    ['llama.context_length', gguf.u32(config.context)],
    ['llama.embedding_length', gguf.u32(config.width)],
    ['llama.block_count', gguf.u32(config.layers)],
    ['llama.feed_forward_length', gguf.u32(config.mlpHidden)],
    ['llama.attention.head_count', gguf.u32(config.heads)],
    ['llama.attention.head_count_kv', gguf.u32(config.heads)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.f32(config.normEps)],
    ['llama.rope.dimension_count', gguf.u32(config.width / config.heads)],
    ['llama.rope.freq_base', gguf.f32(config.ropeTheta)],
    ['tokenizer.ggml.model', gguf.string('gpt2')],
    // "default" names llama.cpp's plain GPT-2 split; with no merges every split yields the same bytes.
    ['tokenizer.ggml.pre', gguf.string('default')],
    ['tokenizer.ggml.tokens', gguf.strings(vocab.map((t) => t.text))],
    [
      'tokenizer.ggml.token_type',
      gguf.numbers(
        'i32',
        vocab.map((t) => ggufTokenType[t.role]),
      ),
    ],
    // llama.cpp refuses a gpt2 vocabulary without this key; an empty list is what makes tokens = UTF-8 bytes.
    ['tokenizer.ggml.merges', gguf.strings([])],
    ['tokenizer.ggml.bos_token_id', gguf.u32(specialIds.bos)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(specialIds.eos)],
    ['tokenizer.ggml.padding_token_id', gguf.u32(specialIds.pad)],
    // Our prompts start with BOS (encodeWithBos) and end without EOS.
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
  ];
}

/**
 * Reorders the rows of an HF q/k projection [heads·headDim, in] from rotate-half pairing (channel j with
 * j + headDim/2, what our model and HF use) to the interleaved pairs (2j, 2j+1) llama.cpp's `llama` RoPE rotates:
 * gguf row h·hd + 2j + k = HF row h·hd + k·hd/2 + j (convert_hf_to_gguf.py's `LlamaModel.permute`). Attention
 * scores are unchanged because q and k are permuted alike.
 */
export function permuteForInterleavedRope(w: Float32Array, heads: number, cols: number): Float32Array {
  const hd = w.length / cols / heads;
  const half = hd / 2;
  const out = new Float32Array(w.length);
  for (let h = 0; h < heads; h++) {
    for (let j = 0; j < half; j++) {
      for (let k = 0; k < 2; k++) {
        const from = (h * hd + k * half + j) * cols;
        out.set(w.subarray(from, from + cols), (h * hd + 2 * j + k) * cols);
      }
    }
  }
  return out;
}

/**
 * Our weights under llama.cpp's tensor names (HF → GGUF, research/interop.md §5.2). With tied embeddings there is
 * no `output.weight`: llama.cpp then uses `token_embd.weight` as the head, as we do.
 */
export function llamaGgufTensors(config: ModelConfig, params: Float32Array): GgufTensor[] {
  const layout = paramLayout(config);
  const tensor = (name: string, slot: TensorSlot, permute = false): GgufTensor => {
    const data = params.subarray(slot.offset, slot.offset + slot.size);
    const cols = slot.shape[1] ?? 1;
    return { name, shape: slot.shape, data: permute ? permuteForInterleavedRope(data, config.heads, cols) : data };
  };
  return [
    tensor('token_embd.weight', layout.embed),
    ...layout.layers.flatMap((l, i) => [
      tensor(`blk.${i}.attn_norm.weight`, l.inputNorm),
      tensor(`blk.${i}.attn_q.weight`, l.q, true),
      tensor(`blk.${i}.attn_k.weight`, l.k, true),
      tensor(`blk.${i}.attn_v.weight`, l.v),
      tensor(`blk.${i}.attn_output.weight`, l.o),
      tensor(`blk.${i}.ffn_norm.weight`, l.postNorm),
      tensor(`blk.${i}.ffn_gate.weight`, l.gate),
      tensor(`blk.${i}.ffn_up.weight`, l.up),
      tensor(`blk.${i}.ffn_down.weight`, l.down),
    ]),
    tensor('output_norm.weight', layout.finalNorm),
    ...(config.tieEmbeddings ? [] : [tensor('output.weight', layout.head)]),
  ];
}

export function llamaGgufContents(options: {
  config: ModelConfig;
  params: Float32Array;
  name: string;
}): GgufContentsToWrite {
  return {
    metadata: llamaGgufMetadata(options.config, options.name),
    tensors: llamaGgufTensors(options.config, options.params),
  };
}
