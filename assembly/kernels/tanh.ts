// Tanh (ONNX Tanh), after musl's tanhf: with a = min(|x|, 10) (tanh rounds to 1 from 9.01 on)
// and one expm1 of a selected argument, tanh a = |t| / (t + 2) with
//   a <= ln(3)/2:  t = expm1(-2a) in (-2/3, 0]
//   a >  ln(3)/2:  t = expm1(2a) > 2
// The first is relative-accurate near 0 (tanh a = a for tiny and subnormal a: 2a / 2), the
// second keeps expm1's relative error from growing (it enters scaled by 2 / (t + 2), under 1/2
// there). The sign is copied back from x, so tanh(-0) = -0; NaN stays NaN, +-Inf give +-1.
// Measured (both builds, dense sweeps): max 2.3 ulp (near |x| = 0.23 and ln(3)/2).
import { mapUnary } from "../map";
import { choose, pmin } from "../scalar";
import { expm1One, expm1Vec } from "../math/expm1";

/** tanh(x) rounds to 1 for x > 9.01. */
// @ts-ignore: decorator
@inline const SATURATION: f32 = 10;
/** ln(3)/2: the forms meet at tanh = 1/2 (t = -2/3 and t = 2). */
// @ts-ignore: decorator
@inline const HALF_LN3: f32 = 0.54930614;

@final @unmanaged class Tanh {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const a = f32x4.pmin(f32x4.abs(x), f32x4.splat(SATURATION));
    const large = f32x4.gt(a, f32x4.splat(HALF_LN3));
    const t = expm1Vec(f32x4.mul(a, v128.bitselect(f32x4.splat(2), f32x4.splat(-2), large)));
    const y = f32x4.div(f32x4.abs(t), f32x4.add(t, f32x4.splat(2))); // >= +0
    return v128.or(y, v128.and(x, f32x4.splat(-0.0))); // x's sign
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const a = pmin(abs(x), SATURATION);
    const t = expm1One(a * choose(2, -2, a > HALF_LN3));
    return copysign<f32>(abs(t) / (t + 2), x);
  }
}

/** tanh of n floats at x into y (y may be x). */
export function tanh(x: usize, y: usize, n: usize): void {
  mapUnary<Tanh>(x, y, n, 0, 0, 0);
}
