import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { createHeap } from './heap.ts';
import { createKernelPool } from './kernel-pool.ts';
import { paddingWrites, poisonedLike, randomMatrix, readMatrix } from './kernel-test-utils.ts';
import { createWasmKernels } from './wasm-kernels.ts';

describe('kernel pool (2 threads)', () => {
  it('gives bit-identical results to one thread, including ragged row splits', async () => {
    const heap = createHeap({ initialMiB: 16 });
    const single = createWasmKernels({ heap, variant: 'simd' });
    const pool = await createKernelPool({ heap, variant: 'simd', threads: 2, minFlops: 0 });
    try {
      expect(pool.kernels.threads).toBe(2);
      const rng = createRng(11);
      for (const [m, n, k] of [
        [37, 29, 70],
        [64, 40, 300],
        [18, 9, 5],
      ] as const) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const mark = heap.mark();
            const a = randomMatrix(heap, rng, transA ? { rows: k, cols: m } : { rows: m, cols: k });
            const b = randomMatrix(heap, rng, transB ? { rows: n, cols: k } : { rows: k, cols: n });
            const c1 = poisonedLike(heap, { offset: 0, rows: m, cols: n, ld: n + 1 });
            const c2 = poisonedLike(heap, c1);
            const o = {
              m,
              n,
              k,
              a: a.offset,
              lda: a.ld,
              b: b.offset,
              ldb: b.ld,
              transA,
              transB,
              alpha: 0.5,
              ldc: c1.ld,
            };
            single.matmul({ ...o, c: c1.offset });
            pool.kernels.matmul({ ...o, c: c2.offset });
            expect(readMatrix(heap, c2), `${m}×${n}×${k} tA=${transA} tB=${transB}`).toEqual(readMatrix(heap, c1));
            expect(paddingWrites(heap, c2)).toBe(0);
            heap.release(mark);
          }
        }
      }
    } finally {
      await pool.close();
    }
    const x = heap.alloc(4);
    expect(() => pool.kernels.matmul({ m: 1, n: 1, k: 1, a: x, b: x, c: x + 1 })).toThrow(/closed/);
  });

  it('splits batched products by item, or by rows when there are fewer items than threads', async () => {
    const heap = createHeap({ initialMiB: 8 });
    const single = createWasmKernels({ heap, variant: 'simd' });
    const pool = await createKernelPool({ heap, variant: 'simd', threads: 3, minFlops: 0 });
    try {
      const rng = createRng(12);
      for (const count of [1, 2, 7]) {
        const mark = heap.mark();
        const [m, n, k] = [33, 20, 16];
        const a = randomMatrix(heap, rng, { rows: count * m, cols: k });
        const b = randomMatrix(heap, rng, { rows: count * k, cols: n });
        const c1 = poisonedLike(heap, { offset: 0, rows: count * m, cols: n, ld: n });
        const c2 = poisonedLike(heap, c1);
        const o = { m, n, k, a: a.offset, lda: a.ld, b: b.offset, ldb: b.ld };
        const batch = (strideC: number) => [{ count, strideA: m * a.ld, strideB: k * b.ld, strideC }];
        single.matmul({ ...o, c: c1.offset, batch: batch(m * n) });
        pool.kernels.matmul({ ...o, c: c2.offset, batch: batch(m * n) });
        expect(readMatrix(heap, c2), `count=${count}`).toEqual(readMatrix(heap, c1));
        expect(readMatrix(heap, c2).flat().some(Number.isNaN)).toBe(false);
        heap.release(mark);
      }
    } finally {
      await pool.close();
    }
  });

  it('rejects thread counts it has no scratch for', async () => {
    const heap = createHeap({ initialMiB: 4 });
    await expect(createKernelPool({ heap, variant: 'simd', threads: 9 })).rejects.toThrow(/threads/);
  });
});
