import type { Heap } from './heap.ts';

/**
 * The compute kernels of the built-in LM. Every tensor argument is a float offset into `heap` (row-major, with
 * an explicit leading dimension `ld*` = floats between consecutive rows, defaulting to the row length), so views
 * such as one attention head inside a [tokens × width] matrix need no copies.
 *
 * Conventions shared by every op:
 * - Forward ops write their outputs; `y` may equal `x` (in place) unless the op says otherwise.
 * - Backward ops write input gradients (`dx = …`), or add to them with `accumulate: true`, and always ADD to
 *   parameter gradients (`dw += …`), so gradients of shared weights and micro-batches sum naturally.
 * - "Positions" for causal masks and rotary embeddings: row r is at position `offset + (r % period)`, where
 *   `period` defaults to the row count. For a [batch·T] block use period = T; for decoding one token at
 *   position p use rows = 1, offset = p.
 * Results of the wasm backends match `reference.ts` to float32 rounding, not bit for bit.
 */
export interface Kernels {
  readonly heap: Heap;
  /** Which implementation runs: relaxed-SIMD wasm (FMA), plain SIMD wasm, or the JS reference. */
  readonly backend: KernelBackend;
  /** Threads a large matmul may use (1 unless built by a worker pool). */
  readonly threads: number;

  /**
   * C[m×n] = alpha·op(A)·op(B) (+ C when accumulate); op(A) is m×k, op(B) is k×n. With `batch`, the same product
   * for every index of the batch grid (e.g. every (sequence, head) of attention), offsets moved by the strides.
   */
  matmul(o: MatmulOptions): void;

  /** y[rows×d] = x·rstd·w, rstd[r] = 1/sqrt(mean(x[r]²) + eps); saves rstd[rows] for the backward. */
  rmsNormForward(o: RmsNormForwardOptions): void;
  /** dx[rows×d] (=, or += when accumulate), dw[d] += from dy[rows×d], x, w and the saved rstd. */
  rmsNormBackward(o: RmsNormBackwardOptions): void;

  /** y[rows×cols] = softmax(scale·x) per row, masked columns (causal) written as 0. */
  softmaxForward(o: SoftmaxForwardOptions): void;
  /** dx[rows×cols] = scale·y⊙(dy − Σ y⊙dy) per row, from the forward's output y; masked columns get 0. */
  softmaxBackward(o: SoftmaxBackwardOptions): void;

  /** y[rows×cols] = silu(a)·b with silu(a) = a·sigmoid(a). */
  swigluForward(o: SwigluForwardOptions): void;
  /** da, db [rows×cols] (written) from dy. */
  swigluBackward(o: SwigluBackwardOptions): void;

  /**
   * Per row r with target t = targets[r] (int32; t < 0 ignores the row): losses[r] = lse[r] − logits[r][t],
   * lse[r] = log Σ exp(logits[r]); returns Σ weights[r]·losses[r] (weights default to 1).
   */
  crossEntropyForward(o: CrossEntropyForwardOptions): number;
  /** dlogits[rows×cols] = weights[r]·(softmax(logits[r]) − onehot(t)); may overwrite logits in place. */
  crossEntropyBackward(o: CrossEntropyBackwardOptions): void;

  /** Rotates pairs of each head's channels by the angle of the row's position (inverse: by minus it). */
  rope(o: RopeOptions): void;

  /** One AdamW step over n parameters, in place on param, m, v. */
  adamw(o: AdamwOptions): void;
  /** Σ x[i]² over n floats, accumulated in float64 (global grad norm = sqrt of the sum over blocks). */
  sumSquares(o: { x: number; n: number }): number;

  /** y[n] = a + b. */
  add(o: { a: number; b: number; y: number; n: number }): void;
  /** y[n] += alpha·x. */
  axpy(o: { x: number; y: number; n: number; alpha: number }): void;
  /** y[n] = alpha·x (y defaults to x). */
  scale(o: { x: number; y?: number; n: number; alpha: number }): void;
  /** dst[n] = src[n] (regions may overlap). */
  copy(o: { src: number; dst: number; n: number }): void;
  /** x[n] = value (default 0). */
  fill(o: { x: number; n: number; value?: number }): void;
  /** y[rows×dim] = table[ids[r]] (ids: int32 offset; each id in [0, vocab)). */
  embeddingForward(o: EmbeddingOptions & { table: number; y: number }): void;
  /** dTable[ids[r]] += dy[r] for each row. */
  embeddingBackward(o: EmbeddingOptions & { dTable: number; dy: number }): void;
}

export type KernelBackend = 'relaxed' | 'simd' | 'js';

export interface MatmulOptions {
  m: number;
  n: number;
  k: number;
  /** A is stored m×k (lda ≥ k), or k×m when transA (lda ≥ m). */
  a: number;
  lda?: number;
  transA?: boolean;
  /** B is stored k×n (ldb ≥ n), or n×k when transB (ldb ≥ k). */
  b: number;
  ldb?: number;
  transB?: boolean;
  /** C is m×n (ldc ≥ n); it must not overlap A or B. */
  c: number;
  ldc?: number;
  alpha?: number;
  accumulate?: boolean;
  /**
   * Batch grid, outermost first: item (i0, i1, …) uses a + Σ i_d·strideA_d, likewise b and c. Items must not
   * write overlapping C. E.g. scores[b,h] = Q·Kᵀ per head: [{count: B, strideA: T·width, strideB: T·width,
   * strideC: H·T·T}, {count: H, strideA: headDim, strideB: headDim, strideC: T·T}].
   */
  batch?: readonly BatchDim[];
}

export interface BatchDim {
  count: number;
  strideA: number;
  strideB: number;
  strideC: number;
}

export interface RmsNormForwardOptions {
  rows: number;
  d: number;
  x: number;
  ldx?: number;
  w: number;
  y: number;
  ldy?: number;
  /** [rows] saved for the backward. */
  rstd: number;
  eps?: number;
}

export interface RmsNormBackwardOptions {
  rows: number;
  d: number;
  dy: number;
  lddy?: number;
  x: number;
  ldx?: number;
  w: number;
  rstd: number;
  /** Must not alias x or dy. */
  dx: number;
  lddx?: number;
  dw: number;
  accumulate?: boolean;
}

export interface CausalMask {
  /** Position of row 0 (rows see columns ≤ their position). */
  offset?: number;
  /** Rows per sequence; defaults to the row count. */
  period?: number;
}

export interface SoftmaxForwardOptions {
  rows: number;
  cols: number;
  x: number;
  ldx?: number;
  y: number;
  ldy?: number;
  scale?: number;
  causal?: CausalMask;
}

export interface SoftmaxBackwardOptions {
  rows: number;
  cols: number;
  y: number;
  ldy?: number;
  dy: number;
  lddy?: number;
  /** May equal dy. */
  dx: number;
  lddx?: number;
  scale?: number;
  causal?: CausalMask;
}

export interface SwigluForwardOptions {
  rows: number;
  cols: number;
  a: number;
  lda?: number;
  b: number;
  ldb?: number;
  y: number;
  ldy?: number;
}

export interface SwigluBackwardOptions {
  rows: number;
  cols: number;
  a: number;
  lda?: number;
  b: number;
  ldb?: number;
  dy: number;
  lddy?: number;
  /** May equal a; db may equal b. */
  da: number;
  ldda?: number;
  db: number;
  lddb?: number;
}

export interface CrossEntropyForwardOptions {
  rows: number;
  /** Vocabulary size. */
  cols: number;
  logits: number;
  ld?: number;
  /** int32[rows]; a negative target ignores its row (loss 0, gradient 0). */
  targets: number;
  /** float[rows], optional per-row weights (default 1). */
  weights?: number;
  /** float[rows] out: −log p(target) (0 for ignored rows). */
  losses: number;
  /** float[rows] out: log Σ exp(logits), saved for the backward. */
  lse: number;
}

export interface CrossEntropyBackwardOptions {
  rows: number;
  cols: number;
  logits: number;
  ld?: number;
  targets: number;
  weights?: number;
  lse: number;
  /** May equal logits. */
  dlogits: number;
  lddlogits?: number;
}

export interface RopeOptions {
  rows: number;
  heads: number;
  /** Even; channels of one head. */
  headDim: number;
  x: number;
  ldx?: number;
  y: number;
  ldy?: number;
  /** From `createRopeTable`: cos and sin [maxPos × headDim/2]. */
  table: RopeTable;
  /** Position of row r is offset + (r % period). */
  offset?: number;
  period?: number;
  /** Rotate by −angle: the backward of the forward rotation. */
  inverse?: boolean;
}

/**
 * Pairing 'half' rotates channel i with i + headDim/2 (Hugging Face Llama's rotate_half); 'interleaved' rotates
 * 2i with 2i+1 (Meta's original and llama.cpp's). Angle for pair i at position p: p·theta^(−2i/headDim).
 */
export interface RopeTable {
  readonly cos: number;
  readonly sin: number;
  readonly maxPos: number;
  readonly headDim: number;
  readonly pairing: 'half' | 'interleaved';
}

export interface AdamwOptions {
  n: number;
  param: number;
  grad: number;
  m: number;
  v: number;
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** 1-based step count, for bias correction. */
  step: number;
  /** Multiplies the gradient first (e.g. a clipping factor, or 1/accumulation steps); default 1. */
  gradScale?: number;
}

export interface EmbeddingOptions {
  rows: number;
  dim: number;
  /** int32[rows]. */
  ids: number;
  /** Rows in the table, for bounds checks. */
  vocab: number;
}
