import { KernelError } from './errors.ts';

/**
 * One WebAssembly.Memory holds every tensor as float32; a tensor is an offset (in floats) into it. Offsets stay
 * valid when the memory grows, typed-array views do not, so always read `heap.f32` / `heap.i32` afresh after an
 * `alloc` (they are getters that return the current view) and never keep a view across allocations.
 *
 * Allocation is a bump pointer with mark/release: allocate long-lived tensors (weights, gradients, optimizer
 * moments) first, then `const m = heap.mark()` … per-step activations … `heap.release(m)`, so a training step
 * never leaks. The memory is always shared (needed for the optional worker pool), which costs nothing on one thread.
 */
export interface Heap {
  readonly memory: WebAssembly.Memory;
  /** The whole memory as float32; re-read after every `alloc` (growth replaces the buffer). */
  readonly f32: Float32Array;
  /** The same bytes as int32, for token ids and targets stored at float offsets. */
  readonly i32: Int32Array;
  /** First float offset available to `alloc`; below it lie the kernels' reserved stack and scratch. */
  readonly base: number;
  /** Floats allocated so far (the bump pointer). */
  readonly top: number;
  /** Reserves `nFloats` floats (rounded up to 4, 16-byte aligned) and returns their offset. Contents are undefined. */
  alloc(nFloats: number): number;
  /** The current top, to pass to `release` later. */
  mark(): number;
  /** Frees everything allocated since `mark` was taken. */
  release(mark: number): void;
}

export interface HeapOptions {
  /** Memory to reserve up front, in MiB (default 16); the heap grows on demand. */
  initialMiB?: number;
  /** Hard ceiling in MiB (default 1024, at most 4096); shared memories need one and reserve it as address space. */
  maximumMiB?: number;
}

const PAGE_BYTES = 65536;
/** Bytes at the bottom of memory owned by the wasm modules (C stack and statics; checked at load). */
export const KERNEL_STATIC_BYTES = 65536;
/** Matmul blocking: a packed B block is `MATMUL_KC × MATMUL_NC`, a packed A strip `4 × MATMUL_KC`. */
export const MATMUL_KC = 256;
export const MATMUL_NC = 512;
/** Floats of matmul packing scratch each thread owns (B block + A strip + one edge tile). */
export const SCRATCH_FLOATS = MATMUL_KC * MATMUL_NC + 4 * MATMUL_KC + 64;
/** Threads that may run kernels at once (each needs its own scratch). */
export const MAX_KERNEL_THREADS = 4;

/** Float offset of thread `t`'s matmul scratch. */
export function scratchOffset(thread: number): number {
  return KERNEL_STATIC_BYTES / 4 + thread * SCRATCH_FLOATS;
}

export function createHeap(options: HeapOptions = {}): Heap {
  const initialMiB = options.initialMiB ?? 16;
  const maximumMiB = options.maximumMiB ?? 1024;
  if (!(maximumMiB > 0 && maximumMiB <= 4096)) {
    throw new KernelError(`heap maximumMiB must be in (0, 4096], got ${maximumMiB}`);
  }
  const base = scratchOffset(MAX_KERNEL_THREADS);
  const maxPages = Math.floor((maximumMiB * 1024 * 1024) / PAGE_BYTES);
  const minPages = Math.ceil((base * 4) / PAGE_BYTES);
  const initialPages = Math.min(maxPages, Math.max(minPages, Math.ceil((initialMiB * 1024 * 1024) / PAGE_BYTES)));
  if (initialPages < minPages) {
    throw new KernelError(
      `heap maximumMiB=${maximumMiB} is below the kernels' reserved ${(base * 4) >> 20} MiB; raise it`,
    );
  }
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maxPages, shared: true });
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  let top = base;

  const ensure = (floats: number): void => {
    const needBytes = floats * 4;
    const haveBytes = memory.buffer.byteLength;
    if (needBytes <= haveBytes) return;
    // Grow geometrically so a sequence of small allocations does not grow page by page.
    const havePages = haveBytes / PAGE_BYTES;
    const needPages = Math.ceil(needBytes / PAGE_BYTES);
    const target = Math.min(maxPages, Math.max(needPages, Math.ceil(havePages * 1.5)));
    if (needPages > maxPages) {
      throw new KernelError(
        `heap exhausted: need ${(needBytes / 2 ** 20).toFixed(1)} MiB but maximumMiB is ${maximumMiB}; ` +
          'raise maximumMiB in createHeap, or release per-step tensors with heap.mark()/heap.release()',
      );
    }
    memory.grow(target - havePages);
    f32 = new Float32Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
  };

  return {
    memory,
    get f32() {
      return f32;
    },
    get i32() {
      return i32;
    },
    base,
    get top() {
      return top;
    },
    alloc(nFloats: number): number {
      if (!(Number.isInteger(nFloats) && nFloats >= 0)) {
        throw new KernelError(`heap.alloc needs a non-negative integer float count, got ${nFloats}`);
      }
      const offset = top;
      const next = offset + ((nFloats + 3) & ~3);
      ensure(next);
      top = next;
      return offset;
    },
    mark: () => top,
    release(mark: number): void {
      if (!(Number.isInteger(mark) && mark >= base && mark <= top && mark % 4 === 0)) {
        throw new KernelError(
          `heap.release(${mark}) is not a mark of this heap (base ${base}, top ${top}); pass a value from heap.mark()`,
        );
      }
      top = mark;
    },
  };
}
