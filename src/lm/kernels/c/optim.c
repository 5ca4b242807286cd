// Rotary embeddings, AdamW and the gradient norm: the per-step kernels outside the layer maths.
#include "simd.h"

// ---- RoPE: rotate channel pairs by the row's angle; sign −1 rotates back (the backward). ----
EXPORT("rope")
void rope(int rows, int heads, int hd, const float *x, int ldx, float *y, int ldy, const float *cosp,
          const float *sinp, int offset, int period, int inverse, int interleaved) {
  int half = hd / 2;
  float sign = inverse ? -1.0f : 1.0f;
  vf vsign = splat(sign);
  for (int r = 0; r < rows; r++) {
    int pos = offset + r % period;
    const float *cr = cosp + pos * half, *sr = sinp + pos * half;
    for (int h = 0; h < heads; h++) {
      const float *xh = x + r * ldx + h * hd;
      float *yh = y + r * ldy + h * hd;
      if (interleaved) {  // pairs (2i, 2i+1); scalar, as the even/odd shuffles would cost as much as they save
        for (int i = 0; i < half; i++) {
          float c = cr[i], s = sign * sr[i], x0 = xh[2 * i], x1 = xh[2 * i + 1];
          yh[2 * i] = x0 * c - x1 * s;
          yh[2 * i + 1] = x0 * s + x1 * c;
        }
        continue;
      }
      int i = 0;  // pairs (i, i + half)
      for (; i + 4 <= half; i += 4) {
        vf c = loadu(cr + i), s = vsign * loadu(sr + i), x0 = loadu(xh + i), x1 = loadu(xh + half + i);
        storeu(yh + i, x0 * c - x1 * s);
        storeu(yh + half + i, x0 * s + x1 * c);
      }
      for (; i < half; i++) {
        float c = cr[i], s = sign * sr[i], x0 = xh[i], x1 = xh[half + i];
        yh[i] = x0 * c - x1 * s;
        yh[half + i] = x0 * s + x1 * c;
      }
    }
  }
}

// ---- AdamW (decoupled weight decay, PyTorch's order); bc1, bc2 = 1 − β^t computed by the caller ----
EXPORT("adamw")
void adamw(int n, float *param, const float *grad, float *m, float *v, float lr, float b1, float b2, float eps,
           float wd, float bc1, float bc2, float gscale) {
  vf vb1 = splat(b1), vb2 = splat(b2), v1b1 = splat(1.0f - b1), v1b2 = splat(1.0f - b2);
  vf vstep = splat(lr / bc1), vdecay = splat(1.0f - lr * wd), vibc2 = splat(1.0f / bc2), veps = splat(eps);
  vf vg = splat(gscale);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    vf g = loadu(grad + i) * vg;
    vf mv = vb1 * loadu(m + i) + v1b1 * g;
    vf vv = vb2 * loadu(v + i) + v1b2 * g * g;
    storeu(m + i, mv);
    storeu(v + i, vv);
    vf denom = (vf)wasm_f32x4_sqrt((v128_t)(vv * vibc2)) + veps;
    storeu(param + i, loadu(param + i) * vdecay - vstep * mv / denom);
  }
  for (; i < n; i++) {
    float g = grad[i] * gscale;
    float mv = b1 * m[i] + (1.0f - b1) * g, vv = b2 * v[i] + (1.0f - b2) * g * g;
    m[i] = mv;
    v[i] = vv;
    param[i] = param[i] * (1.0f - lr * wd) - (lr / bc1) * mv / (__builtin_sqrtf(vv / bc2) + eps);
  }
}

// ---- Σ x² in float64 lanes: float32 accumulation would lose digits over millions of parameters ----
typedef double vd __attribute__((vector_size(16), aligned(16)));

EXPORT("sumsq")
double sumsq(int n, const float *x) {
  vd a0 = {0, 0}, a1 = {0, 0};
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    vf v = loadu(x + i);
    vd lo = __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1), vd);
    vd hi = __builtin_convertvector(__builtin_shufflevector(v, v, 2, 3), vd);
    a0 += lo * lo;
    a1 += hi * hi;
  }
  double s = (a0[0] + a0[1]) + (a1[0] + a1[1]);
  for (; i < n; i++) s += (double)x[i] * (double)x[i];
  return s;
}
