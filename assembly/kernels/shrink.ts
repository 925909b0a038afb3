// Shrink (ONNX Shrink): y = x < -lambda ? x + bias : x > lambda ? x - bias : 0. PyTorch's
// Softshrink is Shrink with bias = lambda. The zero is chosen where -lambda <= x <= lambda, so a
// NaN x (which fails both tests) comes out as NaN, not 0; the zero is +0 as ONNX writes it.
// Hard shrink (PyTorch Hardshrink): y = -lambda <= x <= lambda ? 0 : x, a mask alone (Shrink with
// bias 0 would also turn a -0 into +0 when lambda < 0).
import { mapUnary } from "../map";
import { choose } from "../scalar";

@final @unmanaged class Shrink {
  @inline vec(x: v128, lambda: v128, bias: v128, minusLambda: v128): v128 {
    const shifted = v128.bitselect(f32x4.add(x, bias), f32x4.sub(x, bias), f32x4.lt(x, minusLambda));
    return v128.andnot(shifted, v128.and(f32x4.ge(x, minusLambda), f32x4.le(x, lambda)));
  }
  @inline one(x: f32, lambda: f32, bias: f32, minusLambda: f32): f32 {
    const shifted = choose(x + bias, x - bias, x < minusLambda);
    return choose(0, shifted, (x >= minusLambda) & (x <= lambda));
  }
}

@final @unmanaged class HardShrink {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, lambda: v128, minusLambda: v128, _c: v128): v128 {
    return v128.andnot(x, v128.and(f32x4.ge(x, minusLambda), f32x4.le(x, lambda)));
  }
  @inline one(x: f32, lambda: f32, minusLambda: f32, _c: f32): f32 {
    return choose(0, x, (x >= minusLambda) & (x <= lambda));
  }
}

/** Shrink of n floats at x into y (y may be x). */
export function shrink(x: usize, y: usize, n: usize, lambda: f32, bias: f32): void {
  mapUnary<Shrink>(x, y, n, lambda, bias, -lambda);
}

/** Hard shrink of n floats at x into y (y may be x). */
export function hardShrink(x: usize, y: usize, n: usize, lambda: f32): void {
  mapUnary<HardShrink>(x, y, n, lambda, -lambda, 0);
}
