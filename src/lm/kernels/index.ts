// The kernel layer's public surface: import from here, not from the files behind it.
export { bestWasmVariant, type CreateKernelsOptions, createKernels } from './create-kernels.ts';
export { KernelError } from './errors.ts';
export { createHeap, type Heap, type HeapOptions } from './heap.ts';
export { createKernelPool, type KernelPool, type KernelPoolOptions } from './kernel-pool.ts';
export type * from './kernels.ts';
export { createReferenceKernels } from './reference.ts';
export { enableRelaxedSimd, relaxedSimdSupported } from './relaxed-simd.ts';
export { createRopeTable, type RopeTableOptions } from './rope-table.ts';
export { withKernels } from './with-kernels.ts';
