// Hard swish (ONNX HardSwish): y = x * HardSigmoid(x; alpha = 1/6, beta = 0.5), with alpha the
// float32 nearest 1/6 as ONNX fixes it (a multiply, not a division by 6). At x = -Inf this is
// -Inf * 0 = NaN, as in ONNX and PyTorch.
import { mapUnary } from "../map";
import { hardSigmoidOne, hardSigmoidVec } from "./hard-sigmoid";

// @ts-ignore: decorator
@inline const ONE_SIXTH: f32 = 1.0 / 6.0;
// @ts-ignore: decorator
@inline const HALF: f32 = 0.5;

@final @unmanaged class HardSwish {
  @inline vec(x: v128, alpha: v128, beta: v128, _c: v128): v128 {
    return f32x4.mul(x, hardSigmoidVec(x, alpha, beta));
  }
  @inline one(x: f32, alpha: f32, beta: f32, _c: f32): f32 {
    return x * hardSigmoidOne(x, alpha, beta);
  }
}

/** Hard swish of n floats at x into y (y may be x). */
export function hardSwish(x: usize, y: usize, n: usize): void {
  mapUnary<HardSwish>(x, y, n, ONE_SIXTH, HALF, 0);
}
