// CELU (ONNX Celu): y = max(0, x) + min(0, alpha * expm1(x / alpha)), alpha > 0, which is
// x >= 0 ? x : alpha * expm1(x / alpha). The division rounds once; expm1's relative error does not
// grow through it (d log expm1(u) / d log u <= 1 for u < 0). Where x / alpha > -2^-25, y rounds
// to x itself (alpha expm1(u) = x (1 + u/2 + ...)), and x is selected there: with a large alpha,
// x / alpha could otherwise underflow and lose x's digits. -0 stays -0, NaN stays NaN, -Inf gives
// -alpha.
// Measured: max 1.06 ulp with alpha = 1, 2.4 for alpha from 0.001 to 1000.
import { mapUnary } from "../map";
import { choose } from "../scalar";
import { expm1One, expm1Vec } from "../math/expm1";

/** 2^-25: below this |x / alpha|, alpha expm1(x / alpha) rounds to x. */
// @ts-ignore: decorator
@inline const LINEAR: f32 = 2.9802322387695312e-8;

@final @unmanaged class Celu {
  @inline vec(x: v128, alpha: v128, linearFrom: v128, _c: v128): v128 {
    const below = f32x4.mul(alpha, expm1Vec(f32x4.div(x, alpha)));
    return v128.bitselect(x, below, f32x4.ge(x, linearFrom));
  }
  @inline one(x: f32, alpha: f32, linearFrom: f32, _c: f32): f32 {
    return choose(x, alpha * expm1One(x / alpha), x >= linearFrom);
  }
}

/** CELU of n floats at x into y (y may be x); alpha > 0. */
export function celu(x: usize, y: usize, n: usize, alpha: f32): void {
  mapUnary<Celu>(x, y, n, alpha, -alpha * LINEAR, 0);
}
