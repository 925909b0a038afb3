// ReLU as Keras documents activations.relu:
//   y = maxValue                       if x >= maxValue
//     = x                              if threshold <= x < maxValue
//     = negativeSlope * (x - threshold) otherwise
// With negativeSlope 0 the flat part is +0 exactly (not 0 * (x - threshold), which would be -0,
// or NaN at -Inf), so the defaults give plain ReLU. A NaN x fails every comparison and comes
// out as x. relu6 is this kernel with maxValue 6.
import { mapUnary } from "../map";
import { choose, pmax, pmin } from "../scalar";

/** Plain ReLU, the defaults: pmax(x, 0) (-0 and NaN, failing x < 0, pass through as x). */
@final @unmanaged class ReluPlain {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    return f32x4.pmax(x, f32x4.splat(0));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    return pmax(x, 0);
  }
}

/** Plain ReLU clipped at maxValue > 0: pmin(pmax(x, 0), maxValue). */
@final @unmanaged class ReluClamp {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, maxValue: v128, _b: v128, _c: v128): v128 {
    return f32x4.pmin(f32x4.pmax(x, f32x4.splat(0)), maxValue);
  }
  @inline one(x: f32, maxValue: f32, _b: f32, _c: f32): f32 {
    return pmin(pmax(x, 0), maxValue);
  }
}

/** negativeSlope 0 with any threshold and maxValue. */
@final @unmanaged class ReluThresholded {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, maxValue: v128, threshold: v128, _c: v128): v128 {
    const kept = v128.andnot(x, f32x4.lt(x, threshold));
    return v128.bitselect(maxValue, kept, f32x4.ge(x, maxValue));
  }
  @inline one(x: f32, maxValue: f32, threshold: f32, _c: f32): f32 {
    const kept = choose(0, x, x < threshold);
    return choose(maxValue, kept, x >= maxValue);
  }
}

/** Nonzero negativeSlope with any threshold and maxValue. */
@final @unmanaged class ReluSloped {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, maxValue: v128, threshold: v128, negativeSlope: v128): v128 {
    const below = f32x4.mul(negativeSlope, f32x4.sub(x, threshold));
    const kept = v128.bitselect(below, x, f32x4.lt(x, threshold));
    return v128.bitselect(maxValue, kept, f32x4.ge(x, maxValue));
  }
  @inline one(x: f32, maxValue: f32, threshold: f32, negativeSlope: f32): f32 {
    const below = negativeSlope * (x - threshold);
    const kept = choose(below, x, x < threshold);
    return choose(maxValue, kept, x >= maxValue);
  }
}

/** Keras ReLU of n floats at x into y (y may be x). */
export function relu(x: usize, y: usize, n: usize, negativeSlope: f32, maxValue: f32, threshold: f32): void {
  if (negativeSlope == 0 && threshold == 0 && maxValue == Infinity) {
    mapUnary<ReluPlain>(x, y, n, 0, 0, 0);
  } else if (negativeSlope == 0 && threshold == 0 && maxValue > 0) {
    mapUnary<ReluClamp>(x, y, n, maxValue, 0, 0);
  } else if (negativeSlope == 0) {
    mapUnary<ReluThresholded>(x, y, n, maxValue, threshold, 0);
  } else {
    mapUnary<ReluSloped>(x, y, n, maxValue, threshold, negativeSlope);
  }
}
