// exp(x) in float32 for v128 lanes and for one float, with the same operations in the same order.
//
// Range reduction (Cody & Waite): n = nearest(x * log2(e)), r = x - n*ln2, with ln2 split into
// LN2_HI (9 significant bits, so n*LN2_HI is exact for |n| <= 2^15) and LN2_LO; |r| <= ln2/2.
// e^r = 1 + r + r^2 * P(r), P the degree-5 minimax polynomial of Cephes' expf.c (S. L. Moshier,
// relative error 2.3e-7 on [-ln2/2, ln2/2] in IEEE float arithmetic).
// Scaling by 2^n in two steps, 2^(n>>1) then 2^(n - (n>>1)), keeps both factors normal for n in
// [-150, 128], so results near overflow are finite where they should be and subnormal results are
// rounded once, correctly scaled (wasm has no flush-to-zero).
// Measured: max error 1 ulp against float64 Math.exp over every float32 (npm run accuracy).
// scaledExp(factor, x, lo) = factor * e^(x + lo) is the same evaluation for an argument carried as
// a float pair and a result multiplied before its last rounding (gelu's tails).
import { pmax, pmin } from "../scalar";

// @ts-ignore: decorator
@inline export const LOG2E: f32 = 1.44269502;
// @ts-ignore: decorator
@inline export const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline export const LN2_LO: f32 = -2.12194440e-4;
/** Above this exp overflows (e^88.7228 = FLT_MAX); clamping here still rounds to +Inf. */
// @ts-ignore: decorator
@inline export const EXP_OVERFLOW_CLAMP: f32 = 88.8;
/** Below this e^x is under half the smallest subnormal, so it rounds to +0. */
// @ts-ignore: decorator
@inline export const EXP_UNDERFLOW_CLAMP: f32 = -104.0;
// Cephes expf.c coefficients, highest degree first.
// @ts-ignore: decorator
@inline const P5: f32 = 1.9875691500e-4;
// @ts-ignore: decorator
@inline const P4: f32 = 1.3981999507e-3;
// @ts-ignore: decorator
@inline const P3: f32 = 8.3334519073e-3;
// @ts-ignore: decorator
@inline const P2: f32 = 4.1665795894e-2;
// @ts-ignore: decorator
@inline const P1: f32 = 1.6666665459e-1;
// @ts-ignore: decorator
@inline const P0: f32 = 5.0000001201e-1;
// @ts-ignore: decorator
@inline const EXPONENT_BIAS: i32 = 127;

/** e^x for four lanes. NaN in gives NaN, -Inf gives +0, +Inf gives +Inf. */
// @ts-ignore: decorator
@inline export function expVec(x: v128): v128 {
  // pmin/pmax keep a NaN x (first operand) so it flows through to the result.
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_OVERFLOW_CLAMP)), f32x4.splat(EXP_UNDERFLOW_CLAMP));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  return scaleVec(f32x4.add(expm1ReducedVec(r), f32x4.splat(1)), n);
}

/**
 * factor * e^(x + lo) for four lanes, |lo| <= 2^-10: lo joins the reduced argument, and the factor
 * multiplies e^r before its final rounding (factor + factor * (e^r - 1)), so a normal result is
 * rounded once where e^x * factor would be rounded twice. A factor of 1 and lo = 0 give expVec's
 * value; NaN x or lo gives NaN.
 */
// @ts-ignore: decorator
@inline export function scaledExpVec(factor: v128, x: v128, lo: v128): v128 {
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_OVERFLOW_CLAMP)), f32x4.splat(EXP_UNDERFLOW_CLAMP));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.add(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.sub(lo, f32x4.mul(n, f32x4.splat(LN2_LO))));
  return scaleVec(f32x4.add(factor, f32x4.mul(factor, expm1ReducedVec(r))), n);
}

/** e^r - 1 = r + r^2 P(r) for |r| <= ln2/2 (and a little beyond). */
// @ts-ignore: decorator
@inline function expm1ReducedVec(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(P5), r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P0));
  return f32x4.add(f32x4.mul(p, r2), r);
}

/** p * 2^n, n integral in [-150, 128], in two exact power-of-two steps (one rounding if subnormal). */
// @ts-ignore: decorator
@inline function scaleVec(p: v128, n: v128): v128 {
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const scale1 = i32x4.shl(i32x4.add(n1, i32x4.splat(EXPONENT_BIAS)), 23);
  const scale2 = i32x4.shl(i32x4.add(n2, i32x4.splat(EXPONENT_BIAS)), 23);
  return f32x4.mul(f32x4.mul(p, scale1), scale2);
}

/** e^x for one float: expVec's lane operation. */
// @ts-ignore: decorator
@inline export function expOne(x: f32): f32 {
  x = pmax(pmin(x, EXP_OVERFLOW_CLAMP), EXP_UNDERFLOW_CLAMP);
  const n = nearest<f32>(x * LOG2E);
  let r = x - n * LN2_HI;
  r = r - n * LN2_LO;
  return scaleOne(expm1ReducedOne(r) + 1, n);
}

/** factor * e^(x + lo) for one float: scaledExpVec's lane operation. */
// @ts-ignore: decorator
@inline export function scaledExpOne(factor: f32, x: f32, lo: f32): f32 {
  x = pmax(pmin(x, EXP_OVERFLOW_CLAMP), EXP_UNDERFLOW_CLAMP);
  const n = nearest<f32>(x * LOG2E);
  const r = (x - n * LN2_HI) + (lo - n * LN2_LO);
  return scaleOne(factor + factor * expm1ReducedOne(r), n);
}

// @ts-ignore: decorator
@inline function expm1ReducedOne(r: f32): f32 {
  const r2 = r * r;
  let p = P5 * r + P4;
  p = p * r + P3;
  p = p * r + P2;
  p = p * r + P1;
  p = p * r + P0;
  return p * r2 + r;
}

// @ts-ignore: decorator
@inline function scaleOne(p: f32, n: f32): f32 {
  const ni = <i32>n;
  const n1 = ni >> 1;
  const n2 = ni - n1;
  const scale1 = reinterpret<f32>((n1 + EXPONENT_BIAS) << 23);
  const scale2 = reinterpret<f32>((n2 + EXPONENT_BIAS) << 23);
  return (p * scale1) * scale2;
}
