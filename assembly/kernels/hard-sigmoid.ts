// Hard sigmoid (ONNX HardSigmoid): y = max(0, min(1, alpha * x + beta)), the product and the sum
// each rounded to float32 (no fused multiply-add, as ONNX's float32 reference). The clamp is
// pmax then pmin, which keep a NaN from the first operand.
import { mapUnary } from "../map";
import { pmax, pmin } from "../scalar";

/** Clamp of alpha * x + beta to [0, 1]; shared with hard swish. */
// @ts-ignore: decorator
@inline export function hardSigmoidVec(x: v128, alpha: v128, beta: v128): v128 {
  const t = f32x4.add(f32x4.mul(alpha, x), beta);
  return f32x4.pmin(f32x4.pmax(t, f32x4.splat(0)), f32x4.splat(1));
}

// @ts-ignore: decorator
@inline export function hardSigmoidOne(x: f32, alpha: f32, beta: f32): f32 {
  return pmin(pmax(alpha * x + beta, 0), 1);
}

@final @unmanaged class HardSigmoid {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, alpha: v128, beta: v128, _c: v128): v128 {
    return hardSigmoidVec(x, alpha, beta);
  }
  @inline one(x: f32, alpha: f32, beta: f32, _c: f32): f32 {
    return hardSigmoidOne(x, alpha, beta);
  }
}

/** Hard sigmoid of n floats at x into y (y may be x). */
export function hardSigmoid(x: usize, y: usize, n: usize, alpha: f32, beta: f32): void {
  mapUnary<HardSigmoid>(x, y, n, alpha, beta, 0);
}
