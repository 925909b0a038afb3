// ELU (ONNX Elu): y = x >= 0 ? x : alpha * expm1(x). expm1 (math/expm1.ts) keeps the relative
// accuracy near 0- that exp(x) - 1 loses; x >= 0 keeps -0 (and +Inf) as x, NaN takes the expm1
// branch and stays NaN, -Inf gives -alpha.
// Measured: max 1.06 ulp with alpha = 1 (expm1's error and one rounding for other alphas).
import { mapUnary } from "../map";
import { choose } from "../scalar";
import { expm1One, expm1Vec } from "../math/expm1";

@final @unmanaged class Elu {
  @inline vec(x: v128, alpha: v128, _b: v128, _c: v128): v128 {
    return v128.bitselect(x, f32x4.mul(alpha, expm1Vec(x)), f32x4.ge(x, f32x4.splat(0)));
  }
  @inline one(x: f32, alpha: f32, _b: f32, _c: f32): f32 {
    return choose(x, alpha * expm1One(x), x >= 0);
  }
}

/** ELU of n floats at x into y (y may be x). */
export function elu(x: usize, y: usize, n: usize, alpha: f32): void {
  mapUnary<Elu>(x, y, n, alpha, 0, 0);
}
