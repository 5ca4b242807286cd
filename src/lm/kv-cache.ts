import type { ModelMemory } from './train-forward.ts';

/**
 * Keys (after rotary) and values of every token seen so far, per layer, for `slots` independent sequences:
 * [slots, context, width] each, in the heap. Decoding a new token then costs one row of work instead of a
 * forward pass over the whole prefix.
 */
export interface KvCache {
  readonly slots: number;
  readonly context: number;
  /** Heap offsets, one per layer. */
  readonly k: readonly number[];
  readonly v: readonly number[];
  /** Tokens stored per slot (the next token's position). */
  readonly lengths: Int32Array;
}

export function createKvCache(mem: ModelMemory, slots: number): KvCache {
  const { config, kernels } = mem;
  if (!(Number.isInteger(slots) && slots > 0))
    throw new RangeError(`KV cache needs a positive slot count, got ${slots}`);
  const size = slots * config.context * config.width;
  const k: number[] = [];
  const v: number[] = [];
  for (let l = 0; l < config.layers; l++) {
    k.push(kernels.heap.alloc(size));
    v.push(kernels.heap.alloc(size));
  }
  return { slots, context: config.context, k, v, lengths: new Int32Array(slots) };
}
