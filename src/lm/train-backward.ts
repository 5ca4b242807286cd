import type { StepBuffers } from './step-buffers.ts';
import { headGrid, type ModelMemory, type Stride } from './train-forward.ts';

/**
 * The backward pass of `trainForward`, given `buf.logits` already replaced by d loss / d logits. Adds every
 * parameter's gradient into the gradient block (callers zero it once per optimizer step, so micro-batches
 * accumulate). Matmuls read weights and activations in place through strides and transpose flags: no copies.
 */
export function trainBackward(mem: ModelMemory, buf: StepBuffers): void {
  const { kernels: k, config, layout, params: P, grads: G } = mem;
  const { width: D, heads: H, mlpHidden: F, vocabSize: V } = config;
  const B = buf.batch;
  const T = buf.length;
  const N = B * T;
  const hd = D / H;
  const scale = 1 / Math.sqrt(hd);

  // Head: dHead += dlogitsᵀ · hF ; dh = dlogits · Head ; final norm into the residual gradient dres. With
  // `logitRows`, over those rows alone (hFRows), and dh is their gradient scattered into zeros.
  const head = layout.head.offset;
  const rows = buf.logitRows;
  const R = rows?.length ?? N;
  const hF = rows ? buf.hFRows : buf.hF;
  k.matmul({ m: V, n: D, k: R, a: buf.logits, transA: true, b: hF, c: G + head, accumulate: true });
  if (rows) {
    // dres is free until the final norm's backward writes it: it holds the gathered rows' gradient meanwhile.
    k.matmul({ m: R, n: D, k: V, a: buf.logits, b: P + head, c: buf.dres });
    const f32 = k.heap.f32;
    f32.fill(0, buf.dh, buf.dh + N * D);
    rows.forEach((r, i) => {
      for (let j = 0; j < D; j++) f32[buf.dh + r * D + j]! += f32[buf.dres + i * D + j]!;
    });
  } else {
    k.matmul({ m: N, n: D, k: V, a: buf.logits, b: P + head, c: buf.dh });
  }
  const fn = layout.finalNorm.offset;
  k.rmsNormBackward({ rows: N, d: D, dy: buf.dh, x: buf.xout, w: P + fn, rstd: buf.rstdF, dx: buf.dres, dw: G + fn });

  for (let l = config.layers - 1; l >= 0; l--) {
    const a = buf.layers[l]!;
    const w = layout.layers[l]!;
    // dres holds d loss / d (layer output). MLP branch: dact = dres · Wd ; dWd += dresᵀ · act.
    k.matmul({ m: N, n: F, k: D, a: buf.dres, b: P + w.down.offset, c: buf.dact });
    k.matmul({ m: D, n: F, k: N, a: buf.dres, transA: true, b: a.act, c: G + w.down.offset, accumulate: true });
    k.swigluBackward({
      rows: N,
      cols: F,
      a: a.gu,
      lda: 2 * F,
      b: a.gu + F,
      ldb: 2 * F,
      dy: buf.dact,
      da: buf.dgu,
      ldda: 2 * F,
      db: buf.dgu + F,
      lddb: 2 * F,
    });
    // gate and up as one [2F, D] matrix: dh2 = dgu · Wgu ; dWgu += dguᵀ · h2.
    k.matmul({ m: N, n: D, k: 2 * F, a: buf.dgu, b: P + w.gate.offset, c: buf.dh });
    k.matmul({ m: 2 * F, n: D, k: N, a: buf.dgu, transA: true, b: a.h2, c: G + w.gate.offset, accumulate: true });
    const pn = w.postNorm.offset;
    k.rmsNormBackward({
      rows: N,
      d: D,
      dy: buf.dh,
      x: a.xmid,
      w: P + pn,
      rstd: a.rstd2,
      dx: buf.dres,
      dw: G + pn,
      accumulate: true,
    });

    // dres now holds d loss / d xmid. Attention branch: dy (into dh) = dres · Wo ; dWo += dresᵀ · y.
    const dy = buf.dh;
    k.matmul({ m: N, n: D, k: D, a: buf.dres, b: P + w.o.offset, c: dy });
    k.matmul({ m: D, n: D, k: N, a: buf.dres, transA: true, b: a.y, c: G + w.o.offset, accumulate: true });
    // Per (sequence, head), batched: dP = dy·Vᵀ ; dV = Pᵀ·dy ; dS = softmax backward (in place) ;
    // dQ = dS·K ; dK = dSᵀ·Q.
    const dp = buf.dprobs;
    const qkvHeads: Stride = [T * 3 * D, hd];
    const probHeads: Stride = [H * T * T, T * T];
    const yHeads: Stride = [T * D, hd];
    const grid = (x: Stride, y: Stride, z: Stride) => headGrid(B, H, x, y, z);
    const [q, kk, v, dq, dk, dv] = [a.qkv, a.qkv + D, a.qkv + 2 * D, buf.dqkv, buf.dqkv + D, buf.dqkv + 2 * D];
    const mmT = { m: T, n: T, k: hd };
    const mmH = { m: T, n: hd, k: T };
    k.matmul({
      ...mmT,
      a: dy,
      lda: D,
      b: v,
      ldb: 3 * D,
      transB: true,
      c: dp,
      batch: grid(yHeads, qkvHeads, probHeads),
    });
    k.matmul({
      ...mmH,
      a: a.probs,
      transA: true,
      b: dy,
      ldb: D,
      c: dv,
      ldc: 3 * D,
      batch: grid(probHeads, yHeads, qkvHeads),
    });
    k.softmaxBackward({ rows: B * H * T, cols: T, y: a.probs, dy: dp, dx: dp, scale, causal: { period: T } });
    k.matmul({ ...mmH, a: dp, b: kk, ldb: 3 * D, c: dq, ldc: 3 * D, batch: grid(probHeads, qkvHeads, qkvHeads) });
    k.matmul({
      ...mmH,
      a: dp,
      transA: true,
      b: q,
      ldb: 3 * D,
      c: dk,
      ldc: 3 * D,
      batch: grid(probHeads, qkvHeads, qkvHeads),
    });
    for (const x of [buf.dqkv, buf.dqkv + D]) {
      k.rope({
        rows: N,
        heads: H,
        headDim: hd,
        x,
        ldx: 3 * D,
        y: x,
        ldy: 3 * D,
        table: mem.rope,
        period: T,
        inverse: true,
      });
    }
    // q, k, v as one [3D, D] matrix: dh1 = dqkv · Wqkv ; dWqkv += dqkvᵀ · h1.
    k.matmul({ m: N, n: D, k: 3 * D, a: buf.dqkv, b: P + w.q.offset, c: buf.dh });
    k.matmul({ m: 3 * D, n: D, k: N, a: buf.dqkv, transA: true, b: a.h1, c: G + w.q.offset, accumulate: true });
    const inorm = w.inputNorm.offset;
    k.rmsNormBackward({
      rows: N,
      d: D,
      dy: buf.dh,
      x: a.xin,
      w: P + inorm,
      rstd: a.rstd1,
      dx: buf.dres,
      dw: G + inorm,
      accumulate: true,
    });
  }
  k.embeddingBackward({ rows: N, dim: D, ids: buf.tokens, vocab: V, dTable: G + layout.embed.offset, dy: buf.dres });
}
