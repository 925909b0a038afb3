// Exponential (Keras activations.exponential): y = e^x, the shared exp primitive (math/exp.ts).
import { mapUnary } from "../map";
import { expOne, expVec } from "../math/exp";

@final @unmanaged class Exp {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    return expVec(x);
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    return expOne(x);
  }
}

/** e^x of n floats at x into y (y may be x). */
export function exp(x: usize, y: usize, n: usize): void {
  mapUnary<Exp>(x, y, n, 0, 0, 0);
}
