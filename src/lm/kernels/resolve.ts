import { KernelError } from './errors.ts';
import type { Heap } from './heap.ts';
import type {
  AdamwOptions,
  CausalMask,
  CrossEntropyBackwardOptions,
  CrossEntropyForwardOptions,
  MatmulOptions,
  RmsNormBackwardOptions,
  RmsNormForwardOptions,
  RopeOptions,
  SoftmaxBackwardOptions,
  SoftmaxForwardOptions,
  SwigluBackwardOptions,
  SwigluForwardOptions,
} from './kernels.ts';

// Defaults and bounds checks shared by every backend, so a wrong offset is a clear error instead of silently
// corrupting another tensor (or the kernels' scratch) in the shared heap.

/** Checks that a rows×cols region with leading dimension ld lies inside the allocated heap. */
export function checkRegion(heap: Heap, what: string, offset: number, rows: number, cols: number, ld: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(ld) || ld < cols) {
    throw new KernelError(`${what}: offset ${offset} / leading dimension ${ld} invalid (need integers, ld ≥ ${cols})`);
  }
  if (rows === 0 || cols === 0) return;
  const end = offset + (rows - 1) * ld + cols;
  if (offset < heap.base || end > heap.top) {
    throw new KernelError(
      `${what}: region [${offset}, ${end}) lies outside the allocated heap [${heap.base}, ${heap.top}); ` +
        'allocate it with heap.alloc and do not use it after heap.release',
    );
  }
}

function checkDims(what: string, dims: Record<string, number>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!(Number.isInteger(v) && v >= 0))
      throw new KernelError(`${what}: ${name} must be a non-negative integer, got ${v}`);
  }
}

export type Resolved<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export type ResolvedMatmul = Omit<Resolved<MatmulOptions>, 'batch'>;

/** One resolved, bounds-checked product per batch item (a single one without `batch`). */
export function resolveMatmulBatch(heap: Heap, o: MatmulOptions): ResolvedMatmul[] {
  const first = resolveMatmul(heap, { ...o, batch: undefined });
  if (o.batch === undefined) return [first];
  let items: ResolvedMatmul[] = [first];
  for (const dim of o.batch) {
    checkDims('matmul batch', { count: dim.count });
    if (![dim.strideA, dim.strideB, dim.strideC].every(Number.isInteger)) {
      throw new KernelError(`matmul batch strides must be integers, got ${JSON.stringify(dim)}`);
    }
    const next: ResolvedMatmul[] = [];
    for (const item of items) {
      for (let i = 0; i < dim.count; i++) {
        next.push({ ...item, a: item.a + i * dim.strideA, b: item.b + i * dim.strideB, c: item.c + i * dim.strideC });
      }
    }
    items = next;
  }
  for (const item of items) resolveMatmul(heap, item);
  return items;
}

function resolveMatmul(heap: Heap, o: MatmulOptions): ResolvedMatmul {
  const { m, n, k } = o;
  checkDims('matmul', { m, n, k });
  const transA = o.transA ?? false;
  const transB = o.transB ?? false;
  const lda = o.lda ?? (transA ? m : k);
  const ldb = o.ldb ?? (transB ? k : n);
  const ldc = o.ldc ?? n;
  if (transA) checkRegion(heap, 'matmul A', o.a, k, m, lda);
  else checkRegion(heap, 'matmul A', o.a, m, k, lda);
  if (transB) checkRegion(heap, 'matmul B', o.b, n, k, ldb);
  else checkRegion(heap, 'matmul B', o.b, k, n, ldb);
  checkRegion(heap, 'matmul C', o.c, m, n, ldc);
  return {
    m,
    n,
    k,
    a: o.a,
    b: o.b,
    c: o.c,
    transA,
    transB,
    lda,
    ldb,
    ldc,
    alpha: o.alpha ?? 1,
    accumulate: o.accumulate ?? false,
  };
}

export function resolveRmsNormForward(heap: Heap, o: RmsNormForwardOptions): Resolved<RmsNormForwardOptions> {
  checkDims('rmsNormForward', { rows: o.rows, d: o.d });
  const ldx = o.ldx ?? o.d;
  const ldy = o.ldy ?? o.d;
  checkRegion(heap, 'rmsNormForward x', o.x, o.rows, o.d, ldx);
  checkRegion(heap, 'rmsNormForward y', o.y, o.rows, o.d, ldy);
  checkRegion(heap, 'rmsNormForward w', o.w, 1, o.d, o.d);
  checkRegion(heap, 'rmsNormForward rstd', o.rstd, 1, o.rows, o.rows);
  return { ...o, ldx, ldy, eps: o.eps ?? 1e-5 };
}

export function resolveRmsNormBackward(heap: Heap, o: RmsNormBackwardOptions): Resolved<RmsNormBackwardOptions> {
  checkDims('rmsNormBackward', { rows: o.rows, d: o.d });
  const r = { ...o, lddy: o.lddy ?? o.d, ldx: o.ldx ?? o.d, lddx: o.lddx ?? o.d, accumulate: o.accumulate ?? false };
  checkRegion(heap, 'rmsNormBackward dy', r.dy, r.rows, r.d, r.lddy);
  checkRegion(heap, 'rmsNormBackward x', r.x, r.rows, r.d, r.ldx);
  checkRegion(heap, 'rmsNormBackward dx', r.dx, r.rows, r.d, r.lddx);
  checkRegion(heap, 'rmsNormBackward w', r.w, 1, r.d, r.d);
  checkRegion(heap, 'rmsNormBackward dw', r.dw, 1, r.d, r.d);
  checkRegion(heap, 'rmsNormBackward rstd', r.rstd, 1, r.rows, r.rows);
  if (r.dx === r.x || r.dx === r.dy) throw new KernelError('rmsNormBackward: dx must not alias x or dy');
  return r;
}

export interface ResolvedMask {
  /** False: no mask. */
  causal: boolean;
  offset: number;
  period: number;
}

function resolveMask(what: string, rows: number, mask: CausalMask | undefined): ResolvedMask {
  if (mask === undefined) return { causal: false, offset: 0, period: Math.max(rows, 1) };
  const offset = mask.offset ?? 0;
  const period = mask.period ?? Math.max(rows, 1);
  if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(period) && period > 0)) {
    throw new KernelError(`${what}: causal offset must be ≥ 0 and period > 0 (integers), got ${offset} and ${period}`);
  }
  return { causal: true, offset, period };
}

export function resolveSoftmaxForward(heap: Heap, o: SoftmaxForwardOptions) {
  checkDims('softmaxForward', { rows: o.rows, cols: o.cols });
  const ldx = o.ldx ?? o.cols;
  const ldy = o.ldy ?? o.cols;
  checkRegion(heap, 'softmaxForward x', o.x, o.rows, o.cols, ldx);
  checkRegion(heap, 'softmaxForward y', o.y, o.rows, o.cols, ldy);
  return { ...o, ldx, ldy, scale: o.scale ?? 1, mask: resolveMask('softmaxForward', o.rows, o.causal) };
}

export function resolveSoftmaxBackward(heap: Heap, o: SoftmaxBackwardOptions) {
  checkDims('softmaxBackward', { rows: o.rows, cols: o.cols });
  const ldy = o.ldy ?? o.cols;
  const lddy = o.lddy ?? o.cols;
  const lddx = o.lddx ?? o.cols;
  checkRegion(heap, 'softmaxBackward y', o.y, o.rows, o.cols, ldy);
  checkRegion(heap, 'softmaxBackward dy', o.dy, o.rows, o.cols, lddy);
  checkRegion(heap, 'softmaxBackward dx', o.dx, o.rows, o.cols, lddx);
  return { ...o, ldy, lddy, lddx, scale: o.scale ?? 1, mask: resolveMask('softmaxBackward', o.rows, o.causal) };
}

export function resolveSwigluForward(heap: Heap, o: SwigluForwardOptions): Resolved<SwigluForwardOptions> {
  checkDims('swigluForward', { rows: o.rows, cols: o.cols });
  const r = { ...o, lda: o.lda ?? o.cols, ldb: o.ldb ?? o.cols, ldy: o.ldy ?? o.cols };
  checkRegion(heap, 'swigluForward a', r.a, r.rows, r.cols, r.lda);
  checkRegion(heap, 'swigluForward b', r.b, r.rows, r.cols, r.ldb);
  checkRegion(heap, 'swigluForward y', r.y, r.rows, r.cols, r.ldy);
  return r;
}

export function resolveSwigluBackward(heap: Heap, o: SwigluBackwardOptions): Resolved<SwigluBackwardOptions> {
  checkDims('swigluBackward', { rows: o.rows, cols: o.cols });
  const c = o.cols;
  const r = { ...o, lda: o.lda ?? c, ldb: o.ldb ?? c, lddy: o.lddy ?? c, ldda: o.ldda ?? c, lddb: o.lddb ?? c };
  checkRegion(heap, 'swigluBackward a', r.a, r.rows, c, r.lda);
  checkRegion(heap, 'swigluBackward b', r.b, r.rows, c, r.ldb);
  checkRegion(heap, 'swigluBackward dy', r.dy, r.rows, c, r.lddy);
  checkRegion(heap, 'swigluBackward da', r.da, r.rows, c, r.ldda);
  checkRegion(heap, 'swigluBackward db', r.db, r.rows, c, r.lddb);
  return r;
}

/** weights = −1 stands for "no weights" (all rows weigh 1). */
export function resolveCrossEntropyForward(heap: Heap, o: CrossEntropyForwardOptions) {
  checkDims('crossEntropyForward', { rows: o.rows, cols: o.cols });
  const ld = o.ld ?? o.cols;
  checkRegion(heap, 'crossEntropyForward logits', o.logits, o.rows, o.cols, ld);
  checkRegion(heap, 'crossEntropyForward targets', o.targets, 1, o.rows, o.rows);
  if (o.weights !== undefined) checkRegion(heap, 'crossEntropyForward weights', o.weights, 1, o.rows, o.rows);
  checkRegion(heap, 'crossEntropyForward losses', o.losses, 1, o.rows, o.rows);
  checkRegion(heap, 'crossEntropyForward lse', o.lse, 1, o.rows, o.rows);
  checkTargets(heap, 'crossEntropyForward', o.targets, o.rows, o.cols);
  return { ...o, ld, weights: o.weights ?? -1 };
}

export function resolveCrossEntropyBackward(heap: Heap, o: CrossEntropyBackwardOptions) {
  checkDims('crossEntropyBackward', { rows: o.rows, cols: o.cols });
  const ld = o.ld ?? o.cols;
  const lddlogits = o.lddlogits ?? o.cols;
  checkRegion(heap, 'crossEntropyBackward logits', o.logits, o.rows, o.cols, ld);
  checkRegion(heap, 'crossEntropyBackward dlogits', o.dlogits, o.rows, o.cols, lddlogits);
  checkRegion(heap, 'crossEntropyBackward targets', o.targets, 1, o.rows, o.rows);
  if (o.weights !== undefined) checkRegion(heap, 'crossEntropyBackward weights', o.weights, 1, o.rows, o.rows);
  checkRegion(heap, 'crossEntropyBackward lse', o.lse, 1, o.rows, o.rows);
  checkTargets(heap, 'crossEntropyBackward', o.targets, o.rows, o.cols);
  return { ...o, ld, lddlogits, weights: o.weights ?? -1 };
}

function checkTargets(heap: Heap, what: string, targets: number, rows: number, cols: number): void {
  const i32 = heap.i32;
  for (let r = 0; r < rows; r++) {
    const t = i32[targets + r] as number;
    if (t >= cols) throw new KernelError(`${what}: target ${t} at row ${r} is outside the vocabulary of ${cols}`);
  }
}

export function resolveRope(heap: Heap, o: RopeOptions) {
  checkDims('rope', { rows: o.rows, heads: o.heads, headDim: o.headDim });
  const width = o.heads * o.headDim;
  const ldx = o.ldx ?? width;
  const ldy = o.ldy ?? width;
  if (o.headDim % 2 !== 0 || o.headDim !== o.table.headDim) {
    throw new KernelError(`rope: headDim ${o.headDim} must be even and equal the table's ${o.table.headDim}`);
  }
  checkRegion(heap, 'rope x', o.x, o.rows, width, ldx);
  checkRegion(heap, 'rope y', o.y, o.rows, width, ldy);
  const offset = o.offset ?? 0;
  const period = o.period ?? Math.max(o.rows, 1);
  const lastPos = offset + Math.min(o.rows, period) - 1;
  if (o.rows > 0 && lastPos >= o.table.maxPos) {
    throw new KernelError(
      `rope: position ${lastPos} is beyond the table's maxPos ${o.table.maxPos}; build a longer table`,
    );
  }
  return { ...o, ldx, ldy, offset, period, inverse: o.inverse ?? false };
}

export function resolveAdamw(heap: Heap, o: AdamwOptions): Resolved<AdamwOptions> {
  checkDims('adamw', { n: o.n });
  for (const [name, off] of [
    ['param', o.param],
    ['grad', o.grad],
    ['m', o.m],
    ['v', o.v],
  ] as const) {
    checkRegion(heap, `adamw ${name}`, off, 1, o.n, o.n);
  }
  if (!(Number.isInteger(o.step) && o.step >= 1))
    throw new KernelError(`adamw: step must be an integer ≥ 1, got ${o.step}`);
  return {
    ...o,
    beta1: o.beta1 ?? 0.9,
    beta2: o.beta2 ?? 0.999,
    eps: o.eps ?? 1e-8,
    weightDecay: o.weightDecay ?? 0,
    gradScale: o.gradScale ?? 1,
  };
}
