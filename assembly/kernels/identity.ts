// Identity (PyTorch and ONNX Identity, Keras linear): y = x, every bit (NaN payloads too: loads
// and stores do not touch the bits). A copy through the v128 loop rather than memory.copy, which
// V8 ran about ten times slower at 16K floats (measured, Node 20 on x64).
import { mapUnary } from "../map";

@final @unmanaged class Identity {
  /** Memory-bound: eight v128 per main-loop iteration (see map.ts), like the ops it is a ceiling for. */
  @inline eightPerIteration(): void {}
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    return x;
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    return x;
  }
}

/** Copies n floats from x to y (the TypeScript side skips the call when y is x). */
export function identity(x: usize, y: usize, n: usize): void {
  mapUnary<Identity>(x, y, n, 0, 0, 0);
}
