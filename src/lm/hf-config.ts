import type { ModelConfig } from './config.ts';
import { BOS_ID, EOS_ID, PAD_ID } from './tokenizer.ts';

/**
 * The Hugging Face `config.json` of a LlamaForCausalLM with our shape (keys from transformers' LlamaConfig; see
 * research/interop.md §5.3). Written beside every checkpoint so `model.safetensors` loads in transformers as is;
 * never read back — `checkpoint.json` is the source of truth.
 */
export function hfLlamaConfig(config: ModelConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: config.vocabSize,
    hidden_size: config.width,
    intermediate_size: config.mlpHidden,
    num_hidden_layers: config.layers,
    num_attention_heads: config.heads,
    num_key_value_heads: config.heads,
    head_dim: config.width / config.heads,
    max_position_embeddings: config.context,
    rms_norm_eps: config.normEps,
    rope_theta: config.ropeTheta,
    hidden_act: 'silu',
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: config.tieEmbeddings,
    bos_token_id: BOS_ID,
    eos_token_id: EOS_ID,
    pad_token_id: PAD_ID,
    torch_dtype: 'float32',
  };
}
