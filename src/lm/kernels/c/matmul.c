// C[m×n] = alpha·op(A)·op(B) (+ C): a packed, register-blocked SIMD matmul (the GotoBLAS scheme, scaled down).
// B is packed per KC×NC block into 8-column panels and A per 4-row strip, both k-major and zero-padded, so the
// 4×8 micro-kernel streams contiguous memory whatever the transposes and leading dimensions; ragged edge tiles
// are computed in full into a scratch tile and only their valid part is stored. 4×8 keeps 8 accumulators + 3
// operands within x86's 16 vector registers; the research measured 6-row tiles slower under V8.
// Uses no linear-memory stack: every buffer lives in the caller-given scratch, so threads can share the module.
#include "simd.h"

#define MR 4
#define NR 8
#define KC 256
#define NC 512

// acc[4][2] += Ap(4×kc) · Bp(kc×8)
static inline void micro(int kc, const float *restrict ap, const float *restrict bp, vf acc[8]) {
  vf c00 = acc[0], c01 = acc[1], c10 = acc[2], c11 = acc[3], c20 = acc[4], c21 = acc[5], c30 = acc[6], c31 = acc[7];
  for (int p = 0; p < kc; p++) {
    vf b0 = *(const vf *)(bp + p * NR), b1 = *(const vf *)(bp + p * NR + 4);
    vf a0 = splat(ap[p * MR + 0]), a1 = splat(ap[p * MR + 1]);
    c00 = MADD(a0, b0, c00);
    c01 = MADD(a0, b1, c01);
    c10 = MADD(a1, b0, c10);
    c11 = MADD(a1, b1, c11);
    vf a2 = splat(ap[p * MR + 2]), a3 = splat(ap[p * MR + 3]);
    c20 = MADD(a2, b0, c20);
    c21 = MADD(a2, b1, c21);
    c30 = MADD(a3, b0, c30);
    c31 = MADD(a3, b1, c31);
  }
  acc[0] = c00, acc[1] = c01, acc[2] = c10, acc[3] = c11, acc[4] = c20, acc[5] = c21, acc[6] = c30, acc[7] = c31;
}

// Bp[panel][p][0..7] = op(B)[pc+p][jc+panel·8+c], zero beyond nc.
static void pack_b(const float *b, int ldb, int transb, int pc, int kc, int jc, int nc, float *restrict bp) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    int w = nc - j0 < NR ? nc - j0 : NR;
    float *dst = bp + j0 * kc;
    if (!transb && w == NR) {
      const float *src = b + pc * ldb + jc + j0;
      for (int p = 0; p < kc; p++) {
        *(vf *)(dst + p * NR) = loadu(src + p * ldb);
        *(vf *)(dst + p * NR + 4) = loadu(src + p * ldb + 4);
      }
    } else if (!transb) {
      const float *src = b + pc * ldb + jc + j0;
      for (int p = 0; p < kc; p++)
        for (int c = 0; c < NR; c++) dst[p * NR + c] = c < w ? src[p * ldb + c] : 0.0f;
    } else {
      const float *src = b + (jc + j0) * ldb + pc;  // op(B)[p][j] = b[j·ldb + p]
      for (int c = 0; c < NR; c++) {
        if (c < w)
          for (int p = 0; p < kc; p++) dst[p * NR + c] = src[c * ldb + p];
        else
          for (int p = 0; p < kc; p++) dst[p * NR + c] = 0.0f;
      }
    }
  }
}

// Ap[p][r] = op(A)[ic+r][pc+p], zero beyond mr.
static void pack_a(const float *a, int lda, int transa, int ic, int mr, int pc, int kc, float *restrict ap) {
  if (transa) {  // op(A)[i][p] = a[p·lda + i]: the 4 rows of one p are contiguous
    const float *src = a + pc * lda + ic;
    if (mr == MR)
      for (int p = 0; p < kc; p++) *(vf *)(ap + p * MR) = loadu(src + p * lda);
    else
      for (int p = 0; p < kc; p++)
        for (int r = 0; r < MR; r++) ap[p * MR + r] = r < mr ? src[p * lda + r] : 0.0f;
  } else {
    const float *src = a + ic * lda + pc;
    for (int r = 0; r < MR; r++) {
      if (r < mr)
        for (int p = 0; p < kc; p++) ap[p * MR + r] = src[r * lda + p];
      else
        for (int p = 0; p < kc; p++) ap[p * MR + r] = 0.0f;
    }
  }
}

// Writes alpha·acc into the mr×nr corner of C at c (adding to C when add is set).
static void store_tile(vf acc[8], float *c, int ldc, int mr, int nr, float alpha, int add, float *restrict tile) {
  vf va = splat(alpha);
  if (mr == MR && nr == NR) {
    for (int r = 0; r < MR; r++) {
      float *row = c + r * ldc;
      vf lo = acc[2 * r] * va, hi = acc[2 * r + 1] * va;
      if (add) {
        lo += loadu(row);
        hi += loadu(row + 4);
      }
      storeu(row, lo);
      storeu(row + 4, hi);
    }
    return;
  }
  for (int r = 0; r < MR; r++) {
    *(vf *)(tile + r * NR) = acc[2 * r] * va;
    *(vf *)(tile + r * NR + 4) = acc[2 * r + 1] * va;
  }
  for (int r = 0; r < mr; r++)
    for (int j = 0; j < nr; j++) c[r * ldc + j] = tile[r * NR + j] + (add ? c[r * ldc + j] : 0.0f);
}

// flags: bit 0 transA, bit 1 transB, bit 2 accumulate. scratch: KC·NC + MR·KC + 64 floats, 16-byte aligned.
EXPORT("matmul")
void matmul(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc, int flags,
            float alpha, float *scratch) {
  int transa = flags & 1, transb = (flags >> 1) & 1, accumulate = (flags >> 2) & 1;
  float *bp = scratch, *ap = scratch + KC * NC, *tile = ap + MR * KC;
  if (k == 0) {  // op(A)·op(B) is all zeros: C keeps its value, or becomes 0
    if (!accumulate)
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) c[i * ldc + j] = 0.0f;
    return;
  }
  for (int jc = 0; jc < n; jc += NC) {
    int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = k - pc < KC ? k - pc : KC;
      int add = accumulate || pc > 0;
      pack_b(b, ldb, transb, pc, kc, jc, nc, bp);
      for (int ic = 0; ic < m; ic += MR) {
        int mr = m - ic < MR ? m - ic : MR;
        pack_a(a, lda, transa, ic, mr, pc, kc, ap);
        for (int j0 = 0; j0 < nc; j0 += NR) {
          int nr = nc - j0 < NR ? nc - j0 : NR;
          vf acc[8] = {0};
          micro(kc, ap, bp + j0 * kc, acc);
          store_tile(acc, c + ic * ldc + jc + j0, ldc, mr, nr, alpha, add, tile);
        }
      }
    }
  }
}
