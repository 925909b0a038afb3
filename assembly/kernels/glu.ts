// GLU (PyTorch glu, Keras glu): the input is split in two halves a and b along an axis, and
// y = a * sigmoid(b). As in swish, with q = a * sigmoid(-|b|) from sigmoid.ts's timesSigmoidOfNeg
// (a joins the numerator before the one rounding into the subnormal range):
//   b > 0:  y = a - q
//   else:   y = q
// Unlike swish's x and beta * x, a and b are unrelated, so a can be large where sigmoid(-|b|) is
// near 1/2, and timesSigmoidOfNeg's numerator (a + a w) 2^(n + 64), |w| < 0.42, would overflow:
// - |a| >= 2^62 and |b| < 60: a is scaled by 2^-64 first and q by 2^64 after, both exactly (q is
//   then above 2^-89 before scaling back, a normal number);
// - |a| >= 2^126 (a + a w alone can overflow): by 2^-2 and 4 more (q is then above 2^-67 before
//   scaling back, since sigmoid(-|b|) >= e^-132.4 at timesSigmoidOfNeg's clamp).
// Below b = -132, sigmoid(b) < 2^-190 comes out as 0 (timesSigmoidOfNeg's 2^(n + 64) is +0): y is
// then ±0, off from a * sigmoid(b) only where |a| >= 2^41 (a float32 sigmoid is 0 there too).
// An infinite a is selected directly where b >= -132 (timesSigmoidOfNeg gives Inf * 0 = NaN
// inside; below, y is Inf * 0 = NaN, as in PyTorch). y takes a's sign at the end, which a - q
// loses for a = -0. A NaN in either half gives NaN.
import { mapBinary } from "../map";
import { choose } from "../scalar";
import { timesSigmoidOfNegOne, timesSigmoidOfNegVec } from "./sigmoid";

/** |a| from here on is scaled down (2^62). */
// @ts-ignore: decorator
@inline const LARGE: f32 = 4.611686018427388e18;
/** ... where -|b| is above this (e^-60 > 2^-87). */
// @ts-ignore: decorator
@inline const NEAR: f32 = -60.0;
/** |a| from here on is scaled down by 4 where -|b| <= NEAR (2^126). */
// @ts-ignore: decorator
@inline const HUGE: f32 = 8.507059173023462e37;
// @ts-ignore: decorator
@inline const SIGN: i32 = 0x80000000;
/** Below this b, sigmoid(b) is taken as 0. */
// @ts-ignore: decorator
@inline const NEGLIGIBLE: f32 = -132.0;

/** The float32 bits of 2^0; 2^-k has ONE_BITS - (k << 23), 2^k ONE_BITS + (k << 23). */
// @ts-ignore: decorator
@inline const ONE_BITS: i32 = 127 << 23;

@final @unmanaged class Glu {
  @inline vec(a: v128, b: v128): v128 {
    const c = v128.or(b, i32x4.splat(SIGN)); // -|b|
    const magnitude = f32x4.abs(a);
    const large = v128.and(f32x4.ge(magnitude, f32x4.splat(LARGE)), f32x4.gt(c, f32x4.splat(NEAR)));
    const huge = f32x4.ge(magnitude, f32x4.splat(HUGE));
    // k = 64 (large) + 2 (huge), in the exponent field.
    const k = v128.or(v128.and(large, i32x4.splat(64 << 23)), v128.and(huge, i32x4.splat(2 << 23)));
    const m = f32x4.mul(a, i32x4.sub(i32x4.splat(ONE_BITS), k));
    const q = f32x4.mul(timesSigmoidOfNegVec(c, m), i32x4.add(i32x4.splat(ONE_BITS), k));
    const y = v128.bitselect(f32x4.sub(a, q), q, f32x4.gt(b, f32x4.splat(0)));
    const infinite = v128.and(f32x4.eq(magnitude, f32x4.splat(Infinity)), f32x4.ge(b, f32x4.splat(NEGLIGIBLE)));
    // a * sigmoid(b) has a's sign (a - q loses it for a = -0).
    return v128.or(v128.andnot(v128.bitselect(a, y, infinite), i32x4.splat(SIGN)), v128.and(a, i32x4.splat(SIGN)));
  }
  @inline one(a: f32, b: f32): f32 {
    const c = reinterpret<f32>(reinterpret<i32>(b) | SIGN);
    const magnitude = abs(a);
    const large = (magnitude >= LARGE) & (c > NEAR);
    const huge = magnitude >= HUGE;
    const k = select<i32>(64 << 23, 0, large) | select<i32>(2 << 23, 0, huge);
    const m = a * reinterpret<f32>(ONE_BITS - k);
    const q = timesSigmoidOfNegOne(c, m) * reinterpret<f32>(ONE_BITS + k);
    const y = choose(a - q, q, b > 0);
    const kept = choose(a, y, (magnitude == Infinity) & (b >= NEGLIGIBLE));
    return reinterpret<f32>((reinterpret<i32>(kept) & ~SIGN) | (reinterpret<i32>(a) & SIGN));
  }
}

/**
 * GLU along the middle axis of [outer, 2 * half, inner] floats at x, into the [outer, half, inner]
 * floats at y. y may be x: each float is written where x has already been read.
 */
export function glu(x: usize, y: usize, outer: usize, half: usize, inner: usize): void {
  const halfBytes = (half * inner) << 2;
  for (let o: usize = 0; o < outer; o++, x += 2 * halfBytes, y += halfBytes) {
    mapBinary<Glu>(x, x + halfBytes, y, half * inner);
  }
}
