// Sigmoid (ONNX Sigmoid): y = 1 / (1 + e^-x), built on timesSigmoidOfNeg, m * sigmoid(-a), a >= 0,
// which never overflows: sigmoid(x) = q for x <= 0 and 1 - q for x > 0, q = sigmoid(-|x|). NaN
// stays NaN, -Inf gives +0, +Inf gives 1, and the subnormal outputs of x < -87.3 are rounded once.
//
// timesSigmoidOfNeg(c, m) = m e^c / (1 + e^c), c <= 0, from the reduction e^c = 2^n (1 + w) of
// math/expm1.ts, without rounding e^c itself:
//   (m + m w) / ((1 + 2^n) + w 2^n)   (1 + 2^n exact: one rounding in each, one in the quotient)
// then scaled by 2^n as 2^min(n + 64, 0) * 2^max(n, -64): both factors are at most 1, so nothing
// overflows whatever m is, and the first is exact down to n = -190 (the quotient stays normal),
// so the second is the one rounding into the subnormal range: x e^x for x near -100 keeps its
// precision. c is clamped at -191 ln2, where 2^(n + 64) = +0, and the result is 0 (NaN for an
// infinite m) (with w <= 0 there, so m + m w cannot overflow).
// Measured (both builds, dense sweeps of 2^22 inputs and more around the tails): sigmoid max
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

@final @unmanaged class Sigmoid {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const q = timesSigmoidOfNegVec(v128.or(x, f32x4.splat(-0.0)), f32x4.splat(1)); // sigmoid(-|x|)
    return v128.bitselect(f32x4.sub(f32x4.splat(1), q), q, f32x4.gt(x, f32x4.splat(0)));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const q = timesSigmoidOfNegOne(-abs(x), 1);
    return choose(1 - q, q, x > 0);
  }
}

/** Sigmoid of n floats at x into y (y may be x). */
export function sigmoid(x: usize, y: usize, n: usize): void {
  mapUnary<Sigmoid>(x, y, n, 0, 0, 0);
}
