import { bestWasmVariant, createKernels } from './create-kernels.ts';
import { createHeap } from './heap.ts';
import { createKernelPool } from './kernel-pool.ts';
import type { Kernels } from './kernels.ts';

/**
 * Runs `body` with a run's kernels on a fresh heap: a pool of `threads` workers when more than one is asked for and
 * the machine has a WebAssembly SIMD variant, else the kernels of this thread. The pool is closed when `body` ends,
 * however it ends.
 */
export async function withKernels<T>(threads: number, body: (kernels: Kernels) => Promise<T>): Promise<T> {
  const heap = createHeap();
  const variant = bestWasmVariant();
  const pool = threads > 1 && variant ? await createKernelPool({ heap, variant, threads }) : undefined;
  try {
    return await body(pool?.kernels ?? createKernels({ heap }));
  } finally {
    await pool?.close();
  }
}
