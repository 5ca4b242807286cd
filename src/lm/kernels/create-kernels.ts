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

/** The fastest WebAssembly variant this runtime accepts, or undefined when it runs none (then JS kernels). */
export function bestWasmVariant(): 'relaxed' | 'simd' | undefined {
  return (['relaxed', 'simd'] as const).find((variant) => wasmVariantSupported(variant));
}

/** Kernels over `heap`, single-threaded and deterministic for a given backend and machine. */
export function createKernels(options: CreateKernelsOptions): Kernels {
  const { heap } = options;
  const backend = options.backend ?? 'auto';
  if (backend === 'js') return createReferenceKernels(heap);
  if (backend !== 'auto') return createWasmKernels({ heap, variant: backend });
  const variant = bestWasmVariant();
  return variant ? createWasmKernels({ heap, variant }) : createReferenceKernels(heap);
}
