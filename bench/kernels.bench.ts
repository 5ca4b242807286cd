// Kernel speed: matmul GFLOP/s on the reference model's shapes, and fused elementwise ops, per backend.
// Run: node bin/run-ts.js bench/kernels.bench.ts [--quick]   (medians of timed samples of ≥ 50 ms after a warm-up)
import { createHeap, createKernels, enableRelaxedSimd, type Heap, type Kernels } from '../src/lm/kernels/index.ts';
import { createKernelPool, type KernelPool } from '../src/lm/kernels/kernel-pool.ts';
import { createRopeTable } from '../src/lm/kernels/rope-table.ts';
import { createRng } from '../src/util/rng.ts';

const quick = process.argv.includes('--quick');
const relaxed = enableRelaxedSimd();

/** Median seconds per call: samples of ≥ minMs each (JS reference: fewer, it is slow). */
function time(fn: () => void, options: { samples: number; minMs: number }): number {
  // Warm-up long enough for V8 to tier up both the JS reference and the wasm (Liftoff → TurboFan, in every
  // worker too): first calls run 2–10× slower.
  const warm = performance.now();
  do fn();
  while (performance.now() - warm < 300);
  const out: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    let calls = 0;
    const start = performance.now();
    let now: number;
    do {
      fn();
      calls++;
      now = performance.now();
    } while (now - start < options.minMs);
    out.push((now - start) / 1000 / calls);
  }
  out.sort((a, b) => a - b);
  return out[Math.floor(out.length / 2)] as number;
}

function random(heap: Heap, n: number, seed: number): number {
  const rng = createRng(seed);
  const off = heap.alloc(n);
  for (let i = 0; i < n; i++) heap.f32[off + i] = rng.next() * 2 - 1;
  return off;
}

interface Backend {
  name: string;
  kernels: Kernels;
  slow: boolean;
}

const heap = createHeap({ initialMiB: 64 });
const pools: KernelPool[] = [];
const backends: Backend[] = [{ name: 'js', kernels: createKernels({ heap, backend: 'js' }), slow: true }];
backends.push({ name: 'simd', kernels: createKernels({ heap, backend: 'simd' }), slow: false });
if (relaxed) backends.push({ name: 'relaxed', kernels: createKernels({ heap, backend: 'relaxed' }), slow: false });
for (const variant of relaxed ? (['simd', 'relaxed'] as const) : (['simd'] as const)) {
  const pool = await createKernelPool({ heap, variant, threads: 2 });
  pools.push(pool);
  backends.push({ name: `${variant}×2`, kernels: pool.kernels, slow: false });
}

// [label, m, n, k, transA, transB, batch]: the 4-layer, width-128 reference model at 1024 tokens per step (batch 8
// × context 128), byte vocab 259, 4 heads of 32; attention runs as one batched call over the 32 (sequence, head) pairs.
const shapes: [string, number, number, number, boolean, boolean, number?][] = [
  ['qkvo fwd   X·Wᵀ', 1024, 128, 128, false, true],
  ['gate/up    X·Wᵀ', 1024, 512, 128, false, true],
  ['down       H·Wᵀ', 1024, 128, 512, false, true],
  ['logits     X·Eᵀ', 1024, 259, 128, false, true],
  ['dX        dY·W', 1024, 128, 512, false, false],
  ['dW      dYᵀ·X', 512, 128, 1024, true, false],
  ['attn    Q·Kᵀ', 128, 128, 32, false, true],
  ['attn Q·Kᵀ ×32', 128, 128, 32, false, true, 32],
  ['attn P·V ×32', 128, 32, 128, false, false, 32],
];
if (quick) shapes.splice(4);

console.log(`kernels benchmark — node ${process.version}, relaxed SIMD ${relaxed ? 'on' : 'unavailable'}`);
console.log('\nmatmul GFLOP/s (M×N×K, C = op(A)·op(B))');
console.log(['shape'.padEnd(30), ...backends.map((b) => b.name.padStart(10))].join(''));
for (const [label, m, n, k, transA, transB, count = 1] of shapes) {
  const mark = heap.mark();
  const a = random(heap, count * m * k, 1);
  const b = random(heap, count * k * n, 2);
  const c = heap.alloc(count * m * n);
  const batch = count > 1 ? [{ count, strideA: m * k, strideB: k * n, strideC: m * n }] : undefined;
  const cells = backends.map((be) => {
    if (be.slow && quick) return '-';
    const s = time(() => be.kernels.matmul({ m, n, k, a, b, c, transA, transB, batch }), {
      samples: be.slow ? 1 : 7,
      minMs: 50,
    });
    return ((2 * m * n * k * count) / s / 1e9).toFixed(1);
  });
  console.log([`${label} ${m}×${n}×${k}`.padEnd(30), ...cells.map((x) => x.padStart(10))].join(''));
  heap.release(mark);
}

// Fused ops at the reference model's sizes: microseconds per call.
const T = 128;
const B = 8;
const rowsAll = B * T;
const ops: [string, (k: Kernels) => () => void][] = [
  [
    'rmsnorm fwd+bwd 1024×128',
    (k) => {
      const [x, w, y, rstd, dx, dw] = [
        random(heap, rowsAll * 128, 3),
        random(heap, 128, 4),
        heap.alloc(rowsAll * 128),
        heap.alloc(rowsAll),
        heap.alloc(rowsAll * 128),
        random(heap, 128, 5),
      ];
      return () => {
        k.rmsNormForward({ rows: rowsAll, d: 128, x, w, y, rstd });
        k.rmsNormBackward({ rows: rowsAll, d: 128, dy: y, x, w, rstd, dx, dw });
      };
    },
  ],
  [
    'softmax fwd+bwd causal 4096×128',
    (k) => {
      const n = B * 4 * T * T;
      const [x, y, dx] = [random(heap, n, 6), heap.alloc(n), heap.alloc(n)];
      const o = { rows: B * 4 * T, cols: T, scale: 0.17, causal: { period: T } };
      return () => {
        k.softmaxForward({ ...o, x, y });
        k.softmaxBackward({ ...o, y, dy: x, dx });
      };
    },
  ],
  [
    'swiglu fwd+bwd 1024×512',
    (k) => {
      const n = rowsAll * 512;
      const [a, b, y, da, db] = [random(heap, n, 7), random(heap, n, 8), heap.alloc(n), heap.alloc(n), heap.alloc(n)];
      return () => {
        k.swigluForward({ rows: rowsAll, cols: 512, a, b, y });
        k.swigluBackward({ rows: rowsAll, cols: 512, a, b, dy: y, da, db });
      };
    },
  ],
  [
    'cross-entropy fwd+bwd 1024×259',
    (k) => {
      const [logits, losses, lse, dl] = [
        random(heap, rowsAll * 259, 9),
        heap.alloc(rowsAll),
        heap.alloc(rowsAll),
        heap.alloc(rowsAll * 259),
      ];
      const targets = heap.alloc(rowsAll);
      for (let r = 0; r < rowsAll; r++) heap.i32[targets + r] = (r * 7) % 259;
      return () => {
        k.crossEntropyForward({ rows: rowsAll, cols: 259, logits, targets, losses, lse });
        k.crossEntropyBackward({ rows: rowsAll, cols: 259, logits, targets, lse, dlogits: dl });
      };
    },
  ],
  [
    'rope q+k fwd 1024×(4×32)',
    (k) => {
      const table = createRopeTable(heap, { maxPos: T, headDim: 32 });
      const [x, y] = [random(heap, rowsAll * 128, 10), heap.alloc(rowsAll * 128)];
      return () => {
        for (let i = 0; i < 2; i++) k.rope({ rows: rowsAll, heads: 4, headDim: 32, x, y, table, period: T });
      };
    },
  ],
  [
    'adamw + Σg² 1M params',
    (k) => {
      const n = 1 << 20;
      const [param, grad, m, v] = [random(heap, n, 11), random(heap, n, 12), heap.alloc(n), heap.alloc(n)];
      heap.f32.fill(0, m, m + 2 * n);
      return () => {
        k.sumSquares({ x: grad, n });
        k.adamw({ n, param, grad, m, v, lr: 1e-3, step: 10, weightDecay: 0.1 });
      };
    },
  ],
];
const opBackends = backends.filter((b) => !b.name.includes('×'));
console.log('\nfused ops, µs per call');
console.log(['op'.padEnd(34), ...opBackends.map((b) => b.name.padStart(10))].join(''));
for (const [label, build] of ops) {
  const cells = opBackends.map((be) => {
    const mark = heap.mark();
    const fn = build(be.kernels);
    const s = time(fn, { samples: be.slow ? 3 : 7, minMs: 30 });
    heap.release(mark);
    return (s * 1e6).toFixed(0);
  });
  console.log([label.padEnd(34), ...cells.map((x) => x.padStart(10))].join(''));
}
for (const pool of pools) pool.close();
