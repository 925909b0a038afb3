// Leaky ReLU (ONNX LeakyRelu): y = x >= 0 ? x : alpha * x.
// The loop is picked by alpha once per call: for 0 < alpha <= 1 the answer is max(x, alpha*x)
// and for alpha > 1 it is min(x, alpha*x), one pmax/pmin instruction each (f32x4.max/min cost
// about eight on x86 because of their NaN and signed-zero rules). `x` goes first so that a NaN x
// is kept and +Inf stays +Inf. alpha <= 0 (0 * -Inf is NaN, and a negative alpha flips signs)
// takes the compare-and-select loop, which is right for every alpha.
import { mapUnary } from "../map";
import { choose, pmax, pmin } from "../scalar";

@final @unmanaged class LeakyReluMax {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, alpha: v128, _b: v128, _c: v128): v128 {
    return f32x4.pmax(x, f32x4.mul(alpha, x));
  }
  @inline one(x: f32, alpha: f32, _b: f32, _c: f32): f32 {
    return pmax(x, alpha * x);
  }
}

@final @unmanaged class LeakyReluMin {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, alpha: v128, _b: v128, _c: v128): v128 {
    return f32x4.pmin(x, f32x4.mul(alpha, x));
  }
  @inline one(x: f32, alpha: f32, _b: f32, _c: f32): f32 {
    return pmin(x, alpha * x);
  }
}

@final @unmanaged class LeakyReluSelect {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts). */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, alpha: v128, _b: v128, _c: v128): v128 {
    return v128.bitselect(x, f32x4.mul(alpha, x), f32x4.ge(x, f32x4.splat(0)));
  }
  @inline one(x: f32, alpha: f32, _b: f32, _c: f32): f32 {
    return choose(x, alpha * x, x >= 0);
  }
}

/** Leaky ReLU of n floats at x into y (y may be x). */
export function leakyRelu(x: usize, y: usize, n: usize, alpha: f32): void {
  if (alpha > 0 && alpha <= 1) {
    mapUnary<LeakyReluMax>(x, y, n, alpha, 0, 0);
  } else if (alpha > 1) {
    mapUnary<LeakyReluMin>(x, y, n, alpha, 0, 0);
  } else {
    mapUnary<LeakyReluSelect>(x, y, n, alpha, 0, 0);
  }
}
