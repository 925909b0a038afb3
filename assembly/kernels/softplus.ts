// Softplus (PyTorch Softplus; ONNX Softplus is the default beta = 1):
//   y = x                                  where beta x > threshold
//     = (1/beta) log(1 + e^(beta x))       otherwise
// The comparison is PyTorch's, on the float32 product b = beta x. The log is evaluated as
// max(b, 0) + log1p(e^-|b|): it never overflows, and for very negative b it is e^b itself
// (log1p(t) = t for tiny t), subnormal results correctly scaled.
// For beta != 1 the rounding of b matters (e^b has b's absolute error as its relative error), so
// b's rounding error lo is taken exactly (Dekker's product with 12-bit halves) and applied to
// first order: d/db softplus(b) is 1 for b > 0 and about softplus(b) for b <= 0. Below b = -60
// (where log1p(e^b) = e^b) e^b / beta is formed as (2^64 e^b) / beta * 2^-64, so a small beta
// does not scale up a subnormal e^b: 2^64 e^b = e^(b + SHIFT) (1 + SHIFT_REST), SHIFT = 64 ln2
// rounded to a multiple of 2^-16, which makes b + SHIFT exact for b <= -60 (a multiple of
// ulp(b), no larger than |b|). NaN in gives NaN; +Inf gives +Inf, -Inf gives +0.
import { mapUnary } from "../map";
import { choose, pmax, pmin } from "../scalar";
import { expOne, expVec } from "../math/exp";
import { log1pOne, log1pVec } from "../math/log1p";

// @ts-ignore: decorator
@inline const SIGN: i32 = 0x80000000;
/** Keeps the top 12 significant bits: products of two such halves are exact in float32. */
// @ts-ignore: decorator
@inline const HIGH_HALF: i32 = 0xfffff000;
/** Below this b, log1p(e^b) = e^b to float32 precision and 2^64 e^b / beta cannot overflow. */
// @ts-ignore: decorator
@inline const FAR_TAIL: f32 = -60;
/** 64 ln2 to a multiple of 2^-16, and 64 ln2 - SHIFT. */
// @ts-ignore: decorator
@inline export const SHIFT: f32 = 44.361419677734375;
// @ts-ignore: decorator
@inline export const SHIFT_REST: f32 = -1.2189786957605975e-7;
/** 2^-64, undoing the shift's 2^64. */
// @ts-ignore: decorator
@inline export const DOWN: f32 = 5.421010862427522e-20;

/** log1p(e^-|x|), the part of softplus and logSigmoid that is not piecewise linear. */
// @ts-ignore: decorator
@inline export function log1pExpNegAbsVec(x: v128): v128 {
  return log1pVec(expVec(v128.or(x, i32x4.splat(SIGN))));
}

// @ts-ignore: decorator
@inline export function log1pExpNegAbsOne(x: f32): f32 {
  return log1pOne(expOne(reinterpret<f32>(reinterpret<i32>(x) | SIGN)));
}

/** beta = 1: y = max(x, 0) + log1p(e^-|x|). */
@final @unmanaged class Softplus {
  @inline vec(x: v128, threshold: v128, _b: v128, _c: v128): v128 {
    const y = f32x4.add(f32x4.pmax(x, f32x4.splat(0)), log1pExpNegAbsVec(x));
    return v128.bitselect(x, y, f32x4.gt(x, threshold));
  }
  @inline one(x: f32, threshold: f32, _b: f32, _c: f32): f32 {
    const y = pmax(x, 0) + log1pExpNegAbsOne(x);
    return choose(x, y, x > threshold);
  }
}

/** Any beta > 0, with b = beta x carried as b + lo. */
@final @unmanaged class SoftplusScaled {
  @inline vec(x: v128, beta: v128, threshold: v128, _c: v128): v128 {
    const b = f32x4.mul(x, beta);
    const mask = i32x4.splat(HIGH_HALF);
    const betaHigh = v128.and(beta, mask);
    const betaLow = f32x4.sub(beta, betaHigh);
    const xHigh = v128.and(x, mask);
    const xLow = f32x4.sub(x, xHigh);
    let lo = f32x4.sub(f32x4.mul(xHigh, betaHigh), b);
    lo = f32x4.add(f32x4.add(f32x4.add(lo, f32x4.mul(xHigh, betaLow)), f32x4.mul(xLow, betaHigh)), f32x4.mul(xLow, betaLow));
    // Infinite b makes lo infinite or NaN; those lanes need no correction: clamp (NaN -> 1).
    lo = f32x4.pmax(f32x4.splat(-1), f32x4.pmin(f32x4.splat(1), lo));
    const isFar = f32x4.lt(b, f32x4.splat(FAR_TAIL));
    // e^-|b|, or 2^64 e^b / (1 + SHIFT_REST) in the far tail
    const e = expVec(f32x4.add(v128.or(b, i32x4.splat(SIGN)), v128.and(f32x4.splat(SHIFT), isFar)));
    const log = log1pVec(e);
    const slope = v128.bitselect(f32x4.splat(1), log, f32x4.gt(b, f32x4.splat(0)));
    const near = f32x4.add(f32x4.pmax(b, f32x4.splat(0)), f32x4.add(log, f32x4.mul(lo, slope)));
    const far = f32x4.add(e, f32x4.mul(e, f32x4.add(lo, f32x4.splat(SHIFT_REST))));
    const y = f32x4.mul(
      f32x4.div(v128.bitselect(far, near, isFar), beta),
      v128.bitselect(f32x4.splat(DOWN), f32x4.splat(1), isFar),
    );
    return v128.bitselect(x, y, f32x4.gt(b, threshold));
  }
  @inline one(x: f32, beta: f32, threshold: f32, _c: f32): f32 {
    const b = x * beta;
    const betaHigh = reinterpret<f32>(reinterpret<i32>(beta) & HIGH_HALF);
    const betaLow = beta - betaHigh;
    const xHigh = reinterpret<f32>(reinterpret<i32>(x) & HIGH_HALF);
    const xLow = x - xHigh;
    let lo = xHigh * betaHigh - b;
    lo = ((lo + xHigh * betaLow) + xLow * betaHigh) + xLow * betaLow;
    lo = pmax(-1, pmin(1, lo));
    const isFar = b < FAR_TAIL;
    const e = expOne(reinterpret<f32>(reinterpret<i32>(b) | SIGN) + choose(SHIFT, 0, isFar));
    const log = log1pOne(e);
    const slope = choose(1, log, b > 0);
    const near = pmax(b, 0) + (log + lo * slope);
    const far = e + e * (lo + SHIFT_REST);
    const y = (choose(far, near, isFar) / beta) * choose(DOWN, 1, isFar);
    return choose(x, y, b > threshold);
  }
}

/** Softplus of n floats at x into y (y may be x); beta > 0. */
export function softplus(x: usize, y: usize, n: usize, beta: f32, threshold: f32): void {
  if (beta == 1) {
    mapUnary<Softplus>(x, y, n, threshold, 0, 0);
  } else {
    mapUnary<SoftplusScaled>(x, y, n, beta, threshold, 0);
  }
}
