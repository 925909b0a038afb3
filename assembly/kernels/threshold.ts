// Threshold (PyTorch Threshold): y = x > threshold ? x : value, written the way PyTorch's own
// kernel writes it, x <= threshold ? value : x, so that a NaN x comes out as NaN.
import { mapUnary } from "../map";
import { choose } from "../scalar";

@final @unmanaged class Threshold {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, threshold: v128, value: v128, _c: v128): v128 {
    return v128.bitselect(value, x, f32x4.le(x, threshold));
  }
  @inline one(x: f32, threshold: f32, value: f32, _c: f32): f32 {
    return choose(value, x, x <= threshold);
  }
}

/** Threshold of n floats at x into y (y may be x). */
export function threshold(x: usize, y: usize, n: usize, threshold: f32, value: f32): void {
  mapUnary<Threshold>(x, y, n, threshold, value, 0);
}
