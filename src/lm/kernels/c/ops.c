// Fused elementwise kernels (forward/backward pairs) in SIMD128. Each mirrors a function of reference.ts; the
// comments there give the maths. Rows are processed 4 columns at a time with a scalar tail, so any width and
// any leading dimension works. Float32 throughout except the few row reductions that need float64.
#include "simd.h"

// ---- RMSNorm: y = x·rstd·w ----
EXPORT("rmsnorm_fwd")
void rmsnorm_fwd(int rows, int d, const float *x, int ldx, const float *w, float *y, int ldy, float *rstd, float eps) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * ldx;
    float *yr = y + r * ldy;
    vf acc = splat(0);
    int i = 0;
    for (; i + 4 <= d; i += 4) {
      vf v = loadu(xr + i);
      acc = MADD(v, v, acc);
    }
    float ss = hsum(acc);
    for (; i < d; i++) ss += xr[i] * xr[i];
    float s = 1.0f / __builtin_sqrtf(ss / (float)d + eps);
    rstd[r] = s;
    vf vs = splat(s);
    for (i = 0; i + 4 <= d; i += 4) storeu(yr + i, loadu(xr + i) * vs * loadu(w + i));
    for (; i < d; i++) yr[i] = xr[i] * s * w[i];
  }
}

EXPORT("rmsnorm_bwd")
void rmsnorm_bwd(int rows, int d, const float *dy, int lddy, const float *x, int ldx, const float *w,
                 const float *rstd, float *dx, int lddx, float *dw, int accumulate) {
  for (int r = 0; r < rows; r++) {
    const float *gr = dy + r * lddy, *xr = x + r * ldx;
    float *dr = dx + r * lddx;
    float s = rstd[r];
    vf vs = splat(s), acc = splat(0);
    int i = 0;
    for (; i + 4 <= d; i += 4) {
      vf g = loadu(gr + i), xv = loadu(xr + i);
      acc = MADD(g * loadu(w + i), xv, acc);
      storeu(dw + i, MADD(g * xv, vs, loadu(dw + i)));
    }
    float dot = hsum(acc);
    for (; i < d; i++) {
      dot += gr[i] * w[i] * xr[i];
      dw[i] += gr[i] * xr[i] * s;
    }
    float c = s * s * s * dot / (float)d;
    vf vc = splat(c);
    for (i = 0; i + 4 <= d; i += 4) {
      vf v = vs * loadu(gr + i) * loadu(w + i) - vc * loadu(xr + i);
      storeu(dr + i, accumulate ? v + loadu(dr + i) : v);
    }
    for (; i < d; i++) {
      float v = s * gr[i] * w[i] - c * xr[i];
      dr[i] = accumulate ? v + dr[i] : v;
    }
  }
}

// Columns row r may see: all, or up to its position under a causal mask.
static inline int visible_cols(int r, int cols, int causal, int offset, int period) {
  if (!causal) return cols;
  int v = offset + r % period + 1;
  return v < cols ? v : cols;
}

// ---- Row softmax of scale·x with an optional causal mask; masked entries become 0 ----
EXPORT("softmax_fwd")
void softmax_fwd(int rows, int cols, const float *x, int ldx, float *y, int ldy, float scale, int causal, int offset,
                 int period) {
  vf vscale = splat(scale);
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * ldx;
    float *yr = y + r * ldy;
    int nv = visible_cols(r, cols, causal, offset, period), i = 0;
    vf vm = splat(-3.4e38f);
    for (; i + 4 <= nv; i += 4) vm = vmax(vm, loadu(xr + i) * vscale);
    float mx = hmax(vm);
    for (; i < nv; i++) mx = xr[i] * scale > mx ? xr[i] * scale : mx;
    vf vmx = splat(mx), acc = splat(0);
    for (i = 0; i + 4 <= nv; i += 4) {
      vf e = vexp(MADD(loadu(xr + i), vscale, -vmx));
      storeu(yr + i, e);
      acc += e;
    }
    float sum = hsum(acc);
    for (; i < nv; i++) {
      float e = sexp(xr[i] * scale - mx);
      yr[i] = e;
      sum += e;
    }
    float inv = nv > 0 ? 1.0f / sum : 0.0f;
    vf vinv = splat(inv);
    for (i = 0; i + 4 <= nv; i += 4) storeu(yr + i, loadu(yr + i) * vinv);
    for (; i < nv; i++) yr[i] *= inv;
    for (; i < cols; i++) yr[i] = 0.0f;
  }
}

EXPORT("softmax_bwd")
void softmax_bwd(int rows, int cols, const float *y, int ldy, const float *dy, int lddy, float *dx, int lddx,
                 float scale, int causal, int offset, int period) {
  for (int r = 0; r < rows; r++) {
    const float *yr = y + r * ldy, *gr = dy + r * lddy;
    float *dr = dx + r * lddx;
    int nv = visible_cols(r, cols, causal, offset, period), i = 0;
    vf acc = splat(0);
    for (; i + 4 <= nv; i += 4) acc = MADD(loadu(yr + i), loadu(gr + i), acc);
    float dot = hsum(acc);
    for (; i < nv; i++) dot += yr[i] * gr[i];
    vf vdot = splat(dot), vscale = splat(scale);
    for (i = 0; i + 4 <= nv; i += 4) storeu(dr + i, vscale * loadu(yr + i) * (loadu(gr + i) - vdot));
    for (; i < nv; i++) dr[i] = scale * yr[i] * (gr[i] - dot);
    for (; i < cols; i++) dr[i] = 0.0f;
  }
}

// ---- SwiGLU: y = silu(a)·b ----
static inline vf vsigmoid(vf a) { return splat(1.0f) / (splat(1.0f) + vexp(-a)); }

EXPORT("swiglu_fwd")
void swiglu_fwd(int rows, int cols, const float *a, int lda, const float *b, int ldb, float *y, int ldy) {
  for (int r = 0; r < rows; r++) {
    const float *ar = a + r * lda, *br = b + r * ldb;
    float *yr = y + r * ldy;
    int i = 0;
    for (; i + 4 <= cols; i += 4) {
      vf av = loadu(ar + i);
      storeu(yr + i, av * vsigmoid(av) * loadu(br + i));
    }
    for (; i < cols; i++) yr[i] = ar[i] * vsigmoid(splat(ar[i]))[0] * br[i];
  }
}

EXPORT("swiglu_bwd")
void swiglu_bwd(int rows, int cols, const float *a, int lda, const float *b, int ldb, const float *dy, int lddy,
                float *da, int ldda, float *db, int lddb) {
  vf one = splat(1.0f);
  for (int r = 0; r < rows; r++) {
    const float *ar = a + r * lda, *br = b + r * ldb, *gr = dy + r * lddy;
    float *dar = da + r * ldda, *dbr = db + r * lddb;
    int i = 0;
    for (; i + 4 <= cols; i += 4) {
      vf av = loadu(ar + i), bv = loadu(br + i), g = loadu(gr + i), sig = vsigmoid(av);
      vf dav = g * bv * sig * MADD(av, one - sig, one), dbv = g * av * sig;
      storeu(dar + i, dav);
      storeu(dbr + i, dbv);
    }
    for (; i < cols; i++) {
      float av = ar[i], bv = br[i], g = gr[i], sig = vsigmoid(splat(av))[0];
      dar[i] = g * bv * sig * (1.0f + av * (1.0f - sig));
      dbr[i] = g * av * sig;
    }
  }
}

// ---- Cross-entropy over logits rows (targets < 0 ignore a row; weights == 0 pointer means all 1) ----
EXPORT("ce_fwd")
double ce_fwd(int rows, int cols, const float *logits, int ld, const int *targets, const float *weights,
              float *losses, float *lse) {
  double total = 0;
  for (int r = 0; r < rows; r++) {
    const float *xr = logits + r * ld;
    int i = 0;
    vf vm = splat(-3.4e38f);
    for (; i + 4 <= cols; i += 4) vm = vmax(vm, loadu(xr + i));
    float mx = hmax(vm);
    for (; i < cols; i++) mx = xr[i] > mx ? xr[i] : mx;
    vf vmx = splat(mx), acc = splat(0);
    for (i = 0; i + 4 <= cols; i += 4) acc += vexp(loadu(xr + i) - vmx);
    float sum = hsum(acc);
    for (; i < cols; i++) sum += sexp(xr[i] - mx);
    double l = (double)mx + dlog((double)sum);
    lse[r] = (float)l;
    int t = targets[r];
    double loss = t < 0 ? 0.0 : l - (double)xr[t];
    losses[r] = (float)loss;
    total += (weights ? (double)weights[r] : 1.0) * loss;
  }
  return total;
}

EXPORT("ce_bwd")
void ce_bwd(int rows, int cols, const float *logits, int ld, const int *targets, const float *weights,
            const float *lse, float *dlogits, int lddl) {
  for (int r = 0; r < rows; r++) {
    const float *xr = logits + r * ld;
    float *dr = dlogits + r * lddl;
    int t = targets[r];
    float w = t < 0 ? 0.0f : weights ? weights[r] : 1.0f;
    vf vl = splat(lse[r]), vw = splat(w);
    int i = 0;
    for (; i + 4 <= cols; i += 4) storeu(dr + i, vw * vexp(loadu(xr + i) - vl));
    for (; i < cols; i++) dr[i] = w * sexp(xr[i] - lse[r]);
    if (t >= 0) dr[t] -= w;
  }
}
