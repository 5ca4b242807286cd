import { readFileSync } from 'node:fs';
import { KernelError } from './errors.ts';
import { type Heap, KERNEL_STATIC_BYTES, scratchOffset } from './heap.ts';
import type { Kernels } from './kernels.ts';
import { createBasicOps } from './reference.ts';
import {
  checkRegion,
  type ResolvedMatmul,
  resolveAdamw,
  resolveCrossEntropyBackward,
  resolveCrossEntropyForward,
  resolveMatmulBatch,
  resolveRmsNormBackward,
  resolveRmsNormForward,
  resolveRope,
  resolveSoftmaxBackward,
  resolveSoftmaxForward,
  resolveSwigluBackward,
  resolveSwigluForward,
} from './resolve.ts';

export type WasmVariant = 'simd' | 'relaxed';

/** The C exports (c/*.c); pointers are byte addresses in the shared memory. */
export interface WasmExports {
  matmul(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    flags: number,
    alpha: number,
    scratch: number,
  ): void;
  rmsnorm_fwd(
    rows: number,
    d: number,
    x: number,
    ldx: number,
    w: number,
    y: number,
    ldy: number,
    rstd: number,
    eps: number,
  ): void;
  rmsnorm_bwd(
    rows: number,
    d: number,
    dy: number,
    lddy: number,
    x: number,
    ldx: number,
    w: number,
    rstd: number,
    dx: number,
    lddx: number,
    dw: number,
    accumulate: number,
  ): void;
  softmax_fwd(
    rows: number,
    cols: number,
    x: number,
    ldx: number,
    y: number,
    ldy: number,
    scale: number,
    causal: number,
    offset: number,
    period: number,
  ): void;
  softmax_bwd(
    rows: number,
    cols: number,
    y: number,
    ldy: number,
    dy: number,
    lddy: number,
    dx: number,
    lddx: number,
    scale: number,
    causal: number,
    offset: number,
    period: number,
  ): void;
  swiglu_fwd(rows: number, cols: number, a: number, lda: number, b: number, ldb: number, y: number, ldy: number): void;
  swiglu_bwd(
    rows: number,
    cols: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    dy: number,
    lddy: number,
    da: number,
    ldda: number,
    db: number,
    lddb: number,
  ): void;
  ce_fwd(
    rows: number,
    cols: number,
    logits: number,
    ld: number,
    targets: number,
    weights: number,
    losses: number,
    lse: number,
  ): number;
  ce_bwd(
    rows: number,
    cols: number,
    logits: number,
    ld: number,
    targets: number,
    weights: number,
    lse: number,
    dlogits: number,
    lddl: number,
  ): void;
  rope(
    rows: number,
    heads: number,
    hd: number,
    x: number,
    ldx: number,
    y: number,
    ldy: number,
    cos: number,
    sin: number,
    offset: number,
    period: number,
    inverse: number,
    interleaved: number,
  ): void;
  adamw(
    n: number,
    param: number,
    grad: number,
    m: number,
    v: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    wd: number,
    bc1: number,
    bc2: number,
    gscale: number,
  ): void;
  sumsq(n: number, x: number): number;
}

/** The committed build of one variant (see build.ts). */
export function wasmBytes(variant: WasmVariant): Uint8Array {
  return readFileSync(new URL(`./wasm/kernels-${variant}.wasm`, import.meta.url));
}

/** Whether this runtime can compile the variant (relaxed needs Node ≥ 22 or `enableRelaxedSimd()`). */
export function wasmVariantSupported(variant: WasmVariant): boolean {
  return WebAssembly.validate(wasmBytes(variant));
}

/** Instantiates the variant's module over the heap's memory. */
export function instantiateKernels(heap: Heap, variant: WasmVariant, module?: WebAssembly.Module): WasmExports {
  let mod = module;
  if (mod === undefined) {
    const bytes = wasmBytes(variant);
    if (!WebAssembly.validate(bytes)) {
      throw new KernelError(
        variant === 'relaxed'
          ? 'this runtime rejects relaxed-SIMD wasm: call enableRelaxedSimd() at start-up (Node 20), use Node ≥ 22, ' +
              "or pick backend 'simd'"
          : "this runtime has no WebAssembly SIMD; pick backend 'js'",
      );
    }
    mod = new WebAssembly.Module(bytes);
  }
  const instance = new WebAssembly.Instance(mod, { env: { memory: heap.memory } });
  return instance.exports as unknown as WasmExports;
}

/** Kernels running on the wasm build; `thread` picks which matmul scratch this instance owns. */
export function createWasmKernels(options: { heap: Heap; variant: WasmVariant; thread?: number }): Kernels {
  const { heap, variant } = options;
  const w = instantiateKernels(heap, variant);
  const scratch = scratchOffset(options.thread ?? 0) * 4;
  if (scratch < KERNEL_STATIC_BYTES) throw new KernelError('kernel scratch overlaps the wasm static area');
  const matmulOne = (o: ResolvedMatmul): void => {
    const flags = (o.transA ? 1 : 0) | (o.transB ? 2 : 0) | (o.accumulate ? 4 : 0);
    w.matmul(o.m, o.n, o.k, o.a * 4, o.lda, o.b * 4, o.ldb, o.c * 4, o.ldc, flags, o.alpha, scratch);
  };
  return {
    heap,
    backend: variant,
    threads: 1,
    matmul(options) {
      for (const o of resolveMatmulBatch(heap, options)) matmulOne(o);
    },
    rmsNormForward(options) {
      const o = resolveRmsNormForward(heap, options);
      w.rmsnorm_fwd(o.rows, o.d, o.x * 4, o.ldx, o.w * 4, o.y * 4, o.ldy, o.rstd * 4, o.eps);
    },
    rmsNormBackward(options) {
      const o = resolveRmsNormBackward(heap, options);
      w.rmsnorm_bwd(
        o.rows,
        o.d,
        o.dy * 4,
        o.lddy,
        o.x * 4,
        o.ldx,
        o.w * 4,
        o.rstd * 4,
        o.dx * 4,
        o.lddx,
        o.dw * 4,
        o.accumulate ? 1 : 0,
      );
    },
    softmaxForward(options) {
      const o = resolveSoftmaxForward(heap, options);
      const { causal, offset, period } = o.mask;
      w.softmax_fwd(o.rows, o.cols, o.x * 4, o.ldx, o.y * 4, o.ldy, o.scale, causal ? 1 : 0, offset, period);
    },
    softmaxBackward(options) {
      const o = resolveSoftmaxBackward(heap, options);
      const { causal, offset, period } = o.mask;
      w.softmax_bwd(
        o.rows,
        o.cols,
        o.y * 4,
        o.ldy,
        o.dy * 4,
        o.lddy,
        o.dx * 4,
        o.lddx,
        o.scale,
        causal ? 1 : 0,
        offset,
        period,
      );
    },
    swigluForward(options) {
      const o = resolveSwigluForward(heap, options);
      w.swiglu_fwd(o.rows, o.cols, o.a * 4, o.lda, o.b * 4, o.ldb, o.y * 4, o.ldy);
    },
    swigluBackward(options) {
      const o = resolveSwigluBackward(heap, options);
      w.swiglu_bwd(
        o.rows,
        o.cols,
        o.a * 4,
        o.lda,
        o.b * 4,
        o.ldb,
        o.dy * 4,
        o.lddy,
        o.da * 4,
        o.ldda,
        o.db * 4,
        o.lddb,
      );
    },
    crossEntropyForward(options) {
      const o = resolveCrossEntropyForward(heap, options);
      const weights = o.weights < 0 ? 0 : o.weights * 4;
      return w.ce_fwd(o.rows, o.cols, o.logits * 4, o.ld, o.targets * 4, weights, o.losses * 4, o.lse * 4);
    },
    crossEntropyBackward(options) {
      const o = resolveCrossEntropyBackward(heap, options);
      const weights = o.weights < 0 ? 0 : o.weights * 4;
      w.ce_bwd(o.rows, o.cols, o.logits * 4, o.ld, o.targets * 4, weights, o.lse * 4, o.dlogits * 4, o.lddlogits);
    },
    rope(options) {
      const o = resolveRope(heap, options);
      w.rope(
        o.rows,
        o.heads,
        o.headDim,
        o.x * 4,
        o.ldx,
        o.y * 4,
        o.ldy,
        o.table.cos * 4,
        o.table.sin * 4,
        o.offset,
        o.period,
        o.inverse ? 1 : 0,
        o.table.pairing === 'interleaved' ? 1 : 0,
      );
    },
    adamw(options) {
      const o = resolveAdamw(heap, options);
      const bc1 = 1 - o.beta1 ** o.step;
      const bc2 = 1 - o.beta2 ** o.step;
      w.adamw(
        o.n,
        o.param * 4,
        o.grad * 4,
        o.m * 4,
        o.v * 4,
        o.lr,
        o.beta1,
        o.beta2,
        o.eps,
        o.weightDecay,
        bc1,
        bc2,
        o.gradScale,
      );
    },
    sumSquares({ x, n }) {
      checkRegion(heap, 'sumSquares x', x, 1, n, n);
      return w.sumsq(n, x * 4);
    },
    ...createBasicOps(heap),
  };
}
