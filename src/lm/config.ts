import { z } from 'zod';
import { VOCAB_SIZE } from './tokenizer.ts';

/**
 * The shape of a Llama-family decoder: pre-RMSNorm blocks, rotary position embeddings on Q and K, a SwiGLU MLP,
 * no biases. Keys are strict: a misspelled key is an error naming it, never a silently ignored setting.
 */
const modelConfigShape = z.strictObject({
  /** Token ids the model reads and predicts; the byte tokenizer needs 259 (256 bytes + BOS, EOS, PAD). */
  vocabSize: z.number().int().min(VOCAB_SIZE).max(65_536).default(VOCAB_SIZE),
  /** Transformer blocks. */
  layers: z.number().int().min(1).max(64).default(4),
  /** Residual-stream width (HF `hidden_size`). */
  width: z.number().int().min(8).max(2048).default(128),
  /** Attention heads; `width / heads` is the head size and must be even for rotary embeddings. */
  heads: z.number().int().min(1).max(64).default(4),
  /** Longest sequence (prompt + completion) in tokens; sets the KV-cache size. */
  context: z.number().int().min(2).max(8192).default(128),
  /**
   * SwiGLU hidden size (HF `intermediate_size`). Default: 8/3 · width rounded up to a multiple of 16, so the
   * three MLP matrices hold about as many weights as a 4·width GELU MLP (Llama's choice, Touvron et al. 2023).
   */
  mlpHidden: z.number().int().min(1).max(65_536).optional(),
  /**
   * Share the input embedding with the output head. Default off: with a 259-token vocabulary the separate head
   * costs only vocab·width weights, and HF/GGUF exports then need no special case.
   */
  tieEmbeddings: z.boolean().default(false),
  /** Rotary base frequency (HF `rope_theta`). */
  ropeTheta: z.number().positive().default(10_000),
  /** RMSNorm epsilon (HF `rms_norm_eps`). */
  normEps: z.number().positive().max(0.1).default(1e-5),
  /** Standard deviation of the normal initialisation of every matrix (GPT-2's 0.02). */
  initStd: z.number().positive().max(1).default(0.02),
});

export const modelConfigSchema = modelConfigShape
  .superRefine((c, ctx) => {
    if (c.width % c.heads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `width ${c.width} must be divisible by heads ${c.heads}`,
      });
    } else if ((c.width / c.heads) % 2 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `head size width/heads = ${c.width / c.heads} must be even for rotary embeddings; change width or heads`,
      });
    }
  })
  .transform((c) => ({ ...c, mlpHidden: c.mlpHidden ?? defaultMlpHidden(c.width) }));

export type ModelConfigInput = z.input<typeof modelConfigSchema>;
/** A resolved config: every key present. This is what checkpoints store. */
export type ModelConfig = z.output<typeof modelConfigSchema>;

export function defaultMlpHidden(width: number): number {
  return Math.ceil((8 * width) / 3 / 16) * 16;
}

/** Named starting points; any key can still be overridden. */
export const modelPresets = {
  /** 870k parameters: the benchmark's reference model. */
  reference: { layers: 4, width: 128, heads: 4, context: 128 },
  /** 134k parameters: fast enough for tests and quick self-play runs. */
  small: { layers: 2, width: 64, heads: 4, context: 128 },
} as const satisfies Record<string, ModelConfigInput>;

export type ModelPreset = keyof typeof modelPresets;

/** A bad model config; the message lists every problem with its key. */
export class ModelConfigError extends Error {
  override readonly name = 'ModelConfigError';
}

/** Validates `input` (from a file, the CLI, or code) on top of an optional preset. */
export function resolveModelConfig(input: unknown = {}, preset?: ModelPreset): ModelConfig {
  const base = preset ? modelPresets[preset] : {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ModelConfigError(`model config must be an object of settings, got ${JSON.stringify(input)}`);
  }
  const parsed = modelConfigSchema.safeParse({ ...base, ...input });
  if (!parsed.success) {
    throw new ModelConfigError(
      `invalid model config: ${z.prettifyError(parsed.error)}\n(known keys: ${Object.keys(modelConfigShape.shape).join(', ')})`,
    );
  }
  return parsed.data;
}

export function headSize(config: ModelConfig): number {
  return config.width / config.heads;
}
