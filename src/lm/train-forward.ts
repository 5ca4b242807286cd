import type { ModelConfig } from './config.ts';
import type { BatchDim, Kernels, RopeTable } from './kernels/index.ts';
import type { ParamLayout } from './param-layout.ts';
import type { StepBuffers } from './step-buffers.ts';

/** Where the model lives in the heap: parameter and gradient blocks (one layout) and the rotary table. */
export interface ModelMemory {
  readonly kernels: Kernels;
  readonly config: ModelConfig;
  readonly layout: ParamLayout;
  /** Heap offset of the parameter block. */
  readonly params: number;
  /** Heap offset of the gradient block. */
  readonly grads: number;
  readonly rope: RopeTable;
}

/**
 * The training-time forward pass over the [batch, length] token block in `buf.tokens`, keeping what backward
 * needs in `buf`. Attention is causal within each sequence. Leaves logits [N, V] in `buf.logits`, or only the rows
 * `buf.logitRows` names.
 */
export function trainForward(mem: ModelMemory, buf: StepBuffers): void {
  const { kernels: k, config, layout, params: P } = mem;
  const { width: D, heads: H, mlpHidden: F, vocabSize: V, normEps: eps } = config;
  const B = buf.batch;
  const T = buf.length;
  const N = B * T;
  const hd = D / H;
  const scale = 1 / Math.sqrt(hd);

  k.embeddingForward({
    rows: N,
    dim: D,
    ids: buf.tokens,
    vocab: V,
    table: P + layout.embed.offset,
    y: buf.layers[0]!.xin,
  });
  for (let l = 0; l < config.layers; l++) {
    const a = buf.layers[l]!;
    const w = layout.layers[l]!;
    const xout = l + 1 < config.layers ? buf.layers[l + 1]!.xin : buf.xout;

    k.rmsNormForward({ rows: N, d: D, x: a.xin, w: P + w.inputNorm.offset, y: a.h1, rstd: a.rstd1, eps });
    // [Q K V] = h1 · [Wq; Wk; Wv]ᵀ in one matmul (the three weights are adjacent, see param-layout.ts) into
    // qkv [N, 3D]; then rotary on Q and K (row r at position r % T).
    k.matmul({ m: N, n: 3 * D, k: D, a: a.h1, b: P + w.q.offset, transB: true, c: a.qkv });
    for (const x of [a.qkv, a.qkv + D]) {
      k.rope({ rows: N, heads: H, headDim: hd, x, ldx: 3 * D, y: x, ldy: 3 * D, table: mem.rope, period: T });
    }
    // Per (sequence, head), as one batched call each: S = Q·Kᵀ [T, T]; P = causal softmax(S/√hd) in place;
    // y_h = P·V. Strides pick each head's columns out of qkv and y, so nothing is copied.
    const qkvHeads: Stride = [T * 3 * D, hd];
    const probHeads: Stride = [H * T * T, T * T];
    const yHeads: Stride = [T * D, hd];
    k.matmul({
      m: T,
      n: T,
      k: hd,
      a: a.qkv,
      lda: 3 * D,
      b: a.qkv + D,
      ldb: 3 * D,
      transB: true,
      c: a.probs,
      batch: headGrid(B, H, qkvHeads, qkvHeads, probHeads),
    });
    k.softmaxForward({ rows: B * H * T, cols: T, x: a.probs, y: a.probs, scale, causal: { period: T } });
    k.matmul({
      m: T,
      n: hd,
      k: T,
      a: a.probs,
      b: a.qkv + 2 * D,
      ldb: 3 * D,
      c: a.y,
      ldc: D,
      batch: headGrid(B, H, probHeads, qkvHeads, yHeads),
    });
    // Residual: xmid = xin + y · Woᵀ (the matmul accumulates onto the copy).
    k.copy({ src: a.xin, dst: a.xmid, n: N * D });
    k.matmul({ m: N, n: D, k: D, a: a.y, b: P + w.o.offset, transB: true, c: a.xmid, accumulate: true });

    k.rmsNormForward({ rows: N, d: D, x: a.xmid, w: P + w.postNorm.offset, y: a.h2, rstd: a.rstd2, eps });
    k.matmul({ m: N, n: 2 * F, k: D, a: a.h2, b: P + w.gate.offset, transB: true, c: a.gu });
    k.swigluForward({ rows: N, cols: F, a: a.gu, lda: 2 * F, b: a.gu + F, ldb: 2 * F, y: a.act });
    k.copy({ src: a.xmid, dst: xout, n: N * D });
    k.matmul({ m: N, n: D, k: F, a: a.act, b: P + w.down.offset, transB: true, c: xout, accumulate: true });
  }

  k.rmsNormForward({ rows: N, d: D, x: buf.xout, w: P + layout.finalNorm.offset, y: buf.hF, rstd: buf.rstdF, eps });
  const rows = buf.logitRows;
  if (rows) {
    const f32 = k.heap.f32;
    rows.forEach((r, i) => f32.copyWithin(buf.hFRows + i * D, buf.hF + r * D, buf.hF + (r + 1) * D));
  }
  const head = { a: rows ? buf.hFRows : buf.hF, b: P + layout.head.offset, transB: true, c: buf.logits };
  k.matmul({ m: rows?.length ?? N, n: V, k: D, ...head });
}

/** Float strides between consecutive sequences and consecutive heads of one operand. */
export type Stride = readonly [perSequence: number, perHead: number];

/** The matmul batch grid over (sequence, head) for operands A, B and C. */
export function headGrid(batch: number, heads: number, a: Stride, b: Stride, c: Stride): BatchDim[] {
  return [
    { count: batch, strideA: a[0], strideB: b[0], strideC: c[0] },
    { count: heads, strideA: a[1], strideB: b[1], strideC: c[1] },
  ];
}
