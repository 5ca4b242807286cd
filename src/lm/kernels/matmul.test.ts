import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { createHeap } from './heap.ts';
import {
  fastBackends,
  paddingWrites,
  poisonedLike,
  randomMatrix,
  readMatrix,
  worstError,
} from './kernel-test-utils.ts';
import { createReferenceKernels } from './reference.ts';

// Shapes straddle the micro-tile (4×8) and the packing blocks (KC = 256, NC = 512) so every edge path runs.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [4, 8, 16],
  [3, 5, 7],
  [13, 17, 33],
  [37, 29, 300],
  [9, 520, 260],
  [70, 11, 513],
  [5, 3, 0],
];

describe('reference matmul', () => {
  it('computes a small product by hand', () => {
    const heap = createHeap({ initialMiB: 4 });
    const k = createReferenceKernels(heap);
    const a = heap.alloc(6);
    const b = heap.alloc(6);
    const c = heap.alloc(4);
    heap.f32.set([1, 2, 3, 4, 5, 6], a); // A 2×3
    heap.f32.set([7, 8, 9, 10, 11, 12], b); // B 3×2
    k.matmul({ m: 2, n: 2, k: 3, a, b, c });
    expect(Array.from(heap.f32.subarray(c, c + 4))).toEqual([58, 64, 139, 154]);
    // Bᵀ stored as 2×3 rows of B's columns, and Aᵀ stored 3×2: same product.
    heap.f32.set([7, 9, 11, 8, 10, 12], b);
    heap.f32.set([1, 4, 2, 5, 3, 6], a);
    k.matmul({ m: 2, n: 2, k: 3, a, b, c, transA: true, transB: true, alpha: 2, accumulate: true });
    expect(Array.from(heap.f32.subarray(c, c + 4))).toEqual([174, 192, 417, 462]);
  });
});

describe.each(fastBackends())('$name matmul', ({ make }) => {
  it.each(SHAPES)('matches the reference for m=%i n=%i k=%i, every transpose, accumulate on/off', (m, n, kk) => {
    const heap = createHeap({ initialMiB: 16 });
    const fast = make(heap);
    const ref = createReferenceKernels(heap);
    const rng = createRng(m * 1000003 + n * 1009 + kk);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const accumulate of [false, true]) {
          const mark = heap.mark();
          const a = randomMatrix(heap, rng, transA ? { rows: kk, cols: m } : { rows: m, cols: kk });
          const b = randomMatrix(heap, rng, transB ? { rows: n, cols: kk } : { rows: kk, cols: n });
          const c0 = randomMatrix(heap, rng, { rows: m, cols: n });
          const got = accumulate ? c0 : poisonedLike(heap, c0);
          const want = poisonedLike(heap, c0);
          if (accumulate) heap.f32.copyWithin(want.offset, c0.offset, c0.offset + m * c0.ld);
          const alpha = accumulate ? 0.5 : 1;
          const common = {
            m,
            n,
            k: kk,
            a: a.offset,
            lda: a.ld,
            b: b.offset,
            ldb: b.ld,
            transA,
            transB,
            alpha,
            accumulate,
          };
          fast.matmul({ ...common, c: got.offset, ldc: got.ld });
          ref.matmul({ ...common, c: want.offset, ldc: want.ld });
          const label = `transA=${transA} transB=${transB} accumulate=${accumulate}`;
          // Float32 rounding grows with k; a wrong element is off by O(1).
          expect(
            worstError(readMatrix(heap, got), readMatrix(heap, want), { atol: 1e-6 * (kk + 1), rtol: 1e-5 }),
            label,
          ).toBeLessThan(1);
          expect(paddingWrites(heap, got), label).toBe(0);
          heap.release(mark);
        }
      }
    }
  });

  it('is bit-identical across repeated runs', () => {
    const heap = createHeap({ initialMiB: 4 });
    const fast = make(heap);
    const rng = createRng(7);
    const a = randomMatrix(heap, rng, { rows: 33, cols: 70 });
    const b = randomMatrix(heap, rng, { rows: 70, cols: 21 });
    const c1 = poisonedLike(heap, { offset: 0, rows: 33, cols: 21, ld: 21 });
    const c2 = poisonedLike(heap, c1);
    const o = { m: 33, n: 21, k: 70, a: a.offset, lda: a.ld, b: b.offset, ldb: b.ld };
    fast.matmul({ ...o, c: c1.offset });
    fast.matmul({ ...o, c: c2.offset });
    expect(readMatrix(heap, c1)).toEqual(readMatrix(heap, c2));
  });
});

describe.each([{ name: 'js' }, ...fastBackends()])('$name batched matmul', (backend) => {
  it('runs every (sequence, head) of an attention-shaped grid, like per-item calls', () => {
    const heap = createHeap({ initialMiB: 4 });
    const kernels = 'make' in backend ? backend.make(heap) : createReferenceKernels(heap);
    const ref = createReferenceKernels(heap);
    const rng = createRng(3);
    const [B, H, T, hd] = [2, 3, 5, 4];
    const width = H * hd;
    const qm = randomMatrix(heap, rng, { rows: B * T, cols: width });
    const km = randomMatrix(heap, rng, { rows: B * T, cols: width });
    const [q, kk] = [qm.offset, km.offset];
    const scores = poisonedLike(heap, { offset: 0, rows: B * H * T, cols: T, ld: T });
    const want = poisonedLike(heap, scores);
    const o = { m: T, n: T, k: hd, lda: qm.ld, ldb: km.ld, transB: true, alpha: 0.5 };
    kernels.matmul({
      ...o,
      a: q,
      b: kk,
      c: scores.offset,
      batch: [
        { count: B, strideA: T * qm.ld, strideB: T * km.ld, strideC: H * T * T },
        { count: H, strideA: hd, strideB: hd, strideC: T * T },
      ],
    });
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const a = q + b * T * qm.ld + h * hd;
        ref.matmul({ ...o, a, b: kk + b * T * km.ld + h * hd, c: want.offset + (b * H + h) * T * T });
      }
    }
    expect(worstError(readMatrix(heap, scores), readMatrix(heap, want), { atol: 1e-6, rtol: 1e-5 })).toBeLessThan(1);
  });
});

describe('matmul argument checks', () => {
  it('rejects regions outside the heap and short leading dimensions', () => {
    const heap = createHeap({ initialMiB: 4 });
    const k = createReferenceKernels(heap);
    const a = heap.alloc(16);
    expect(() => k.matmul({ m: 4, n: 4, k: 4, a, b: a, c: a + 1000 })).toThrow(/outside the allocated heap/);
    expect(() => k.matmul({ m: 2, n: 2, k: 4, a, lda: 3, b: a, c: a })).toThrow(/leading dimension/);
  });
});
