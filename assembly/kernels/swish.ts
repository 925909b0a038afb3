// Swish (ONNX Swish, Keras swish): y = x * sigmoid(beta * x); SiLU is beta = 1. beta * x is rounded
// to float32 first, as every framework does. With z = beta * x and q = x * sigmoid(-|z|) from
// sigmoid.ts's timesSigmoidOfNeg (x joins the numerator before the one rounding into the subnormal
// range, so silu(-100) = -3.7e-42 keeps its precision):
//   z > 0:  y = x - q
//   else:   y = q
// q is NaN for z > 0 only when x is +-Inf (Inf * 0 at the clamp); it is replaced by 0 there, so
// swish(+Inf) = +Inf. At x = -Inf (beta > 0) y is -Inf * 0 = NaN, as in ONNX and PyTorch.
// For |beta| < 1e-10 and |x| >= 2^41 the result may flush to ±0: src/kernels.ts says where.
// Measured (both builds, dense sweeps): silu max 2.65 ulp, 1.43 in the subnormal tail; every
// tested beta (0, 0.001 .. 100, negative) within 2.7.
import { mapUnary } from "../map";
import { choose } from "../scalar";
import { timesSigmoidOfNegOne, timesSigmoidOfNegVec } from "./sigmoid";

@final @unmanaged class Swish {
  @inline vec(x: v128, beta: v128, _b: v128, _c: v128): v128 {
    const z = f32x4.mul(beta, x);
    const q = timesSigmoidOfNegVec(v128.or(z, f32x4.splat(-0.0)), x);
    const above = f32x4.sub(x, v128.and(q, f32x4.eq(q, q)));
    return v128.bitselect(above, q, f32x4.gt(z, f32x4.splat(0)));
  }
  @inline one(x: f32, beta: f32, _b: f32, _c: f32): f32 {
    const z = beta * x;
    const q = timesSigmoidOfNegOne(-abs(z), x);
    const above = x - choose(q, 0, q == q);
    return choose(above, q, z > 0);
  }
}

/** Swish of n floats at x into y (y may be x). */
export function swish(x: usize, y: usize, n: usize, beta: f32): void {
  mapUnary<Swish>(x, y, n, beta, 0, 0);
}
