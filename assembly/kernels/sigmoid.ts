// Sigmoid (ONNX Sigmoid): y = 1 / (1 + e^-x), computed from e = e^-|x| <= 1, so nothing
// overflows. NaN stays NaN, -Inf gives +0, +Inf gives 1, and the subnormal outputs of x < -87.3
// are rounded once. The file also holds timesSigmoidOfNeg, m * sigmoid(-a), a >= 0, which swish
// and glu build on.
//
// timesSigmoidOfNeg(c, m) = m e^c / (1 + e^c), c <= 0, from the reduction e^c = 2^n (1 + w) of
// math/expm1.ts, without rounding e^c itself:
//   (m + m w) / ((1 + 2^n) + w 2^n)   (1 + 2^n exact: one rounding in each, one in the quotient)
// then scaled by 2^n as 2^min(n + 64, 0) * 2^max(n, -64): both factors are at most 1, so nothing
// overflows whatever m is, and the first is exact down to n = -190 (the quotient stays normal),
// so the second is the one rounding into the subnormal range: x e^x for x near -100 keeps its
// precision. c is clamped at -191 ln2, where 2^(n + 64) = +0, and the result is 0 (NaN for an
// infinite m) (with w <= 0 there, so m + m w cannot overflow).
// Measured as m = 1 (both builds, dense sweeps of 2^22 inputs and more around the tails): max
// 2.35 ulp; 1.03 ulp in the subnormal tail.
import { mapUnary } from "../map";
import { choose, pmax, pmin } from "../scalar";
import { expExponentOne, expExponentVec, expm1RemainderOne, expm1RemainderVec, pow2One, pow2Vec } from "../math/expm1";

/** The largest float32 <= -191 ln2: n = -191 there, so 2^(n + 64) is +0. */
// @ts-ignore: decorator
@inline const CLAMP: f32 = -132.39111328125;
// @ts-ignore: decorator
@inline const UP: i32 = 64;
/** 2^-64. */
// @ts-ignore: decorator
@inline const DOWN: f32 = 5.421010862427522e-20;

/** m * sigmoid(c) for c <= 0 (c = -|z|); see the file comment. */
// @ts-ignore: decorator
@inline export function timesSigmoidOfNegVec(c: v128, m: v128): v128 {
  c = f32x4.pmax(c, f32x4.splat(CLAMP));
  const exponent = expExponentVec(c, UP);
  const w = expm1RemainderVec(c, exponent, UP);
  const sUp = pow2Vec(exponent);
  const s = f32x4.mul(sUp, f32x4.splat(DOWN));
  const d = f32x4.add(f32x4.add(f32x4.splat(1), s), f32x4.mul(w, s));
  const q = f32x4.div(f32x4.add(m, f32x4.mul(m, w)), d);
  return f32x4.mul(f32x4.mul(q, f32x4.pmin(sUp, f32x4.splat(1))), f32x4.pmax(s, f32x4.splat(DOWN)));
}

// @ts-ignore: decorator
@inline export function timesSigmoidOfNegOne(c: f32, m: f32): f32 {
  c = pmax(c, CLAMP);
  const exponent = expExponentOne(c, UP);
  const w = expm1RemainderOne(c, exponent, UP);
  const sUp = pow2One(exponent);
  const s = sUp * DOWN;
  const d = (s + 1) + w * s;
  const q = (m + m * w) / d;
  return (q * pmin(sUp, 1)) * pmax(s, DOWN);
}

// sigmoid itself needs no m, and takes a cheaper path shaped like XNNPACK's f32-vsigmoid
// rr2-p5-div: with e^-|x| = 2^n (1 + w) (math/expm1.ts's reduction and remainder),
// e = 2^n + w 2^n (w 2^n exact: one rounding), and sigmoid(x) is e / (1 + e) for x <= 0 and
// 1 / (1 + e) for x > 0: one quotient of max(e, x > 0 ? 1 : 0) by 1 + e, with no 1 - q (a NaN x
// gives a NaN e, which max keeps). 2^n is carried as 2^(n + 64) and e scaled by 2^-64 after the
// sum, so an e below FLT_MIN is rounded once into the subnormals (where 1 + e = 1 and the quotient
// is e) rather than flushed to zero as XNNPACK does; the clamp at -191 ln2 keeps 2^(n + 64) >= +0.
// XNNPACK's degree-5 polynomial for e^t (relative error 9.2e-8, against expm1.ts's degree 6 at
// 6e-9) measured 3.3 ulp here, over the bound; hence expm1.ts's remainder.
// Measured (both builds, npm run accuracy, 2^22 inputs): max 2.18 ulp.
@final @unmanaged class Sigmoid {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const z = f32x4.pmax(v128.or(x, f32x4.splat(-0.0)), f32x4.splat(CLAMP)); // -|x|, clamped
    const exponent = expExponentVec(z, UP);
    const w = expm1RemainderVec(z, exponent, UP);
    const sUp = pow2Vec(exponent);
    const e = f32x4.mul(f32x4.add(f32x4.mul(w, sUp), sUp), f32x4.splat(DOWN));
    const numerator = f32x4.pmax(e, v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1))); // e <= 1
    return f32x4.div(numerator, f32x4.add(e, f32x4.splat(1)));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const z = pmax(-abs(x), CLAMP);
    const exponent = expExponentOne(z, UP);
    const w = expm1RemainderOne(z, exponent, UP);
    const sUp = pow2One(exponent);
    const e = (w * sUp + sUp) * DOWN;
    const numerator = pmax(e, choose(1, 0, x > 0));
    return numerator / (e + 1);
  }
}

/** Sigmoid of n floats at x into y (y may be x). */
export function sigmoid(x: usize, y: usize, n: usize): void {
  mapUnary<Sigmoid>(x, y, n, 0, 0, 0);
}
