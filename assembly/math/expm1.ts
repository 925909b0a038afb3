// expm1(x) = e^x - 1 in float32 for v128 lanes and for one float, with the same operations in the
// same order, and the reduction it is built on, e^x = 2^n * (1 + w), which the sigmoid-family
// kernels use directly.
//
// Reduction (Cody & Waite, as in exp.ts): n = nearest(x * log2(e)), t = x - n*ln2 with ln2 split
// into LN2_HI + LN2_LO, |t| <= ln2/2. n is rounded by adding 1.5 * 2^23 (XNNPACK's "magic bias"):
// the sum's low mantissa bits are then n itself, and with the exponent bias folded into the added
// constant, shifting the sum left by 23 bits gives the float 2^n without a float-to-int
// conversion.
// w = e^t - 1 = t + t^2 * Q(t), Q of degree 4, minimax for the relative error of expm1 on
// [-ln2/2, ln2/2] (scripts/fit-exp-family.py, a Remez fit in mpmath): within 1.7e-8 relative with
// the float32 coefficients below.
// expm1(x) = 2^n * w + (2^n - 1) (as musl's expm1f and XNNPACK's f32-velu): for |x| < ln2/2
// (n = 0) that is w alone, with no cancellation, so expm1 is relative-accurate down to subnormal x
// (where it returns x). Below -25 ln2 e^x - 1 rounds to -1, and x is clamped there.
// Domain: x <= 88.37 (2^n finite); the kernels pass x <= 20 or discard the lane. expm1(-0) is +0:
// kernels that care select x itself at zero.
// Measured against float64 Math.expm1 (dense sweeps, both builds): max 1.06 ulp for x <= 0 (elu's
// sweep in npm run accuracy), 1.7 ulp on (0, 20] (near x = 0.38, where 2w + 1 cancels a little).
import { pmax } from "../scalar";
import { LN2_HI, LN2_LO, LOG2E } from "./exp";

/** -25 ln2: below this e^x - 1 rounds to -1 in float32. */
// @ts-ignore: decorator
@inline const EXPM1_SATURATION: f32 = -17.32868;
/** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer in the low bits. */
// @ts-ignore: decorator
@inline const ROUNDER: f32 = 12582912.0;
/** ROUNDER's bits: the sum's bits minus these are the integer added to it. */
// @ts-ignore: decorator
@inline const ROUNDER_BITS: i32 = 0x4b400000;
// @ts-ignore: decorator
@inline const EXPONENT_BIAS: i32 = 127;
// Q(t) = Q0 + Q1 t + Q2 t^2 + Q3 t^3 + Q4 t^4 (scripts/fit-exp-family.py).
// @ts-ignore: decorator
@inline const Q0: f32 = 0.49999997;
// @ts-ignore: decorator
@inline const Q1: f32 = 0.16666543;
// @ts-ignore: decorator
@inline const Q2: f32 = 0.0416672;
// @ts-ignore: decorator
@inline const Q3: f32 = 0.0083665475;
// @ts-ignore: decorator
@inline const Q4: f32 = 0.0013882515;

/**
 * The reduction's exponent n = nearest(x log2 e), as the float 1.5 * 2^23 + 127 + k + n whose low
 * mantissa bits are 127 + k + n: pow2Vec of it is 2^(n + k). k is a constant; the caller clamps x
 * so that 0 <= 127 + k + n <= 255 (0 gives 2^(n + k) = +0).
 */
// @ts-ignore: decorator
@inline export function expExponentVec(x: v128, k: i32): v128 {
  return f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER + <f32>(EXPONENT_BIAS + k)));
}

// @ts-ignore: decorator
@inline export function expExponentOne(x: f32, k: i32): f32 {
  return x * LOG2E + (ROUNDER + <f32>(EXPONENT_BIAS + k));
}

/** n itself, as i32 lanes, from expExponentVec(x, k)'s result (any n, unlike pow2Vec). */
// @ts-ignore: decorator
@inline export function expExponentIntegerVec(exponent: v128, k: i32): v128 {
  return i32x4.sub(exponent, i32x4.splat(ROUNDER_BITS + EXPONENT_BIAS + k));
}

// @ts-ignore: decorator
@inline export function expExponentIntegerOne(exponent: f32, k: i32): i32 {
  return reinterpret<i32>(exponent) - (ROUNDER_BITS + EXPONENT_BIAS + k);
}

/** 2^(n + k) from expExponentVec's result: its low bits moved into the exponent field. */
// @ts-ignore: decorator
@inline export function pow2Vec(exponent: v128): v128 {
  return i32x4.shl(exponent, 23);
}

// @ts-ignore: decorator
@inline export function pow2One(exponent: f32): f32 {
  return reinterpret<f32>(reinterpret<i32>(exponent) << 23);
}

/** w = e^t - 1 for t = x - n ln2, given exponent = expExponentVec(x, k). */
// @ts-ignore: decorator
@inline export function expm1RemainderVec(x: v128, exponent: v128, k: i32): v128 {
  const n = f32x4.sub(exponent, f32x4.splat(ROUNDER + <f32>(EXPONENT_BIAS + k)));
  let t = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  t = f32x4.sub(t, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let q = f32x4.add(f32x4.mul(f32x4.splat(Q4), t), f32x4.splat(Q3));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(Q2));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(Q1));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(Q0));
  return f32x4.add(f32x4.mul(f32x4.mul(q, t), t), t);
}

// @ts-ignore: decorator
@inline export function expm1RemainderOne(x: f32, exponent: f32, k: i32): f32 {
  const n = exponent - (ROUNDER + <f32>(EXPONENT_BIAS + k));
  let t = x - n * LN2_HI;
  t = t - n * LN2_LO;
  let q = Q4 * t + Q3;
  q = q * t + Q2;
  q = q * t + Q1;
  q = q * t + Q0;
  return (q * t) * t + t;
}

/** e^x - 1 for four lanes (x <= 88.37). NaN in gives NaN, -Inf gives -1. */
// @ts-ignore: decorator
@inline export function expm1Vec(x: v128): v128 {
  // pmax keeps a NaN x (first operand).
  x = f32x4.pmax(x, f32x4.splat(EXPM1_SATURATION));
  const exponent = expExponentVec(x, 0);
  const w = expm1RemainderVec(x, exponent, 0);
  const s = pow2Vec(exponent);
  // 2^n w is exact; one rounding in the sum.
  return f32x4.add(f32x4.mul(w, s), f32x4.sub(s, f32x4.splat(1)));
}

/** e^x - 1 for one float: expm1Vec's lane operation. */
// @ts-ignore: decorator
@inline export function expm1One(x: f32): f32 {
  x = pmax(x, EXPM1_SATURATION);
  const exponent = expExponentOne(x, 0);
  const w = expm1RemainderOne(x, exponent, 0);
  const s = pow2One(exponent);
  return w * s + (s - 1);
}
