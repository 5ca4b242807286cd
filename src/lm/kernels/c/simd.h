// Shared vector helpers for the wasm kernels. Built freestanding (no libc, no libm): every transcendental the
// kernels need is written here. Compiled twice: plain SIMD128, and relaxed SIMD (-DRELAXED) where a·b+c may
// use a fused multiply-add.
#ifndef SELFPLAY_SIMD_H
#define SELFPLAY_SIMD_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef float vf __attribute__((vector_size(16), aligned(16)));
// Unaligned view: tensors are 16-byte aligned at their start, but rows with odd leading dimensions are not.
typedef float vfu __attribute__((vector_size(16), aligned(4)));
typedef int vi __attribute__((vector_size(16), aligned(16)));

#ifdef RELAXED
// f32x4.relaxed_madd: a·b + c, fused where the hardware has FMA (Zen 4 does).
#define MADD(a, b, c) __builtin_wasm_relaxed_madd_f32x4((a), (b), (c))
#else
#define MADD(a, b, c) ((a) * (b) + (c))
#endif

static inline vf splat(float x) { return (vf){x, x, x, x}; }
static inline vf loadu(const float *p) { return *(const vfu *)p; }
static inline void storeu(float *p, vf v) { *(vfu *)p = v; }
static inline float hsum(vf v) { return (v[0] + v[1]) + (v[2] + v[3]); }
static inline float hmax(vf v) {
  float a = v[0] > v[1] ? v[0] : v[1];
  float b = v[2] > v[3] ? v[2] : v[3];
  return a > b ? a : b;
}
static inline vf vmax(vf a, vf b) { return (vf)wasm_f32x4_pmax((v128_t)a, (v128_t)b); }

// exp(x) for float32: x = n·ln2 + r with |r| ≤ ln2/2, exp(r) by the degree-6 polynomial of Cephes' expf
// (S. Moshier, public domain; coefficients as published there), 2^n built in the exponent bits. Relative error
// about 2 ulp; inputs are clamped to [-87.3, 88] so the result stays a normal float (exp(-87.3) ≈ 1.2e-38).
static inline vf vexp(vf x) {
  x = (vf)wasm_f32x4_pmin((v128_t)x, (v128_t)splat(88.0f));
  x = vmax(x, splat(-87.3f));
  vf n = (vf)wasm_f32x4_nearest((v128_t)(x * splat(1.44269504088896341f)));
  vf r = MADD(n, splat(-0.693359375f), x);  // ln2 split in a high part exact in float …
  r = MADD(n, splat(2.12194440e-4f), r);     // … and the low remainder
  vf p = splat(1.9875691500e-4f);
  p = MADD(p, r, splat(1.3981999507e-3f));
  p = MADD(p, r, splat(8.3334519073e-3f));
  p = MADD(p, r, splat(4.1665795894e-2f));
  p = MADD(p, r, splat(1.6666665459e-1f));
  p = MADD(p, r, splat(5.0000001201e-1f));
  p = MADD(p, r * r, r + splat(1.0f));
  vi e = (__builtin_convertvector(n, vi) + 127) << 23;
  return p * (vf)e;
}

static inline float sexp(float x) { return vexp(splat(x))[0]; }

// Natural log in float64 for the one-per-row log-sum-exp: split off the binary exponent, then
// log(m) = 2·atanh((m−1)/(m+1)) by its series, with m in [√½, √2) so |s| ≤ 0.172 and 8 terms reach 1e-15.
static inline double dlog(double x) {
  union {
    double d;
    unsigned long long u;
  } b = {x};
  int e = (int)((b.u >> 52) & 0x7ff) - 1023;
  b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m = b.d;
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  double s = (m - 1) / (m + 1), s2 = s * s, t = s, acc = 0;
  for (int k = 1; k <= 15; k += 2) {
    acc += t / k;
    t *= s2;
  }
  return 2 * acc + e * 0.6931471805599453;
}

#endif
