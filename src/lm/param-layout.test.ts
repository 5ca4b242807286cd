import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from './config.ts';
import { paramLayout } from './param-layout.ts';

describe('parameter layout', () => {
  it('lays q/k/v and gate/up out as single matrices, so one matmul serves each group', () => {
    // width 10: tensor sizes that are not multiples of the alignment, where padding would break adjacency.
    const layout = paramLayout(resolveModelConfig({ layers: 2, width: 10, heads: 5, mlpHidden: 7 }));
    for (const l of layout.layers) {
      expect(l.k.offset).toBe(l.q.offset + l.q.size);
      expect(l.v.offset).toBe(l.k.offset + l.k.size);
      expect(l.up.offset).toBe(l.gate.offset + l.gate.size);
    }
    const ends = layout.tensors.map((t) => [t.offset, t.offset + t.size] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ends.length; i++) expect(ends[i]![0]).toBeGreaterThanOrEqual(ends[i - 1]![1]);
  });

  it('uses HF Llama names and [out, in] shapes', () => {
    const layout = paramLayout(resolveModelConfig({ layers: 1, width: 16, heads: 2, mlpHidden: 40 }));
    expect(layout.tensors.map((t) => `${t.name} ${t.shape.join('x')}`)).toEqual([
      'model.embed_tokens.weight 259x16',
      'model.layers.0.input_layernorm.weight 16',
      'model.layers.0.self_attn.q_proj.weight 16x16',
      'model.layers.0.self_attn.k_proj.weight 16x16',
      'model.layers.0.self_attn.v_proj.weight 16x16',
      'model.layers.0.self_attn.o_proj.weight 16x16',
      'model.layers.0.post_attention_layernorm.weight 16',
      'model.layers.0.mlp.gate_proj.weight 40x16',
      'model.layers.0.mlp.up_proj.weight 40x16',
      'model.layers.0.mlp.down_proj.weight 16x40',
      'model.norm.weight 16',
      'lm_head.weight 259x16',
    ]);
  });
});
