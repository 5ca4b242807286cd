import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng.ts';
import { createHeap, type Heap } from './heap.ts';
import {
  cloneMatrix,
  fastBackends,
  type Matrix,
  paddingWrites,
  poisonedLike,
  randomMatrix,
  readMatrix,
  worstError,
} from './kernel-test-utils.ts';
import type { Kernels } from './kernels.ts';
import { createReferenceKernels } from './reference.ts';
import { createRopeTable } from './rope-table.ts';

// Each fused wasm op against the JS reference on ragged widths (not multiples of the 4-lane vectors), strided
// rows and NaN-poisoned outputs. Widths include 1–3 (tail only) and 259 (the byte vocabulary plus specials).
const WIDTHS = [1, 3, 4, 7, 32, 259];
const TOL = { atol: 1e-5, rtol: 1e-4 };

interface Pair {
  heap: Heap;
  fast: Kernels;
  ref: Kernels;
}

function check(p: Pair, got: Matrix, want: Matrix, label: string): void {
  expect(worstError(readMatrix(p.heap, got), readMatrix(p.heap, want), TOL), label).toBeLessThan(1);
  expect(paddingWrites(p.heap, got), `${label}: writes outside the rows`).toBe(0);
}

function vector(heap: Heap, values: number[]): number {
  const off = heap.alloc(values.length);
  heap.f32.set(values, off);
  return off;
}

describe.each(fastBackends())('$name fused ops', ({ make }) => {
  const setup = (): Pair => {
    const heap = createHeap({ initialMiB: 8 });
    return { heap, fast: make(heap), ref: createReferenceKernels(heap) };
  };

  it.each(WIDTHS)('RMSNorm forward and backward, d=%i', (d) => {
    const p = setup();
    const rng = createRng(d);
    const rows = 5;
    const x = randomMatrix(p.heap, rng, { rows, cols: d, lo: -3, hi: 3 });
    const w = vector(
      p.heap,
      Array.from({ length: d }, () => 0.5 + rng.next()),
    );
    const y = [poisonedLike(p.heap, x), poisonedLike(p.heap, x)] as const;
    const rstd = [p.heap.alloc(rows), p.heap.alloc(rows)] as const;
    p.fast.rmsNormForward({ rows, d, x: x.offset, ldx: x.ld, w, y: y[0].offset, ldy: y[0].ld, rstd: rstd[0] });
    p.ref.rmsNormForward({ rows, d, x: x.offset, ldx: x.ld, w, y: y[1].offset, ldy: y[1].ld, rstd: rstd[1] });
    check(p, y[0], y[1], 'y');
    const dy = randomMatrix(p.heap, rng, { rows, cols: d });
    for (const accumulate of [false, true]) {
      const dx0 = randomMatrix(p.heap, rng, { rows, cols: d });
      const dx = [
        accumulate ? dx0 : poisonedLike(p.heap, dx0),
        accumulate ? cloneMatrix(p.heap, dx0) : poisonedLike(p.heap, dx0),
      ];
      const dw = [vector(p.heap, Array(d).fill(0.25)), vector(p.heap, Array(d).fill(0.25))];
      for (const [i, k] of [p.fast, p.ref].entries()) {
        const dxi = dx[i] as Matrix;
        k.rmsNormBackward({
          rows,
          d,
          dy: dy.offset,
          lddy: dy.ld,
          x: x.offset,
          ldx: x.ld,
          w,
          rstd: rstd[1],
          dx: dxi.offset,
          lddx: dxi.ld,
          dw: dw[i] as number,
          accumulate,
        });
      }
      check(p, dx[0] as Matrix, dx[1] as Matrix, `dx accumulate=${accumulate}`);
      const dwm = (i: number): Matrix => ({ offset: dw[i] as number, rows: 1, cols: d, ld: d });
      check(p, dwm(0), dwm(1), 'dw');
    }
  });

  it.each(WIDTHS)('softmax forward and backward with and without a causal mask, cols=%i', (cols) => {
    const p = setup();
    const rng = createRng(100 + cols);
    const rows = 9;
    for (const causal of [undefined, { period: 3, offset: 1 }, { offset: 0 }]) {
      const x = randomMatrix(p.heap, rng, { rows, cols, lo: -8, hi: 8 });
      const y = [poisonedLike(p.heap, x), poisonedLike(p.heap, x)] as const;
      const scale = 0.35;
      p.fast.softmaxForward({ rows, cols, x: x.offset, ldx: x.ld, y: y[0].offset, ldy: y[0].ld, scale, causal });
      p.ref.softmaxForward({ rows, cols, x: x.offset, ldx: x.ld, y: y[1].offset, ldy: y[1].ld, scale, causal });
      check(p, y[0], y[1], `y causal=${JSON.stringify(causal)}`);
      const dy = randomMatrix(p.heap, rng, { rows, cols });
      const dx = [poisonedLike(p.heap, x), poisonedLike(p.heap, x)] as const;
      for (const [i, k] of [p.fast, p.ref].entries()) {
        k.softmaxBackward({
          rows,
          cols,
          y: y[1].offset,
          ldy: y[1].ld,
          dy: dy.offset,
          lddy: dy.ld,
          dx: dx[i]?.offset as number,
          lddx: x.ld,
          scale,
          causal,
        });
      }
      check(p, dx[0], dx[1], `dx causal=${JSON.stringify(causal)}`);
    }
  });

  it('softmax works in place (y = x, dx = dy)', () => {
    const p = setup();
    const rng = createRng(5);
    const x = randomMatrix(p.heap, rng, { rows: 4, cols: 13, lo: -4, hi: 4 });
    const want = poisonedLike(p.heap, x);
    p.ref.softmaxForward({ rows: 4, cols: 13, x: x.offset, ldx: x.ld, y: want.offset, ldy: want.ld });
    p.fast.softmaxForward({ rows: 4, cols: 13, x: x.offset, ldx: x.ld, y: x.offset, ldy: x.ld });
    check(p, x, want, 'in place');
  });

  it('SwiGLU backward and cross-entropy backward work in place', () => {
    const p = setup();
    const rng = createRng(6);
    const [rows, cols] = [3, 10];
    const a = randomMatrix(p.heap, rng, { rows, cols, lo: -4, hi: 4 });
    const b = randomMatrix(p.heap, rng, { rows, cols });
    const dy = randomMatrix(p.heap, rng, { rows, cols });
    const [da, db] = [poisonedLike(p.heap, a), poisonedLike(p.heap, b)];
    const ab = { rows, cols, lda: a.ld, ldb: b.ld, lddy: dy.ld, dy: dy.offset };
    p.ref.swigluBackward({ ...ab, a: a.offset, b: b.offset, da: da.offset, ldda: a.ld, db: db.offset, lddb: b.ld });
    p.fast.swigluBackward({ ...ab, a: a.offset, b: b.offset, da: a.offset, ldda: a.ld, db: b.offset, lddb: b.ld });
    check(p, a, da, 'da in place');
    check(p, b, db, 'db in place');
    const logits = randomMatrix(p.heap, rng, { rows, cols, lo: -5, hi: 5 });
    const want = poisonedLike(p.heap, logits);
    const targets = p.heap.alloc(rows);
    p.heap.i32.set([1, 9, 4], targets);
    const [losses, lse] = [p.heap.alloc(rows), p.heap.alloc(rows)];
    const ce = { rows, cols, logits: logits.offset, ld: logits.ld, targets, lse };
    p.ref.crossEntropyForward({ ...ce, losses });
    p.ref.crossEntropyBackward({ ...ce, dlogits: want.offset, lddlogits: want.ld });
    p.fast.crossEntropyBackward({ ...ce, dlogits: logits.offset, lddlogits: logits.ld });
    check(p, logits, want, 'dlogits in place');
  });

  it.each(WIDTHS)('SwiGLU forward and backward, cols=%i', (cols) => {
    const p = setup();
    const rng = createRng(200 + cols);
    const rows = 3;
    const a = randomMatrix(p.heap, rng, { rows, cols, lo: -6, hi: 6 });
    const b = randomMatrix(p.heap, rng, { rows, cols, lo: -2, hi: 2 });
    const y = [poisonedLike(p.heap, a), poisonedLike(p.heap, a)] as const;
    const dy = randomMatrix(p.heap, rng, { rows, cols });
    const da = [poisonedLike(p.heap, a), poisonedLike(p.heap, a)] as const;
    const db = [poisonedLike(p.heap, b), poisonedLike(p.heap, b)] as const;
    for (const [i, k] of [p.fast, p.ref].entries()) {
      const ab = { rows, cols, a: a.offset, lda: a.ld, b: b.offset, ldb: b.ld };
      k.swigluForward({ ...ab, y: y[i]?.offset as number, ldy: a.ld });
      k.swigluBackward({
        ...ab,
        dy: dy.offset,
        lddy: dy.ld,
        da: da[i]?.offset as number,
        ldda: a.ld,
        db: db[i]?.offset as number,
        lddb: b.ld,
      });
    }
    check(p, y[0], y[1], 'y');
    check(p, da[0], da[1], 'da');
    check(p, db[0], db[1], 'db');
  });

  it.each(WIDTHS)('cross-entropy loss and gradient with weights and ignored rows, vocab=%i', (cols) => {
    const p = setup();
    const rng = createRng(300 + cols);
    const rows = 6;
    const logits = randomMatrix(p.heap, rng, { rows, cols, lo: -10, hi: 10 });
    const targets = p.heap.alloc(rows);
    for (let r = 0; r < rows; r++) p.heap.i32[targets + r] = r === 2 ? -1 : rng.int(cols);
    for (const weights of [undefined, vector(p.heap, [0.5, 1, 2, 0, 1.5, 0.25])]) {
      const losses = [p.heap.alloc(rows), p.heap.alloc(rows)];
      const lse = [p.heap.alloc(rows), p.heap.alloc(rows)];
      const dl = [poisonedLike(p.heap, logits), poisonedLike(p.heap, logits)] as const;
      const totals = [p.fast, p.ref].map((k, i) => {
        const common = { rows, cols, logits: logits.offset, ld: logits.ld, targets, weights, lse: lse[i] as number };
        const total = k.crossEntropyForward({ ...common, losses: losses[i] as number });
        k.crossEntropyBackward({ ...common, dlogits: dl[i]?.offset as number, lddlogits: logits.ld });
        return total;
      });
      expect(Math.abs((totals[0] as number) - (totals[1] as number))).toBeLessThan(
        1e-4 * (1 + Math.abs(totals[1] as number)),
      );
      const row = (off: number | undefined): Matrix => ({ offset: off as number, rows: 1, cols: rows, ld: rows });
      check(p, row(losses[0]), row(losses[1]), 'losses');
      check(p, row(lse[0]), row(lse[1]), 'lse');
      check(p, dl[0], dl[1], `dlogits weights=${weights !== undefined}`);
      expect(p.heap.f32[(losses[0] as number) + 2]).toBe(0);
    }
  });

  it.each([
    [4, 'half'],
    [6, 'half'],
    [16, 'half'],
    [6, 'interleaved'],
  ] as const)('RoPE rotates and un-rotates, headDim=%i pairing=%s', (headDim, pairing) => {
    const p = setup();
    const rng = createRng(400 + headDim);
    const rows = 7;
    const heads = 3;
    const table = createRopeTable(p.heap, { maxPos: 16, headDim, pairing });
    const x = randomMatrix(p.heap, rng, { rows, cols: heads * headDim });
    for (const inverse of [false, true]) {
      const y = [poisonedLike(p.heap, x), poisonedLike(p.heap, x)] as const;
      for (const [i, k] of [p.fast, p.ref].entries()) {
        k.rope({
          rows,
          heads,
          headDim,
          x: x.offset,
          ldx: x.ld,
          y: y[i]?.offset as number,
          ldy: x.ld,
          table,
          offset: 2,
          period: 4,
          inverse,
        });
      }
      check(p, y[0], y[1], `inverse=${inverse}`);
    }
  });

  it('AdamW step and sum of squares', () => {
    const p = setup();
    const rng = createRng(9);
    const n = 1031;
    const make = (lo: number, hi: number) => randomMatrix(p.heap, rng, { rows: 1, cols: n, lo, hi });
    const param = make(-1, 1);
    const grad = make(-0.1, 0.1);
    const m = make(-0.01, 0.01);
    const v = make(0, 1e-4);
    const copies = [param, m, v].map((t) => cloneMatrix(p.heap, t));
    const opt = { n, grad: grad.offset, lr: 1e-2, weightDecay: 0.1, step: 3, gradScale: 0.7 };
    p.fast.adamw({ ...opt, param: param.offset, m: m.offset, v: v.offset });
    p.ref.adamw({
      ...opt,
      param: copies[0]?.offset as number,
      m: copies[1]?.offset as number,
      v: copies[2]?.offset as number,
    });
    check(p, param, copies[0] as Matrix, 'param');
    check(p, m, copies[1] as Matrix, 'm');
    check(p, v, copies[2] as Matrix, 'v');
    let exact = 0;
    for (let i = 0; i < n; i++) exact += (p.heap.f32[grad.offset + i] as number) ** 2;
    expect(p.fast.sumSquares({ x: grad.offset, n })).toBeCloseTo(exact, 12);
  });
});
