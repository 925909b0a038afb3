// log1p(t) = ln(1 + t) in float32 for v128 lanes and for one float, with the same operations in
// the same order.
//
// u = 1 + t rounded, and c = (1 + t) - u exactly (Fast2Sum, the larger of 1 and t first). u is
// split as 2^k * m with m in [sqrt(1/2), sqrt(2)) by musl's bit trick, so 1 + t = 2^k (m + c 2^-k)
// and ln(1 + t) = k ln2 + log1p(g) with g = (m - 1) + c 2^-k, kept as g + gl exactly (Fast2Sum).
// For k = 0 that sum is t itself, so tiny and subnormal t come out as t, exactly.
// log1p(g) = g - g^2/2 + g^3 P(g), P of degree 7: minimax for the relative error of log1p on
// [sqrt(1/2) - 1, sqrt(2) - 1] with float32 coefficients (Lawson iteration in numpy, rounding one
// coefficient to float32 at a time and refitting the rest); 5.8e-9 relative before rounding.
// k ln2 is added as k*LN2_HI (exact) + k*LN2_LO, the split of exp.ts.
// Specials: log1p(-0) = -0 (the result takes t's sign, which log1p always has), +Inf -> +Inf,
// -1 -> -Inf, t < -1 (and -Inf) -> NaN, NaN -> NaN.
// Measured: max 0.93 ulp against float64 Math.log1p over 2^24 inputs spread over [-1, 2^128) (a
// Math.fround emulation of these operations); the module exports no log1p, so
// test/log-family.test.ts checks it through softplus and logSigmoid (t in [0, 1]).
import { choose, pmax, pmin } from "../scalar";
import { LN2_HI, LN2_LO } from "./exp";

// P(g), highest degree first.
// @ts-ignore: decorator
@inline const P7: f32 = -0.07634544372558594;
// @ts-ignore: decorator
@inline const P6: f32 = 0.1276165395975113;
// @ts-ignore: decorator
@inline const P5: f32 = -0.13160201907157898;
// @ts-ignore: decorator
@inline const P4: f32 = 0.14201748371124268;
// @ts-ignore: decorator
@inline const P3: f32 = -0.16623353958129883;
// @ts-ignore: decorator
@inline const P2: f32 = 0.20001226663589478;
// @ts-ignore: decorator
@inline const P1: f32 = -0.250008225440979;
// @ts-ignore: decorator
@inline const P0: f32 = 0.3333333134651184;
/** Bits of 1 minus bits of sqrt(1/2): added to u's bits, it moves the exponent step to sqrt(2). */
// @ts-ignore: decorator
@inline const SQRT_HALF_OFFSET: i32 = 0x3f800000 - 0x3f3504f3;
// @ts-ignore: decorator
@inline const SQRT_HALF_BITS: i32 = 0x3f3504f3;
// @ts-ignore: decorator
@inline const MANTISSA: i32 = 0x007fffff;
// @ts-ignore: decorator
@inline const EXPONENT: i32 = 0xff800000;
/**
 * 2^-k has the exponent field 254 - (k + 127). The field is capped at 254 (k = 127): then the
 * "scale" is +0, and c 2^-k (under 2^-127 relative to the result) is dropped, not turned into
 * garbage by an exponent that does not fit.
 */
// @ts-ignore: decorator
@inline const TWICE_BIAS: i32 = 254 << 23;
// @ts-ignore: decorator
@inline const SIGN: i32 = 0x80000000;

/** log1p for four lanes. */
// @ts-ignore: decorator
@inline export function log1pVec(t: v128): v128 {
  const one = f32x4.splat(1);
  const u = f32x4.add(t, one);
  // c = (1 + t) - u exactly: Fast2Sum with the larger of 1 and t first.
  const c = f32x4.sub(f32x4.pmin(t, one), f32x4.sub(u, f32x4.pmax(t, one)));
  const iu = i32x4.add(u, i32x4.splat(SQRT_HALF_OFFSET));
  const k = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(iu, 23), i32x4.splat(127)));
  const m = i32x4.add(v128.and(iu, i32x4.splat(MANTISSA)), i32x4.splat(SQRT_HALF_BITS));
  const scale = i32x4.sub(i32x4.splat(TWICE_BIAS), i32x4.min_s(v128.and(iu, i32x4.splat(EXPONENT)), i32x4.splat(TWICE_BIAS)));
  const cs = f32x4.mul(c, scale);
  const oneMinusM = f32x4.sub(one, m); // exact (Sterbenz)
  // g + gl = (m - 1) + c 2^-k exactly; g - (0 - x) keeps the sign of a zero x.
  const g = f32x4.sub(cs, oneMinusM);
  const gl = f32x4.sub(cs, f32x4.add(g, oneMinusM));
  const g2 = f32x4.mul(g, g);
  let p = f32x4.add(f32x4.mul(f32x4.splat(P7), g), f32x4.splat(P6));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P5));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, g), f32x4.splat(P0));
  const y = f32x4.sub(f32x4.mul(g, f32x4.mul(g2, p)), f32x4.mul(f32x4.splat(0.5), g2));
  const low = f32x4.add(y, f32x4.add(f32x4.mul(k, f32x4.splat(LN2_LO)), gl));
  let r = f32x4.add(f32x4.add(g, low), f32x4.mul(k, f32x4.splat(LN2_HI)));
  // Specials: +Inf; u = 0 (t = -1) gives -Inf; u < 0 gives NaN; then the sign of t.
  r = v128.bitselect(t, r, f32x4.eq(t, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(u, f32x4.splat(0)));
  r = v128.bitselect(f32x4.splat(NaN), r, f32x4.lt(u, f32x4.splat(0)));
  return v128.bitselect(t, r, i32x4.splat(SIGN));
}

/** log1p for one float: log1pVec's lane operation. */
// @ts-ignore: decorator
@inline export function log1pOne(t: f32): f32 {
  const u = t + 1;
  const c = pmin(t, 1) - (u - pmax(t, 1));
  const iu = reinterpret<i32>(u) + SQRT_HALF_OFFSET;
  const k = <f32>((iu >> 23) - 127);
  const m = reinterpret<f32>((iu & MANTISSA) + SQRT_HALF_BITS);
  const exponent = iu & EXPONENT;
  const scale = reinterpret<f32>(TWICE_BIAS - select<i32>(exponent, TWICE_BIAS, exponent < TWICE_BIAS));
  const cs = c * scale;
  const oneMinusM = <f32>1 - m;
  const g = cs - oneMinusM;
  const gl = cs - (g + oneMinusM);
  const g2 = g * g;
  let p = P7 * g + P6;
  p = p * g + P5;
  p = p * g + P4;
  p = p * g + P3;
  p = p * g + P2;
  p = p * g + P1;
  p = p * g + P0;
  const y = g * (g2 * p) - <f32>0.5 * g2;
  const low = y + (k * LN2_LO + gl);
  let r = (g + low) + k * LN2_HI;
  r = choose(t, r, t == Infinity);
  r = choose(-Infinity, r, u == 0);
  r = choose(NaN, r, u < 0);
  return reinterpret<f32>((reinterpret<i32>(r) & ~SIGN) | (reinterpret<i32>(t) & SIGN));
}
