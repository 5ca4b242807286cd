import type { RopeTable } from './kernels/index.ts';
import type { KvCache } from './kv-cache.ts';
import type { ModelMemory } from './train-forward.ts';

/** One new token for one cache slot. Rows for the same slot must be consecutive and in order. */
export interface DecodeRow {
  readonly slot: number;
  readonly token: number;
}

/** A context overflow or bad row in incremental decoding; the message says what to change. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/**
 * Runs new tokens through the model against the KV cache and appends their keys and values to it. One call can
 * prefill whole prompts (many rows per slot) and advance many sequences by one token (one row per slot) at
 * once. Returns logits [rows, V] — of every row, or with `lastOnly` of each slot's last row only (in row order).
 */
export function decodeForward(options: {
  mem: ModelMemory;
  cache: KvCache;
  rows: readonly DecodeRow[];
  lastOnly?: boolean;
}): Float32Array {
  const { mem, cache, rows } = options;
  const { kernels: k, config, layout, params: P } = mem;
  const { width: D, heads: H, mlpHidden: F, vocabSize: V, normEps: eps } = config;
  const hd = D / H;
  const R = rows.length;
  const runs = groupRuns(cache, rows);
  const heap = k.heap;
  const mark = heap.mark();
  try {
    const ids = heap.alloc(R);
    const x = heap.alloc(R * D);
    const h = heap.alloc(R * D);
    const rstd = heap.alloc(R);
    const qkv = heap.alloc(R * 3 * D);
    const y = heap.alloc(R * D);
    const gu = heap.alloc(R * 2 * F);
    const act = heap.alloc(R * F);
    const maxRun = Math.max(...runs.map((r) => r.count));
    const scores = heap.alloc(H * maxRun * config.context);
    const outRows = options.lastOnly ? runs.map((r) => r.start + r.count - 1) : rows.map((_, i) => i);
    const logits = heap.alloc(outRows.length * V);
    const lastH = heap.alloc(outRows.length * D);
    for (let r = 0; r < R; r++) heap.i32[ids + r] = rows[r]!.token;
    // Rows sit at different positions (one sequence each), but the rope kernel takes row r at table row r: so
    // gather each row's cos/sin into a per-call table once, and rotate all rows in one call per layer.
    const half = hd / 2;
    const rowRope: RopeTable = { ...mem.rope, cos: heap.alloc(R * half), sin: heap.alloc(R * half), maxPos: R };
    const f32 = heap.f32;
    for (const run of runs) {
      for (let i = 0; i < run.count; i++) {
        const from = (run.pos + i) * half;
        const to = (run.start + i) * half;
        f32.copyWithin(rowRope.cos + to, mem.rope.cos + from, mem.rope.cos + from + half);
        f32.copyWithin(rowRope.sin + to, mem.rope.sin + from, mem.rope.sin + from + half);
      }
    }

    k.embeddingForward({ rows: R, dim: D, ids, vocab: V, table: P + layout.embed.offset, y: x });
    for (let l = 0; l < config.layers; l++) {
      const w = layout.layers[l]!;
      k.rmsNormForward({ rows: R, d: D, x, w: P + w.inputNorm.offset, y: h, rstd, eps });
      k.matmul({ m: R, n: 3 * D, k: D, a: h, b: P + w.q.offset, transB: true, c: qkv });
      const rope = { rows: R, heads: H, headDim: hd, ldx: 3 * D, ldy: 3 * D, table: rowRope };
      k.rope({ ...rope, x: qkv, y: qkv });
      k.rope({ ...rope, x: qkv + D, y: qkv + D });
      for (const run of runs) {
        const at = qkv + run.start * 3 * D;
        const base = run.slot * cache.context * D;
        // Append this run's K and V rows to the cache (a plain memory move: a kernel call per row costs more).
        for (let i = 0; i < run.count; i++) {
          const dst = base + (run.pos + i) * D;
          const src = at + i * 3 * D;
          f32.copyWithin(cache.k[l]! + dst, src + D, src + 2 * D);
          f32.copyWithin(cache.v[l]! + dst, src + 2 * D, src + 3 * D);
        }
        // All heads of the run in one call each: scores [H, count, cols] = Q_h · K_hᵀ over the cached prefix,
        // causal softmax (row i of every head sits at position pos + i), y_h = P_h · V_h.
        const cols = run.pos + run.count;
        const sc = run.count * cols;
        const kc = cache.k[l]! + base;
        const vc = cache.v[l]! + base;
        const mmS = { m: run.count, n: cols, k: hd, a: at, lda: 3 * D, b: kc, ldb: D, transB: true, c: scores };
        k.matmul({ ...mmS, batch: [{ count: H, strideA: hd, strideB: hd, strideC: sc }] });
        const causal = { offset: run.pos, period: run.count };
        k.softmaxForward({ rows: H * run.count, cols, x: scores, y: scores, scale: 1 / Math.sqrt(hd), causal });
        const mmY = { m: run.count, n: hd, k: cols, a: scores, b: vc, ldb: D, c: y + run.start * D, ldc: D };
        k.matmul({ ...mmY, batch: [{ count: H, strideA: sc, strideB: hd, strideC: hd }] });
      }
      k.matmul({ m: R, n: D, k: D, a: y, b: P + w.o.offset, transB: true, c: x, accumulate: true });
      k.rmsNormForward({ rows: R, d: D, x, w: P + w.postNorm.offset, y: h, rstd, eps });
      k.matmul({ m: R, n: 2 * F, k: D, a: h, b: P + w.gate.offset, transB: true, c: gu });
      k.swigluForward({ rows: R, cols: F, a: gu, lda: 2 * F, b: gu + F, ldb: 2 * F, y: act });
      k.matmul({ m: R, n: D, k: F, a: act, b: P + w.down.offset, transB: true, c: x, accumulate: true });
    }
    for (const [i, r] of outRows.entries()) k.copy({ src: x + r * D, dst: lastH + i * D, n: D });
    const n = outRows.length;
    k.rmsNormForward({ rows: n, d: D, x: lastH, w: P + layout.finalNorm.offset, y: lastH, rstd, eps });
    k.matmul({ m: n, n: V, k: D, a: lastH, b: P + layout.head.offset, transB: true, c: logits });
    for (const run of runs) cache.lengths[run.slot] = run.pos + run.count;
    return heap.f32.slice(logits, logits + n * V);
  } finally {
    heap.release(mark);
  }
}

interface Run {
  readonly slot: number;
  /** First row of the run and its position in the slot's sequence. */
  readonly start: number;
  readonly pos: number;
  readonly count: number;
}

function groupRuns(cache: KvCache, rows: readonly DecodeRow[]): Run[] {
  if (rows.length === 0) throw new DecodeError('decodeForward needs at least one row');
  const runs: Run[] = [];
  const seen = new Set<number>();
  let start = 0;
  for (let r = 1; r <= rows.length; r++) {
    const slot = rows[start]!.slot;
    if (r < rows.length && rows[r]!.slot === slot) continue;
    if (!(Number.isInteger(slot) && slot >= 0 && slot < cache.slots)) {
      throw new DecodeError(`row ${start}: slot ${slot} is outside the cache's ${cache.slots} slots`);
    }
    if (seen.has(slot)) throw new DecodeError(`rows for slot ${slot} are not consecutive; group each slot's tokens`);
    seen.add(slot);
    const pos = cache.lengths[slot]!;
    const count = r - start;
    if (pos + count > cache.context) {
      throw new DecodeError(
        `slot ${slot} would hold ${pos + count} tokens, beyond the model's context ${cache.context}; shorten the prompt or maxTokens`,
      );
    }
    runs.push({ slot, start, pos, count });
    start = r;
  }
  return runs;
}
