import type { Heap } from './heap.ts';
import type { KernelBackend, Kernels } from './kernels.ts';
import { createReferenceKernels } from './reference.ts';
import { createWasmKernels, wasmVariantSupported } from './wasm-kernels.ts';

export interface CreateKernelsOptions {
  heap: Heap;
  /**
   * 'auto' (default) takes the fastest the runtime accepts: relaxed SIMD → SIMD → JS. Relaxed SIMD needs
   * Node ≥ 22, or `enableRelaxedSimd()` called first on Node 20 (the CLI should; a library never flips V8 flags).
   */
  backend?: KernelBackend | 'auto';
}

/** Kernels over `heap`, single-threaded and deterministic for a given backend and machine. */
export function createKernels(options: CreateKernelsOptions): Kernels {
  const { heap } = options;
  const backend = options.backend ?? 'auto';
  if (backend === 'js') return createReferenceKernels(heap);
  if (backend !== 'auto') return createWasmKernels({ heap, variant: backend });
  for (const variant of ['relaxed', 'simd'] as const) {
    if (wasmVariantSupported(variant)) return createWasmKernels({ heap, variant });
  }
  return createReferenceKernels(heap);
}
