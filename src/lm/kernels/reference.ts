import { KernelError } from './errors.ts';
import type { Heap } from './heap.ts';
import type { Kernels } from './kernels.ts';
import {
  checkRegion,
  type ResolvedMatmul,
  resolveAdamw,
  resolveCrossEntropyBackward,
  resolveCrossEntropyForward,
  resolveMatmulBatch,
  resolveRmsNormBackward,
  resolveRmsNormForward,
  resolveRope,
  resolveSoftmaxBackward,
  resolveSoftmaxForward,
  resolveSwigluBackward,
  resolveSwigluForward,
} from './resolve.ts';

// The naive, obviously-correct implementation of every kernel: the oracle the wasm kernels are tested against and
// the last-resort backend. Sums run in float64 (JS numbers); only stores round to float32. Clarity over speed.

/** Whether row r may see column c under the mask (true when there is none). */
function visible(mask: { causal: boolean; offset: number; period: number }, r: number, c: number): boolean {
  return !mask.causal || c <= mask.offset + (r % mask.period);
}

/** One product, row by row: C[i] = alpha·Σ_p A(i,p)·B(p,·), summed in a float64 row (i-p-j order, so the
 * innermost loop is contiguous over B's row unless B is transposed). */
function matmulOne(f: Float32Array, o: ResolvedMatmul): void {
  const { m, n, k, a, b, c, lda, ldb, ldc, transA, transB, alpha, accumulate } = o;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = f[transA ? a + p * lda + i : a + i * lda + p] as number;
      if (transB) {
        for (let j = 0; j < n; j++) row[j] = (row[j] as number) + aip * (f[b + j * ldb + p] as number);
      } else {
        const bp = b + p * ldb;
        for (let j = 0; j < n; j++) row[j] = (row[j] as number) + aip * (f[bp + j] as number);
      }
    }
    const ci = c + i * ldc;
    for (let j = 0; j < n; j++) f[ci + j] = alpha * (row[j] as number) + (accumulate ? (f[ci + j] as number) : 0);
  }
}

export function createReferenceKernels(heap: Heap): Kernels {
  // Each op copies its resolved options into locals first: loops over `o.field` deoptimise in V8 whenever the
  // options object's hidden class changes between calls, which made these loops up to 20× slower.
  return {
    heap,
    backend: 'js',
    threads: 1,

    matmul(options) {
      for (const o of resolveMatmulBatch(heap, options)) matmulOne(heap.f32, o);
    },

    rmsNormForward(options) {
      const { rows, d, x, ldx, w, y, ldy, rstd, eps } = resolveRmsNormForward(heap, options);
      const f = heap.f32;
      for (let r = 0; r < rows; r++) {
        let ss = 0;
        for (let i = 0; i < d; i++) ss += (f[x + r * ldx + i] as number) ** 2;
        const s = 1 / Math.sqrt(ss / d + eps);
        f[rstd + r] = s;
        for (let i = 0; i < d; i++) f[y + r * ldy + i] = (f[x + r * ldx + i] as number) * s * (f[w + i] as number);
      }
    },

    rmsNormBackward(options) {
      const { rows, d, dy, lddy, x, ldx, w, rstd, dx, lddx, dw, accumulate } = resolveRmsNormBackward(heap, options);
      const f = heap.f32;
      // y_i = x_i·s·w_i with s = (mean x² + eps)^(-1/2); ds/dx_j = −s³·x_j/d.
      for (let r = 0; r < rows; r++) {
        const s = f[rstd + r] as number;
        let dot = 0;
        for (let i = 0; i < d; i++) {
          const gi = f[dy + r * lddy + i] as number;
          const xi = f[x + r * ldx + i] as number;
          dot += gi * (f[w + i] as number) * xi;
          f[dw + i] = (f[dw + i] as number) + gi * xi * s;
        }
        for (let i = 0; i < d; i++) {
          const gi = f[dy + r * lddy + i] as number;
          const xi = f[x + r * ldx + i] as number;
          const di = dx + r * lddx + i;
          f[di] = s * gi * (f[w + i] as number) - (s * s * s * xi * dot) / d + (accumulate ? (f[di] as number) : 0);
        }
      }
    },

    softmaxForward(options) {
      const { rows, cols, x, ldx, y, ldy, scale, mask } = resolveSoftmaxForward(heap, options);
      const f = heap.f32;
      const e = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) {
          if (visible(mask, r, c)) max = Math.max(max, scale * (f[x + r * ldx + c] as number));
        }
        let sum = 0;
        for (let c = 0; c < cols; c++) {
          e[c] = visible(mask, r, c) ? Math.exp(scale * (f[x + r * ldx + c] as number) - max) : 0;
          sum += e[c] as number;
        }
        for (let c = 0; c < cols; c++) f[y + r * ldy + c] = sum > 0 ? (e[c] as number) / sum : 0;
      }
    },

    softmaxBackward(options) {
      const { rows, cols, y, ldy, dy, lddy, dx, lddx, scale, mask } = resolveSoftmaxBackward(heap, options);
      const f = heap.f32;
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) {
          if (visible(mask, r, c)) dot += (f[y + r * ldy + c] as number) * (f[dy + r * lddy + c] as number);
        }
        for (let c = 0; c < cols; c++) {
          const yi = f[y + r * ldy + c] as number;
          const gi = f[dy + r * lddy + c] as number;
          f[dx + r * lddx + c] = visible(mask, r, c) ? scale * yi * (gi - dot) : 0;
        }
      }
    },

    swigluForward(options) {
      const { rows, cols, a, lda, b, ldb, y, ldy } = resolveSwigluForward(heap, options);
      const f = heap.f32;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const ai = f[a + r * lda + c] as number;
          f[y + r * ldy + c] = (ai / (1 + Math.exp(-ai))) * (f[b + r * ldb + c] as number);
        }
      }
    },

    swigluBackward(options) {
      const { rows, cols, a, lda, b, ldb, dy, lddy, da, ldda, db, lddb } = resolveSwigluBackward(heap, options);
      const f = heap.f32;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const ai = f[a + r * lda + c] as number;
          const bi = f[b + r * ldb + c] as number;
          const gi = f[dy + r * lddy + c] as number;
          const sig = 1 / (1 + Math.exp(-ai));
          // d silu/da = sig·(1 + a·(1 − sig)).
          f[da + r * ldda + c] = gi * bi * sig * (1 + ai * (1 - sig));
          f[db + r * lddb + c] = gi * ai * sig;
        }
      }
    },

    crossEntropyForward(options) {
      const { rows, cols, logits, ld, targets, weights, losses, lse } = resolveCrossEntropyForward(heap, options);
      const f = heap.f32;
      const i32 = heap.i32;
      let total = 0;
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, f[logits + r * ld + c] as number);
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += Math.exp((f[logits + r * ld + c] as number) - max);
        const l = max + Math.log(sum);
        f[lse + r] = l;
        const t = i32[targets + r] as number;
        const loss = t < 0 ? 0 : l - (f[logits + r * ld + t] as number);
        f[losses + r] = loss;
        total += (weights < 0 ? 1 : (f[weights + r] as number)) * loss;
      }
      return total;
    },

    crossEntropyBackward(options) {
      const o = resolveCrossEntropyBackward(heap, options);
      const { rows, cols, logits, ld, targets, weights, lse, dlogits, lddlogits } = o;
      const f = heap.f32;
      const i32 = heap.i32;
      for (let r = 0; r < rows; r++) {
        const t = i32[targets + r] as number;
        const w = t < 0 ? 0 : weights < 0 ? 1 : (f[weights + r] as number);
        const l = f[lse + r] as number;
        for (let c = 0; c < cols; c++) {
          const p = Math.exp((f[logits + r * ld + c] as number) - l);
          f[dlogits + r * lddlogits + c] = w * (p - (c === t ? 1 : 0));
        }
      }
    },

    rope(options) {
      const { rows, heads, headDim, x, ldx, y, ldy, table, offset, period, inverse } = resolveRope(heap, options);
      const f = heap.f32;
      const half = headDim / 2;
      const sign = inverse ? -1 : 1;
      const interleaved = table.pairing === 'interleaved';
      for (let r = 0; r < rows; r++) {
        const pos = offset + (r % period);
        for (let h = 0; h < heads; h++) {
          for (let i = 0; i < half; i++) {
            const cos = f[table.cos + pos * half + i] as number;
            const sin = sign * (f[table.sin + pos * half + i] as number);
            const i0 = h * headDim + (interleaved ? 2 * i : i);
            const i1 = h * headDim + (interleaved ? 2 * i + 1 : i + half);
            const x0 = f[x + r * ldx + i0] as number;
            const x1 = f[x + r * ldx + i1] as number;
            f[y + r * ldy + i0] = x0 * cos - x1 * sin;
            f[y + r * ldy + i1] = x0 * sin + x1 * cos;
          }
        }
      }
    },

    adamw(options) {
      const o = resolveAdamw(heap, options);
      const { n, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step, gradScale } = o;
      const f = heap.f32;
      const bc1 = 1 - beta1 ** step;
      const bc2 = 1 - beta2 ** step;
      for (let i = 0; i < n; i++) {
        const g = gradScale * (f[grad + i] as number);
        const mi = beta1 * (f[m + i] as number) + (1 - beta1) * g;
        const vi = beta2 * (f[v + i] as number) + (1 - beta2) * g * g;
        f[m + i] = mi;
        f[v + i] = vi;
        // Decoupled weight decay (Loshchilov & Hutter), applied as PyTorch's AdamW does: p·(1 − lr·wd) first.
        f[param + i] =
          (f[param + i] as number) * (1 - lr * weightDecay) - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
      }
    },

    sumSquares({ x, n }) {
      checkRegion(heap, 'sumSquares x', x, 1, n, n);
      const f = heap.f32;
      let s = 0;
      for (let i = 0; i < n; i++) s += (f[x + i] as number) ** 2;
      return s;
    },

    ...createBasicOps(heap),
  };
}

/** Copies, fills and embedding gathers: plain typed-array calls, fast enough that every backend shares them. */
export function createBasicOps(
  heap: Heap,
): Pick<Kernels, 'add' | 'axpy' | 'scale' | 'copy' | 'fill' | 'embeddingForward' | 'embeddingBackward'> {
  const ids = (what: string, o: { rows: number; ids: number; vocab: number }): Int32Array => {
    checkRegion(heap, `${what} ids`, o.ids, 1, o.rows, o.rows);
    const v = heap.i32.subarray(o.ids, o.ids + o.rows);
    for (let r = 0; r < o.rows; r++) {
      const id = v[r] as number;
      if (!(id >= 0 && id < o.vocab)) throw new KernelError(`${what}: id ${id} at row ${r} outside [0, ${o.vocab})`);
    }
    return v;
  };
  return {
    add({ a, b, y, n }) {
      for (const [w, off] of [
        ['a', a],
        ['b', b],
        ['y', y],
      ] as const)
        checkRegion(heap, `add ${w}`, off, 1, n, n);
      const f = heap.f32;
      for (let i = 0; i < n; i++) f[y + i] = (f[a + i] as number) + (f[b + i] as number);
    },
    axpy({ x, y, n, alpha }) {
      checkRegion(heap, 'axpy x', x, 1, n, n);
      checkRegion(heap, 'axpy y', y, 1, n, n);
      const f = heap.f32;
      for (let i = 0; i < n; i++) f[y + i] = (f[y + i] as number) + alpha * (f[x + i] as number);
    },
    scale({ x, y = x, n, alpha }) {
      checkRegion(heap, 'scale x', x, 1, n, n);
      checkRegion(heap, 'scale y', y, 1, n, n);
      const f = heap.f32;
      for (let i = 0; i < n; i++) f[y + i] = alpha * (f[x + i] as number);
    },
    copy({ src, dst, n }) {
      checkRegion(heap, 'copy src', src, 1, n, n);
      checkRegion(heap, 'copy dst', dst, 1, n, n);
      heap.f32.copyWithin(dst, src, src + n);
    },
    fill({ x, n, value = 0 }) {
      checkRegion(heap, 'fill x', x, 1, n, n);
      heap.f32.fill(value, x, x + n);
    },
    embeddingForward(o) {
      const v = ids('embeddingForward', o);
      checkRegion(heap, 'embeddingForward table', o.table, o.vocab, o.dim, o.dim);
      checkRegion(heap, 'embeddingForward y', o.y, o.rows, o.dim, o.dim);
      const f = heap.f32;
      for (let r = 0; r < o.rows; r++) {
        const src = o.table + (v[r] as number) * o.dim;
        f.copyWithin(o.y + r * o.dim, src, src + o.dim);
      }
    },
    embeddingBackward(o) {
      const v = ids('embeddingBackward', o);
      checkRegion(heap, 'embeddingBackward dTable', o.dTable, o.vocab, o.dim, o.dim);
      checkRegion(heap, 'embeddingBackward dy', o.dy, o.rows, o.dim, o.dim);
      const f = heap.f32;
      for (let r = 0; r < o.rows; r++) {
        const dst = o.dTable + (v[r] as number) * o.dim;
        const src = o.dy + r * o.dim;
        for (let i = 0; i < o.dim; i++) f[dst + i] = (f[dst + i] as number) + (f[src + i] as number);
      }
    },
  };
}
