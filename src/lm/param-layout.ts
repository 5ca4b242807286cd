import type { ModelConfig } from './config.ts';

/**
 * Where each weight tensor lives inside one flat float32 parameter block. Gradients and AdamW moments use the
 * same layout in blocks of their own, so clipping and the optimizer are single passes over contiguous memory.
 * Names and shapes are Hugging Face Llama's (`[out, in]`, row-major), so a checkpoint is loadable as-is.
 */
export interface TensorSlot {
  /** HF name, e.g. `model.layers.0.self_attn.q_proj.weight`. */
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset in floats from the start of the block. */
  readonly offset: number;
  readonly size: number;
  /** Matrices get weight decay and a normal init; RMSNorm gains neither (they start at 1). */
  readonly kind: 'matrix' | 'norm';
}

/** One layer's tensors. q, k, v are adjacent (one [3D, D] matrix), as are gate and up ([2F, D]). */
export interface LayerSlots {
  readonly inputNorm: TensorSlot;
  readonly q: TensorSlot;
  readonly k: TensorSlot;
  readonly v: TensorSlot;
  readonly o: TensorSlot;
  readonly postNorm: TensorSlot;
  readonly gate: TensorSlot;
  readonly up: TensorSlot;
  readonly down: TensorSlot;
}

export interface ParamLayout {
  readonly tensors: readonly TensorSlot[];
  readonly embed: TensorSlot;
  readonly layers: readonly LayerSlots[];
  readonly finalNorm: TensorSlot;
  /** The output head; the embedding itself when embeddings are tied. */
  readonly head: TensorSlot;
  /** Floats in the block, including alignment padding. */
  readonly total: number;
  /** Real parameters (no padding; a tied head counted once). */
  readonly count: number;
}

// 8 floats = 32 bytes: every tensor starts on a SIMD-friendly boundary; the padding stays zero forever.
const ALIGN = 8;

export function paramLayout(config: ModelConfig): ParamLayout {
  const { vocabSize: V, width: D, mlpHidden: F, layers: L } = config;
  const tensors: TensorSlot[] = [];
  let offset = 0;
  // `packed`: the next tensor follows with no padding, so q/k/v ([3D, D]) and gate/up ([2F, D]) each form one
  // matrix that a single matmul can use.
  const add = (name: string, shape: readonly number[], kind: TensorSlot['kind'], packed = false): TensorSlot => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, size, kind };
    tensors.push(slot);
    offset += packed ? size : Math.ceil(size / ALIGN) * ALIGN;
    return slot;
  };
  const embed = add('model.embed_tokens.weight', [V, D], 'matrix');
  const layers: LayerSlots[] = [];
  for (let i = 0; i < L; i++) {
    const p = `model.layers.${i}`;
    layers.push({
      inputNorm: add(`${p}.input_layernorm.weight`, [D], 'norm'),
      q: add(`${p}.self_attn.q_proj.weight`, [D, D], 'matrix', true),
      k: add(`${p}.self_attn.k_proj.weight`, [D, D], 'matrix', true),
      v: add(`${p}.self_attn.v_proj.weight`, [D, D], 'matrix'),
      o: add(`${p}.self_attn.o_proj.weight`, [D, D], 'matrix'),
      postNorm: add(`${p}.post_attention_layernorm.weight`, [D], 'norm'),
      gate: add(`${p}.mlp.gate_proj.weight`, [F, D], 'matrix', true),
      up: add(`${p}.mlp.up_proj.weight`, [F, D], 'matrix'),
      down: add(`${p}.mlp.down_proj.weight`, [D, F], 'matrix'),
    });
  }
  const finalNorm = add('model.norm.weight', [D], 'norm');
  const head = config.tieEmbeddings ? embed : add('lm_head.weight', [V, D], 'matrix');
  const count = tensors.reduce((n, t) => n + t.size, 0);
  return { tensors, embed, layers, finalNorm, head, total: offset, count };
}

export function parameterCount(config: ModelConfig): number {
  return paramLayout(config).count;
}
