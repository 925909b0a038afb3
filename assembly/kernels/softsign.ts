// Softsign (ONNX Softsign): y = x / (1 + |x|). The rounding of 1 + |x| is taken exactly (Fast2Sum,
// dl = (1 + |x|) - d) and removed to first order: x / (d + dl) = q (1 - dl / (d + dl)), with
// 1 / (1 + |x|) = 1 - |q|. That leaves the division's own rounding. The result takes x's sign
// (the correction would turn -0 into +0).
// x is clamped to +-2^60 first: beyond 2^25 the quotient rounds to +-1 anyway, and the clamp turns
// Inf / Inf into +-1. -0 stays -0, NaN stays NaN (pmin/pmax keep a NaN first operand).
import { mapUnary } from "../map";
import { pmax, pmin } from "../scalar";

// @ts-ignore: decorator
@inline const LIMIT: f32 = 1.152921504606847e18; // 2^60
// @ts-ignore: decorator
@inline const SIGN: i32 = 0x80000000;

@final @unmanaged class Softsign {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(LIMIT)), f32x4.splat(-LIMIT));
    const one = f32x4.splat(1);
    const a = f32x4.abs(c);
    const d = f32x4.add(a, one);
    const dl = f32x4.sub(f32x4.pmin(a, one), f32x4.sub(d, f32x4.pmax(a, one)));
    const q = f32x4.div(c, d);
    const y = f32x4.sub(q, f32x4.mul(q, f32x4.mul(dl, f32x4.sub(one, f32x4.abs(q)))));
    return v128.bitselect(x, y, i32x4.splat(SIGN)); // x's sign: -0 stays -0
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const c = pmax(pmin(x, LIMIT), -LIMIT);
    const a = abs(c);
    const d = a + 1;
    const dl = pmin(a, 1) - (d - pmax(a, 1));
    const q = c / d;
    const y = q - q * (dl * (1 - abs(q)));
    return reinterpret<f32>((reinterpret<i32>(y) & ~SIGN) | (reinterpret<i32>(x) & SIGN));
  }
}

/** Softsign of n floats at x into y (y may be x). */
export function softsign(x: usize, y: usize, n: usize): void {
  mapUnary<Softsign>(x, y, n, 0, 0, 0);
}
