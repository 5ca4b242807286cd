import type { Rng } from '../../spec/rng.ts';
import type { Heap } from './heap.ts';
import type { Kernels } from './kernels.ts';
import { createReferenceKernels } from './reference.ts';
import { enableRelaxedSimd } from './relaxed-simd.ts';
import { createWasmKernels, wasmVariantSupported } from './wasm-kernels.ts';

// Helpers for the kernel tests: strided random matrices whose padding is NaN (so a kernel that reads or writes
// outside its rows is caught), and the list of backends to compare.

export interface Matrix {
  offset: number;
  rows: number;
  cols: number;
  ld: number;
}

/** A rows×cols matrix with 0–3 floats of NaN padding per row, filled from [lo, hi). */
export function randomMatrix(heap: Heap, rng: Rng, shape: { rows: number; cols: number; lo?: number; hi?: number }) {
  const { rows, cols } = shape;
  const lo = shape.lo ?? -1;
  const hi = shape.hi ?? 1;
  const ld = cols + rng.int(4);
  const offset = heap.alloc(Math.max(1, rows * ld));
  const f = heap.f32;
  f.fill(Number.NaN, offset, offset + rows * ld);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) f[offset + r * ld + c] = lo + (hi - lo) * rng.next();
  return { offset, rows, cols, ld };
}

/** An all-NaN matrix of the same layout as `like`, for outputs. */
export function poisonedLike(heap: Heap, like: Matrix): Matrix {
  const offset = heap.alloc(Math.max(1, like.rows * like.ld));
  heap.f32.fill(Number.NaN, offset, offset + like.rows * like.ld);
  return { ...like, offset };
}

/** A copy of a matrix (padding included). */
export function cloneMatrix(heap: Heap, m: Matrix): Matrix {
  const offset = heap.alloc(Math.max(1, m.rows * m.ld));
  heap.f32.copyWithin(offset, m.offset, m.offset + m.rows * m.ld);
  return { ...m, offset };
}

export function readMatrix(heap: Heap, m: Matrix): number[][] {
  const f = heap.f32;
  return Array.from({ length: m.rows }, (_, r) =>
    Array.from(f.subarray(m.offset + r * m.ld, m.offset + r * m.ld + m.cols)),
  );
}

/** Padding entries that are no longer NaN (something wrote outside the matrix). */
export function paddingWrites(heap: Heap, m: Matrix): number {
  const f = heap.f32;
  let bad = 0;
  for (let r = 0; r < m.rows; r++) {
    for (let c = m.cols; c < m.ld; c++) if (!Number.isNaN(f[m.offset + r * m.ld + c])) bad++;
  }
  return bad;
}

/** Largest |got − want| / (atol + rtol·|want|) over the valid part; NaN counts as infinitely wrong. */
export function worstError(got: number[][], want: number[][], tol: { atol: number; rtol: number }): number {
  let worst = 0;
  for (let r = 0; r < want.length; r++) {
    const w = want[r] as number[];
    const g = got[r] as number[];
    for (let c = 0; c < w.length; c++) {
      const e = Math.abs((g[c] as number) - (w[c] as number)) / (tol.atol + tol.rtol * Math.abs(w[c] as number));
      if (!(e <= worst)) worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
    }
  }
  return worst;
}

export interface BackendCase {
  name: string;
  make: (heap: Heap) => Kernels;
}

/** The wasm backends this runtime can run (relaxed after switching its flag on), then the JS reference. */
export function fastBackends(): BackendCase[] {
  const cases: BackendCase[] = [];
  if (wasmVariantSupported('simd'))
    cases.push({ name: 'simd', make: (heap) => createWasmKernels({ heap, variant: 'simd' }) });
  if (enableRelaxedSimd() && wasmVariantSupported('relaxed')) {
    cases.push({ name: 'relaxed', make: (heap) => createWasmKernels({ heap, variant: 'relaxed' }) });
  }
  return cases;
}

export function allBackends(): BackendCase[] {
  return [{ name: 'js', make: (heap) => createReferenceKernels(heap) }, ...fastBackends()];
}
