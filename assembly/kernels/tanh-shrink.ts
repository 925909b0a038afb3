// Tanhshrink (PyTorch Tanhshrink): y = x - tanh(x). Near 0 the subtraction would cancel (y is
// about x^3/3), so below |x| = 1.05 it is a polynomial instead:
//   |x| <  1.05:  y = x (s (1 + s T(s))) / 3,  s = x^2,  1 + s T(s) = 3 (x - tanh x) / x^3
//   |x| >= 1.05:  y = x - sign(x) t / (t + 2),  t = expm1(2 min(|x|, 10))
// (the second is tanh.ts's form for large |x|). T of degree 6, minimax for the relative error on
// s in [0, 1.05^2] (scripts/fit-exp-family.py: 1.6e-8 relative with float32 coefficients). From
// 1.05 on y >= 0.28, so tanh's error (< 1 ulp there) costs at most 2 ulp of y, and the
// subtraction is exact up to |x| = 1.9. One division serves both branches. The polynomial branch
// is odd and keeps -0; +-Inf give +-Inf; NaN stays NaN.
// Measured: max 3.3 ulp (registry bound 4) over npm run accuracy's 2^22 sweep, from the
// roundings of s, the polynomial and the products (each can cost up to an ulp of y).
import { mapUnary } from "../map";
import { choose, pmin } from "../scalar";
import { expm1One, expm1Vec } from "../math/expm1";

/** tanh rounds to 1 from 9.01 on. */
// @ts-ignore: decorator
@inline const SATURATION: f32 = 10;
/** Below this the polynomial; x - tanh(x) >= 0.28 from here on. */
// @ts-ignore: decorator
@inline const CUTOFF: f32 = 1.05;
// T(s), highest degree first (scripts/fit-exp-family.py).
// @ts-ignore: decorator
@inline const T6: f32 = -0.00038344163;
// @ts-ignore: decorator
@inline const T5: f32 = 0.00262039015;
// @ts-ignore: decorator
@inline const T4: f32 = -0.009426415;
// @ts-ignore: decorator
@inline const T3: f32 = 0.025972249;
// @ts-ignore: decorator
@inline const T2: f32 = -0.065451458;
// @ts-ignore: decorator
@inline const T1: f32 = 0.16188538;
// @ts-ignore: decorator
@inline const T0: f32 = -0.39999917;

@final @unmanaged class TanhShrink {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const a = f32x4.pmin(f32x4.abs(x), f32x4.splat(SATURATION));
    const small = f32x4.lt(a, f32x4.splat(CUTOFF));
    const t = expm1Vec(f32x4.add(a, a));
    const s = f32x4.mul(x, x);
    let p = f32x4.add(f32x4.mul(f32x4.splat(T6), s), f32x4.splat(T5));
    p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T4));
    p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T3));
    p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T2));
    p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T1));
    p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T0));
    const r3 = f32x4.add(f32x4.mul(s, p), f32x4.splat(1));
    const cube3 = f32x4.mul(x, f32x4.mul(s, r3)); // 3 (x - tanh x)
    const den = v128.bitselect(f32x4.splat(3), f32x4.add(t, f32x4.splat(2)), small);
    const q = f32x4.div(v128.bitselect(cube3, t, small), den);
    const tanhX = v128.or(q, v128.and(x, f32x4.splat(-0.0))); // q >= 0 where it is tanh|x|
    return v128.bitselect(q, f32x4.sub(x, tanhX), small);
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const a = pmin(abs(x), SATURATION);
    const small = a < CUTOFF;
    const t = expm1One(a + a);
    const s = x * x;
    let p = T6 * s + T5;
    p = p * s + T4;
    p = p * s + T3;
    p = p * s + T2;
    p = p * s + T1;
    p = p * s + T0;
    const r3 = s * p + 1;
    const cube3 = x * (s * r3);
    const q = choose(cube3, t, small) / choose(3, t + 2, small);
    const tanhX = copysign<f32>(q, x);
    return choose(q, x - tanhX, small);
  }
}

/** Tanhshrink of n floats at x into y (y may be x). */
export function tanhShrink(x: usize, y: usize, n: usize): void {
  mapUnary<TanhShrink>(x, y, n, 0, 0, 0);
}
