import type { Heap } from './heap.ts';
import type { RopeTable } from './kernels.ts';

export interface RopeTableOptions {
  /** Positions covered: 0 … maxPos−1. */
  maxPos: number;
  headDim: number;
  /** Base of the inverse frequencies (Llama: 10000). */
  theta?: number;
  pairing?: 'half' | 'interleaved';
}

/** Allocates and fills cos/sin [maxPos × headDim/2] on the heap; the angles are computed in float64. */
export function createRopeTable(heap: Heap, options: RopeTableOptions): RopeTable {
  const { maxPos, headDim } = options;
  const theta = options.theta ?? 10000;
  if (!(Number.isInteger(maxPos) && maxPos > 0 && Number.isInteger(headDim) && headDim > 0 && headDim % 2 === 0)) {
    throw new RangeError(`rope table needs a positive maxPos and an even headDim, got ${maxPos} and ${headDim}`);
  }
  const half = headDim / 2;
  const cos = heap.alloc(maxPos * half);
  const sin = heap.alloc(maxPos * half);
  const f32 = heap.f32;
  for (let p = 0; p < maxPos; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * theta ** (-(2 * i) / headDim);
      f32[cos + p * half + i] = Math.cos(angle);
      f32[sin + p * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin, maxPos, headDim, pairing: options.pairing ?? 'half' };
}
