// LogSigmoid (PyTorch LogSigmoid): y = log(1 / (1 + e^-x)) = -softplus(-x) = min(x, 0) - log1p(e^-|x|),
// PyTorch's own form: no cancellation in either tail (y = x - e^x for very negative x, y = -e^-x
// for large x, subnormal results included). NaN stays NaN, -Inf gives -Inf, +Inf gives +0.
import { mapUnary } from "../map";
import { pmin } from "../scalar";
import { log1pExpNegAbsOne, log1pExpNegAbsVec } from "./softplus";

@final @unmanaged class LogSigmoid {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    return f32x4.sub(f32x4.pmin(x, f32x4.splat(0)), log1pExpNegAbsVec(x));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    return pmin(x, 0) - log1pExpNegAbsOne(x);
  }
}

/** LogSigmoid of n floats at x into y (y may be x). */
export function logSigmoid(x: usize, y: usize, n: usize): void {
  mapUnary<LogSigmoid>(x, y, n, 0, 0, 0);
}
