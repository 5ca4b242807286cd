import { describe, expect, it } from 'vitest';
import type { Rng } from '../../spec/rng.ts';
import { createRng } from '../../util/rng.ts';
import { createHeap, type Heap } from './heap.ts';
import { allBackends } from './kernel-test-utils.ts';
import type { Kernels } from './kernels.ts';
import { createRopeTable } from './rope-table.ts';

// Finite-difference checks of every backward against its own backend's forward. The probe loss is
// L = Σ r ⊙ y for a fixed random r, summed in float64; central differences with h = 1e-2 keep float32
// rounding (~1e-5 relative after dividing by 2h) and truncation (~h²) well under the tolerance.
const H = 1e-2;
const TOL = { atol: 2e-3, rtol: 1e-2 };

interface Tensor {
  offset: number;
  n: number;
}

function tensor(heap: Heap, rng: Rng, n: number, lo = -1, hi = 1): Tensor {
  const offset = heap.alloc(n);
  for (let i = 0; i < n; i++) heap.f32[offset + i] = lo + (hi - lo) * rng.next();
  return { offset, n };
}

function zeros(heap: Heap, n: number): Tensor {
  const offset = heap.alloc(n);
  heap.f32.fill(0, offset, offset + n);
  return { offset, n };
}

function dot(heap: Heap, a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.n; i++) s += (heap.f32[a.offset + i] as number) * (heap.f32[b.offset + i] as number);
  return s;
}

/** Compares grads[i] with central differences of loss() w.r.t. inputs[i], at up to 16 entries per input. */
function expectGradients(heap: Heap, rng: Rng, check: { inputs: Tensor[]; grads: Tensor[]; loss: () => number }): void {
  check.inputs.forEach((input, t) => {
    const grad = check.grads[t] as Tensor;
    const picks = input.n <= 16 ? [...Array(input.n).keys()] : Array.from({ length: 16 }, () => rng.int(input.n));
    for (const i of picks) {
      const at = input.offset + i;
      const x0 = heap.f32[at] as number;
      heap.f32[at] = x0 + H;
      const up = check.loss();
      heap.f32[at] = x0 - H;
      const down = check.loss();
      heap.f32[at] = x0;
      const numeric = (up - down) / (2 * H);
      const analytic = heap.f32[grad.offset + i] as number;
      expect(
        Math.abs(numeric - analytic),
        `input ${t} entry ${i}: numeric ${numeric}, analytic ${analytic}`,
      ).toBeLessThan(TOL.atol + TOL.rtol * Math.abs(numeric));
    }
  });
}

describe.each(allBackends())('$name gradients', ({ make }) => {
  const setup = (seed: number): { heap: Heap; k: Kernels; rng: Rng } => {
    const heap = createHeap({ initialMiB: 4 });
    return { heap, k: make(heap), rng: createRng(seed) };
  };

  it('matmul: dA = dC·Bᵀ and dB = Aᵀ·dC', () => {
    const { heap, k, rng } = setup(1);
    const [m, n, kk] = [5, 6, 7];
    const a = tensor(heap, rng, m * kk);
    const b = tensor(heap, rng, kk * n);
    const c = zeros(heap, m * n);
    const r = tensor(heap, rng, m * n);
    const [da, db] = [zeros(heap, m * kk), zeros(heap, kk * n)];
    k.matmul({ m, n: kk, k: n, a: r.offset, b: b.offset, transB: true, c: da.offset });
    k.matmul({ m: kk, n, k: m, a: a.offset, transA: true, b: r.offset, c: db.offset });
    const loss = () => {
      k.matmul({ m, n, k: kk, a: a.offset, b: b.offset, c: c.offset });
      return dot(heap, r, c);
    };
    expectGradients(heap, rng, { inputs: [a, b], grads: [da, db], loss });
  });

  it('RMSNorm: dx and dw', () => {
    const { heap, k, rng } = setup(2);
    const [rows, d] = [3, 10];
    const x = tensor(heap, rng, rows * d, -2, 2);
    const w = tensor(heap, rng, d, 0.5, 1.5);
    const [y, rstd, dx, dw] = [zeros(heap, rows * d), zeros(heap, rows), zeros(heap, rows * d), zeros(heap, d)];
    const r = tensor(heap, rng, rows * d);
    const loss = () => {
      k.rmsNormForward({ rows, d, x: x.offset, w: w.offset, y: y.offset, rstd: rstd.offset });
      return dot(heap, r, y);
    };
    loss();
    k.rmsNormBackward({
      rows,
      d,
      dy: r.offset,
      x: x.offset,
      w: w.offset,
      rstd: rstd.offset,
      dx: dx.offset,
      dw: dw.offset,
    });
    expectGradients(heap, rng, { inputs: [x, w], grads: [dx, dw], loss });
  });

  it('causal, scaled softmax: dx', () => {
    const { heap, k, rng } = setup(3);
    const [rows, cols] = [6, 6];
    const x = tensor(heap, rng, rows * cols, -2, 2);
    const [y, dx] = [zeros(heap, rows * cols), zeros(heap, rows * cols)];
    const r = tensor(heap, rng, rows * cols);
    const o = { rows, cols, scale: 0.7, causal: { period: 3 } };
    const loss = () => {
      k.softmaxForward({ ...o, x: x.offset, y: y.offset });
      return dot(heap, r, y);
    };
    loss();
    k.softmaxBackward({ ...o, y: y.offset, dy: r.offset, dx: dx.offset });
    expectGradients(heap, rng, { inputs: [x], grads: [dx], loss });
  });

  it('SwiGLU: da and db', () => {
    const { heap, k, rng } = setup(4);
    const n = 13;
    const a = tensor(heap, rng, n, -4, 4);
    const b = tensor(heap, rng, n, -2, 2);
    const [y, da, db] = [zeros(heap, n), zeros(heap, n), zeros(heap, n)];
    const r = tensor(heap, rng, n);
    const o = { rows: 1, cols: n, a: a.offset, b: b.offset };
    const loss = () => {
      k.swigluForward({ ...o, y: y.offset });
      return dot(heap, r, y);
    };
    k.swigluBackward({ ...o, dy: r.offset, da: da.offset, db: db.offset });
    expectGradients(heap, rng, { inputs: [a, b], grads: [da, db], loss });
  });

  it('weighted cross-entropy: dlogits', () => {
    const { heap, k, rng } = setup(5);
    const [rows, cols] = [4, 9];
    const logits = tensor(heap, rng, rows * cols, -3, 3);
    const targets = heap.alloc(rows);
    heap.i32.set([2, -1, 8, 0], targets);
    const weights = tensor(heap, rng, rows, 0.2, 2);
    const [losses, lse, dl] = [zeros(heap, rows), zeros(heap, rows), zeros(heap, rows * cols)];
    const o = { rows, cols, logits: logits.offset, targets, weights: weights.offset, lse: lse.offset };
    const loss = () => k.crossEntropyForward({ ...o, losses: losses.offset });
    loss();
    k.crossEntropyBackward({ ...o, dlogits: dl.offset });
    expectGradients(heap, rng, { inputs: [logits], grads: [dl], loss });
  });

  it.each(['half', 'interleaved'] as const)('RoPE (%s pairs): the inverse rotation is the backward', (pairing) => {
    const { heap, k, rng } = setup(6);
    const [rows, heads, headDim] = [4, 2, 8];
    const table = createRopeTable(heap, { maxPos: 8, headDim, pairing });
    const x = tensor(heap, rng, rows * heads * headDim);
    const [y, dx] = [zeros(heap, x.n), zeros(heap, x.n)];
    const r = tensor(heap, rng, x.n);
    const o = { rows, heads, headDim, table, offset: 3 };
    const loss = () => {
      k.rope({ ...o, x: x.offset, y: y.offset });
      return dot(heap, r, y);
    };
    k.rope({ ...o, x: r.offset, y: dx.offset, inverse: true });
    expectGradients(heap, rng, { inputs: [x], grads: [dx], loss });
  });
});
