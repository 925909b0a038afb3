// Tanh (ONNX Tanh), as musl's tanhf: with a = min(|x|, 10) (tanh rounds to 1 from 9.01 on) and one
// expm1 of a selected argument,
//   a <= ln(3)/2:  tanh a = -t / (t + 2),    t = expm1(-2a) in (-2/3, 0]
//   a >  ln(3)/2:  tanh a = 1 - 2 / (t + 2), t = expm1(2a) > 2
// The first form is relative-accurate near 0 (tanh a = a for tiny and subnormal a: -(-2a)/2); the
// second rounds only the small correction to 1. The sign is copied back from x, so tanh(-0) = -0;
// NaN stays NaN, +-Inf give +-1.
// Measured (both builds, dense sweeps): max 2.3 ulp (near |x| = 0.21 and ln(3)/2).
import { mapUnary } from "../map";
import { choose, pmin } from "../scalar";
import { expm1One, expm1Vec } from "../math/expm1";

/** tanh(x) rounds to 1 for x > 9.01. */
// @ts-ignore: decorator
@inline const SATURATION: f32 = 10;
/** ln(3)/2, where -t / (t + 2) and 1 - 2 / (t + 2) both equal 1/2. */
// @ts-ignore: decorator
@inline const HALF_LN3: f32 = 0.54930614;

/** tanh of four lanes; shared with tanhShrink. */
// @ts-ignore: decorator
@inline export function tanhVec(x: v128): v128 {
  const a = f32x4.pmin(f32x4.abs(x), f32x4.splat(SATURATION));
  const large = f32x4.gt(a, f32x4.splat(HALF_LN3));
  const t = expm1Vec(f32x4.mul(a, v128.bitselect(f32x4.splat(2), f32x4.splat(-2), large)));
  const q = f32x4.div(v128.bitselect(f32x4.splat(2), f32x4.neg(t), large), f32x4.add(t, f32x4.splat(2)));
  const y = v128.bitselect(f32x4.sub(f32x4.splat(1), q), q, large);
  return v128.bitselect(x, y, f32x4.splat(-0.0)); // the sign of x, the magnitude of y
}

/** tanh of one float: tanhVec's lane operation. */
// @ts-ignore: decorator
@inline export function tanhOne(x: f32): f32 {
  const a = pmin(abs(x), SATURATION);
  const large = a > HALF_LN3;
  const t = expm1One(a * choose(2, -2, large));
  const q = choose(2, -t, large) / (t + 2);
  const y = choose(1 - q, q, large);
  return copysign(y, x);
}

@final @unmanaged class Tanh {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    return tanhVec(x);
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    return tanhOne(x);
  }
}

/** tanh of n floats at x into y (y may be x). */
export function tanh(x: usize, y: usize, n: usize): void {
  mapUnary<Tanh>(x, y, n, 0, 0, 0);
}
