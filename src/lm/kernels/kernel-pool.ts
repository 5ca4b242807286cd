import { Worker } from 'node:worker_threads';
import { KernelError } from './errors.ts';
import { type Heap, MAX_KERNEL_THREADS, scratchOffset } from './heap.ts';
import type { Kernels } from './kernels.ts';
import { type ResolvedMatmul, resolveMatmulBatch } from './resolve.ts';
import { createWasmKernels, type WasmVariant, wasmBytes } from './wasm-kernels.ts';

/**
 * Large matmuls split by rows of C over the calling thread plus worker threads that share the heap's memory.
 * Each row of C goes through exactly the same packed micro-kernel sums whatever the split, so results are
 * bit-identical to the single-thread kernels (the tests check this); only the wall time changes.
 *
 * Fork-join: the caller writes the job into a small shared control block and bumps a sequence number; workers
 * spin on it with Atomics.load (sub-µs hand-off, where Atomics.wait/notify costs ~50 µs per the research notes)
 * and fall back to Atomics.wait after ~1 ms idle so an idle pool does not burn a core. Workers are unref'd,
 * but call `close()` when done.
 */
export interface KernelPool {
  /** Kernels whose matmul uses the pool for products of at least `minFlops`; every other op runs on the caller. */
  readonly kernels: Kernels;
  close(): Promise<void>;
}

export interface KernelPoolOptions {
  heap: Heap;
  variant: WasmVariant;
  /** Threads including the caller's: 2 … MAX_KERNEL_THREADS (default 2). */
  threads?: number;
  /** Smaller matmuls stay on the calling thread (default 2 MFLOP: below it the hand-off does not pay). */
  minFlops?: number;
}

// Jobs: one matmul call each, JOB_INTS int32 slots [m, n, k, a, lda, b, ldb, c, ldc, flags, alpha(f32)] with byte
// pointers. Control per worker: [seq, done, firstJob, jobCount, failed]; each thread runs a contiguous job range.
const JOB_INTS = 12;
const MAX_JOBS = 1024;
const SLOT = 8;
const CLOSE = -1;

// The worker runs as an eval'd CommonJS script so it needs no TypeScript loader in the worker thread.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, jobs, slot, scratch } = workerData;
const matmul = new WebAssembly.Instance(module, { env: { memory } }).exports.matmul;
const ci = new Int32Array(control);
const ji = new Int32Array(jobs);
const jf = new Float32Array(jobs);
const at = slot * ${SLOT};
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  let spins = 0;
  let since = 0;
  while (Atomics.load(ci, at) === seen) {
    if ((++spins & 1023) === 0) {
      const now = performance.now();
      if (since === 0) since = now;
      else if (now - since > 1) { Atomics.wait(ci, at, seen); since = 0; }
    }
  }
  seen = Atomics.load(ci, at);
  if (seen === ${CLOSE}) break;
  try {
    const end = ci[at + 2] + ci[at + 3];
    for (let j = ci[at + 2]; j < end; j++) {
      const q = j * ${JOB_INTS};
      matmul(ji[q], ji[q + 1], ji[q + 2], ji[q + 3], ji[q + 4], ji[q + 5], ji[q + 6], ji[q + 7], ji[q + 8], ji[q + 9],
        jf[q + 10], scratch);
    }
  } catch (e) {
    ci[at + 4] = 1;
  }
  Atomics.store(ci, at + 1, seen);
}
`;

/** Splits one product by rows of C into `parts` pieces, in multiples of the 4-row micro-tile. */
function splitRows(o: ResolvedMatmul, parts: number): ResolvedMatmul[] {
  const per = Math.ceil(o.m / parts / 4) * 4;
  const out: ResolvedMatmul[] = [];
  for (let r0 = 0; r0 < o.m; r0 += per) {
    const a = o.transA ? o.a + r0 : o.a + r0 * o.lda;
    out.push({ ...o, m: Math.min(per, o.m - r0), a, c: o.c + r0 * o.ldc });
  }
  return out;
}

/** Work for each thread (index 0 is the caller): whole items when there are enough, else row slices. */
function partition(items: ResolvedMatmul[], threads: number): ResolvedMatmul[][] {
  const shares: ResolvedMatmul[][] = Array.from({ length: threads }, () => []);
  if (items.length >= threads) {
    const per = Math.ceil(items.length / threads);
    for (let i = 0; i < items.length; i++) shares[Math.floor(i / per)]?.push(items[i] as ResolvedMatmul);
  } else {
    for (const item of items) {
      const pieces = splitRows(item, threads);
      for (let t = 0; t < pieces.length; t++) shares[t]?.push(pieces[t] as ResolvedMatmul);
    }
  }
  return shares;
}

export async function createKernelPool(options: KernelPoolOptions): Promise<KernelPool> {
  const { heap, variant } = options;
  const threads = options.threads ?? 2;
  const minFlops = options.minFlops ?? 2e6;
  if (!(Number.isInteger(threads) && threads >= 2 && threads <= MAX_KERNEL_THREADS)) {
    throw new KernelError(`kernel pool threads must be an integer in [2, ${MAX_KERNEL_THREADS}], got ${threads}`);
  }
  const single = createWasmKernels({ heap, variant, thread: 0 });
  const module = new WebAssembly.Module(wasmBytes(variant));
  const control = new SharedArrayBuffer((threads - 1) * SLOT * 4);
  const jobs = new SharedArrayBuffer(MAX_JOBS * JOB_INTS * 4);
  const ci = new Int32Array(control);
  const ji = new Int32Array(jobs);
  const jf = new Float32Array(jobs);
  const workers = await Promise.all(
    Array.from({ length: threads - 1 }, (_, w) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory: heap.memory, control, jobs, slot: w, scratch: scratchOffset(w + 1) * 4 },
      });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', (e) => reject(new KernelError('a kernel pool worker failed to start', { cause: e })));
      });
    }),
  );
  for (const worker of workers) worker.unref();
  let seq = 0;
  let closed = false;

  /** Runs the shares of one fork: workers take shares 1…, the caller share 0, then it waits for the workers. */
  const fork = (shares: ResolvedMatmul[][]): void => {
    seq = (seq + 1) & 0x3fffffff;
    let next = 0;
    const started: number[] = [];
    for (let w = 0; w < threads - 1; w++) {
      const share = shares[w + 1] as ResolvedMatmul[];
      if (share.length === 0) continue;
      const first = next;
      for (const o of share) {
        const q = next * JOB_INTS;
        const flags = (o.transA ? 1 : 0) | (o.transB ? 2 : 0) | (o.accumulate ? 4 : 0);
        ji.set([o.m, o.n, o.k, o.a * 4, o.lda, o.b * 4, o.ldb, o.c * 4, o.ldc, flags], q);
        jf[q + 10] = o.alpha;
        next++;
      }
      const at = w * SLOT;
      ci[at + 2] = first;
      ci[at + 3] = share.length;
      Atomics.store(ci, at, seq);
      Atomics.notify(ci, at);
      started.push(at);
    }
    for (const o of shares[0] as ResolvedMatmul[]) single.matmul(o);
    for (const at of started) {
      while (Atomics.load(ci, at + 1) !== seq) {
        // spin: the worker's share takes about as long as ours, so it is nearly done
      }
      if (ci[at + 4] !== 0) {
        ci[at + 4] = 0;
        throw new KernelError('a kernel pool worker trapped in matmul; rerun single-threaded to see the fault');
      }
    }
  };

  const kernels: Kernels = {
    ...single,
    threads,
    matmul(options) {
      if (closed) throw new KernelError('this kernel pool was closed; create a new one or use createKernels');
      const items = resolveMatmulBatch(heap, options);
      const first = items[0] as ResolvedMatmul;
      const flops = 2 * first.m * first.n * first.k * items.length;
      if (flops < minFlops || (items.length < threads && first.m < 8 * threads)) {
        for (const o of items) single.matmul(o);
        return;
      }
      // Bounded job table: very large batches go through in several forks.
      const chunk = Math.floor(MAX_JOBS / threads);
      for (let i = 0; i < items.length; i += chunk) fork(partition(items.slice(i, i + chunk), threads));
    },
  };

  return {
    kernels,
    async close() {
      if (closed) return;
      closed = true;
      for (let w = 0; w < workers.length; w++) {
        Atomics.store(ci, w * SLOT, CLOSE);
        Atomics.notify(ci, w * SLOT);
      }
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
