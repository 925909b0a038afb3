// Hard tanh (PyTorch Hardtanh): y = min(max(x, minValue), maxValue), the clamp written as pmax
// then pmin with x first, so a NaN x is kept and -0 stays -0 inside the range. The TypeScript
// side has checked minValue <= maxValue.
import { mapUnary } from "../map";
import { pmax, pmin } from "../scalar";

@final @unmanaged class HardTanh {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, minValue: v128, maxValue: v128, _c: v128): v128 {
    return f32x4.pmin(f32x4.pmax(x, minValue), maxValue);
  }
  @inline one(x: f32, minValue: f32, maxValue: f32, _c: f32): f32 {
    return pmin(pmax(x, minValue), maxValue);
  }
}

/** Hard tanh of n floats at x into y (y may be x). */
export function hardTanh(x: usize, y: usize, n: usize, minValue: f32, maxValue: f32): void {
  mapUnary<HardTanh>(x, y, n, minValue, maxValue, 0);
}
