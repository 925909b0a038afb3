// Thresholded ReLU (ONNX ThresholdedRelu): y = x > alpha ? x : 0, written as
// x <= alpha ? 0 : x so that a NaN x comes out as NaN (ONNX's literal form would give 0).
import { mapUnary } from "../map";
import { choose } from "../scalar";

@final @unmanaged class ThresholdedRelu {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, alpha: v128, _b: v128, _c: v128): v128 {
    return v128.andnot(x, f32x4.le(x, alpha));
  }
  @inline one(x: f32, alpha: f32, _b: f32, _c: f32): f32 {
    return choose(0, x, x <= alpha);
  }
}

/** Thresholded ReLU of n floats at x into y (y may be x). */
export function thresholdedRelu(x: usize, y: usize, n: usize, alpha: f32): void {
  mapUnary<ThresholdedRelu>(x, y, n, alpha, 0, 0);
}
