import { z } from 'zod';

/**
 * The JSON dialect of the Tinker training API, as its open-source Python SDK sends it (thinking-machines-lab/tinker
 * @d595dc2 `src/tinker/types/*`, `resources/*`; research/interop.md §2.6, §3.1). The client (tinker-client.ts) and
 * `selfplay learner-serve` (serve/learner-server/) both validate against these, so the two cannot drift apart.
 * Every training call answers a future `{request_id}`; `retrieve_future` answers `try_again`, a failure or the result.
 */

/** A flat tensor (`TensorData`); `data` holds `shape`'s product of numbers. Sparse CSR is not used here. */
export const tensorDataSchema = z.object({
  data: z.array(z.number()),
  dtype: z.enum(['int64', 'float32']),
  shape: z.array(z.number().int().nonnegative()).optional(),
});
export type TensorData = z.infer<typeof tensorDataSchema>;

export const encodedTextChunkSchema = z.object({
  type: z.literal('encoded_text'),
  tokens: z.array(z.number().int().nonnegative()),
});

/**
 * One training sequence, next-token aligned: position i of `model_input` predicts `loss_fn_inputs.target_tokens[i]`.
 * `cross_entropy` reads `target_tokens` and `weights` (loss Σ −weights·log π(target)).
 */
export const datumSchema = z.object({
  model_input: z.object({ chunks: z.array(encodedTextChunkSchema).min(1) }),
  loss_fn_inputs: z.record(z.string(), tensorDataSchema),
});
export type Datum = z.infer<typeof datumSchema>;

/** Tinker's built-in losses (`LossFnType`); this project's learner server implements `cross_entropy`. */
export const lossFnSchema = z.enum(['cross_entropy', 'importance_sampling', 'ppo', 'cispo', 'dro']);

export const forwardBackwardInputSchema = z.object({
  data: z.array(datumSchema),
  loss_fn: lossFnSchema,
  loss_fn_config: z.record(z.string(), z.number()).nullish(),
});

export const forwardBackwardRequestSchema = z.object({
  forward_backward_input: forwardBackwardInputSchema,
  model_id: z.string(),
  seq_id: z.number().int().nullish(),
});
export const forwardRequestSchema = z.object({
  forward_input: forwardBackwardInputSchema,
  model_id: z.string(),
  seq_id: z.number().int().nullish(),
});

/** `ForwardBackwardOutput`: per datum the training log-probs of its targets, and `loss:sum`. */
export const forwardBackwardOutputSchema = z.object({
  loss_fn_output_type: z.string(),
  loss_fn_outputs: z.array(z.record(z.string(), tensorDataSchema)),
  metrics: z.record(z.string(), z.number()),
});
export type ForwardBackwardOutput = z.infer<typeof forwardBackwardOutputSchema>;

/** `AdamParams`; Tinker's defaults differ from ours (eps 1e-12, no clipping), so the client always sends all six. */
export const adamParamsSchema = z.object({
  learning_rate: z.number().positive(),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: z.number().positive(),
  weight_decay: z.number().min(0),
  grad_clip_norm: z.number().min(0),
});
export type AdamParams = z.infer<typeof adamParamsSchema>;

export const optimStepRequestSchema = z.object({
  adam_params: adamParamsSchema,
  model_id: z.string(),
  seq_id: z.number().int().nullish(),
  type: z.literal('optim_step').optional(),
});
export const optimStepResponseSchema = z.object({ metrics: z.record(z.string(), z.number()).nullish() });

export const createSessionRequestSchema = z.object({
  tags: z.array(z.string()),
  user_metadata: z.record(z.string(), z.unknown()).nullish(),
  sdk_version: z.string(),
  type: z.literal('create_session').optional(),
});
export const createSessionResponseSchema = z.object({ session_id: z.string() });

export const createModelRequestSchema = z.object({
  session_id: z.string(),
  model_seq_id: z.number().int(),
  base_model: z.string(),
  user_metadata: z.record(z.string(), z.unknown()).nullish(),
  lora_config: z.record(z.string(), z.unknown()).nullish(),
  type: z.literal('create_model').optional(),
});
export const createModelResponseSchema = z.object({ model_id: z.string() });

/** `save_weights` (weights and optimizer state, resumable) and `save_weights_for_sampler` (weights to sample). */
export const saveWeightsRequestSchema = z.object({
  model_id: z.string(),
  path: z.string().nullish(),
  seq_id: z.number().int().nullish(),
  ttl_seconds: z.number().int().nullish(),
  overwrite: z.boolean().optional(),
  type: z.enum(['save_weights', 'save_weights_for_sampler']).optional(),
});
export const savedPathResponseSchema = z.object({ path: z.string() });

export const loadWeightsRequestSchema = z.object({
  model_id: z.string(),
  path: z.string(),
  optimizer: z.boolean(),
  seq_id: z.number().int().nullish(),
  type: z.literal('load_weights').optional(),
});

export const retrieveFutureRequestSchema = z.object({
  request_id: z.string(),
  allow_metadata_only: z.boolean().optional(),
});

/** `UntypedAPIFuture`: what every training call answers at once. */
export const futureSchema = z.object({ request_id: z.string(), model_id: z.string().nullish() });

export const tryAgainSchema = z.object({
  type: z.literal('try_again'),
  request_id: z.string(),
  queue_state: z.enum(['active', 'paused_capacity', 'paused_rate_limit']),
});
/** `RequestFailedResponse`: `category` `user` is the caller's fault (not retried), `server`/`unknown` the server's. */
export const requestFailedSchema = z.object({ error: z.string(), category: z.enum(['unknown', 'server', 'user']) });

export const serverCapabilitiesSchema = z.object({
  supported_models: z.array(
    z.object({ model_name: z.string().nullish(), max_context_length: z.number().int().nullish() }),
  ),
});

/** A flat float tensor as Tinker's `TensorData`. Doubles go out as JSON numbers, which round-trip exactly. */
export function floatTensor(values: ArrayLike<number>): TensorData {
  return { data: Array.from(values), dtype: 'float32', shape: [values.length] };
}

export function intTensor(values: readonly number[]): TensorData {
  return { data: [...values], dtype: 'int64', shape: [values.length] };
}
