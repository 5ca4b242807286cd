import type { ModelConfig } from './config.ts';
import type { Heap } from './kernels/index.ts';

/** Activations one layer keeps for its backward pass (float offsets into the heap). */
export interface LayerActivations {
  /** Residual stream entering the layer [N, D]. */
  readonly xin: number;
  readonly rstd1: number;
  /** RMSNorm output feeding Q/K/V [N, D]. */
  readonly h1: number;
  /** Q, K (after rotary) and V side by side [N, 3D]. */
  readonly qkv: number;
  /** Attention probabilities [B, H, T, T]. */
  readonly probs: number;
  /** Attention output before o_proj, heads side by side [N, D]. */
  readonly y: number;
  /** Residual stream after attention [N, D]. */
  readonly xmid: number;
  readonly rstd2: number;
  readonly h2: number;
  /** Gate and up pre-activations side by side [N, 2F]. */
  readonly gu: number;
  /** SwiGLU output [N, F]. */
  readonly act: number;
}

/**
 * Every buffer one training step uses, carved from the heap arena in one go and released after the step, so a
 * step allocates nothing from JavaScript and memory use is fixed by (batch, length).
 */
export interface StepBuffers {
  readonly batch: number;
  readonly length: number;
  readonly layers: readonly LayerActivations[];
  /** Residual stream leaving the last layer [N, D]. */
  readonly xout: number;
  readonly rstdF: number;
  readonly hF: number;
  /**
   * The rows that get logits, when not all do (a batch of choices needs one row per sequence): the head then runs
   * on these rows of hF, gathered into `hFRows` [R, D], and logits row i belongs to row `logitRows[i]`.
   */
  readonly logitRows?: readonly number[];
  readonly hFRows: number;
  /** Logits [R, V] (R = N unless `logitRows`); overwritten by their gradient in the backward pass. */
  readonly logits: number;
  /** Backward scratch: residual gradient [N, D], a second [N, D], [N, 3D], [N, 2F], [N, F], [B, H, T, T]. */
  readonly dres: number;
  readonly dh: number;
  readonly dqkv: number;
  readonly dgu: number;
  readonly dact: number;
  readonly dprobs: number;
  /** Inputs copied into the heap: token ids and targets (int32) and loss weights [N]. */
  readonly tokens: number;
  readonly targets: number;
  readonly weights: number;
  /** Cross-entropy outputs [N]: −log p(target) and log Σ exp(logits). */
  readonly losses: number;
  readonly lse: number;
}

export function allocStepBuffers(
  heap: Heap,
  config: ModelConfig,
  batch: number,
  length: number,
  logitRows?: readonly number[],
): StepBuffers {
  const { width: D, mlpHidden: F, heads: H, vocabSize: V } = config;
  const N = batch * length;
  const R = logitRows?.length ?? N;
  const layers: LayerActivations[] = [];
  for (let l = 0; l < config.layers; l++) {
    layers.push({
      xin: heap.alloc(N * D),
      rstd1: heap.alloc(N),
      h1: heap.alloc(N * D),
      qkv: heap.alloc(N * 3 * D),
      probs: heap.alloc(batch * H * length * length),
      y: heap.alloc(N * D),
      xmid: heap.alloc(N * D),
      rstd2: heap.alloc(N),
      h2: heap.alloc(N * D),
      gu: heap.alloc(N * 2 * F),
      act: heap.alloc(N * F),
    });
  }
  return {
    batch,
    length,
    layers,
    xout: heap.alloc(N * D),
    rstdF: heap.alloc(N),
    hF: heap.alloc(N * D),
    ...(logitRows ? { logitRows } : {}),
    hFRows: logitRows ? heap.alloc(R * D) : 0,
    logits: heap.alloc(R * V),
    dres: heap.alloc(N * D),
    dh: heap.alloc(N * D),
    dqkv: heap.alloc(N * 3 * D),
    dgu: heap.alloc(N * 2 * F),
    dact: heap.alloc(N * F),
    dprobs: heap.alloc(batch * H * length * length),
    tokens: heap.alloc(N),
    targets: heap.alloc(N),
    weights: heap.alloc(N),
    losses: heap.alloc(N),
    lse: heap.alloc(N),
  };
}
