// Swish (ONNX Swish, Keras swish): y = x * sigmoid(beta * x); SiLU is beta = 1. beta * x is rounded
// to float32 first, as every framework does. With z = beta * x and q = x * sigmoid(-|z|):
//   z > 0:  y = x - q
//   else:   y = q
// q is NaN for z > 0 only when x is +-Inf (Inf * 0); it is replaced by 0 there, so swish(+Inf) =
// +Inf. At x = -Inf (beta > 0) y is -Inf * 0 = NaN, as in ONNX and PyTorch.
// q comes from sigmoid.ts's timesSigmoidOfNeg: x joins the numerator before the one rounding into
// the subnormal range, so silu(-100) = -3.7e-42 keeps its precision. That core covers x e^c down
// to e^c = 2^-191 and takes smaller as 0, which is right unless |x| >= 2^41 with |z| > 132, i.e.
// for 0 < |beta| < 2^-33 only. Those betas take a wide core instead: x = M 2^E split exactly
// (M in [1, 2)), q = M sigmoid(-|z|) by the same formulas, then scaled by 2^(n + E) in two normal
// factors, for any x and z.
// Measured (both builds, dense sweeps): silu max 2.65 ulp, 1.43 in the subnormal tail; every
// tested beta (1e-30 .. 100, 0, negative) within 2.7.
import { mapUnary } from "../map";
import { choose, pmax } from "../scalar";
import {
  expExponentIntegerOne,
  expExponentIntegerVec,
  expExponentOne,
  expExponentVec,
  expm1RemainderOne,
  expm1RemainderVec,
} from "../math/expm1";
import { timesSigmoidOfNegOne, timesSigmoidOfNegVec } from "./sigmoid";

/** 2^-33: from here on (and at 0) timesSigmoidOfNeg is exact-range for x * sigmoid(beta * x). */
// @ts-ignore: decorator
@inline const NARROW_BETA: f32 = 1.1641532182693481e-10;
/** The largest float32 <= -280 ln2: below it x e^c < 2^-150 for every finite x. */
// @ts-ignore: decorator
@inline const WIDE_CLAMP: f32 = -194.0812225341797;
// @ts-ignore: decorator
@inline const EXPONENT_FIELD: i32 = 0x7f800000;
// @ts-ignore: decorator
@inline const EXPONENT_BIAS: i32 = 127;
/** The bits of a float's sign and mantissa. */
// @ts-ignore: decorator
@inline const SIGN_MANTISSA: i32 = 0x807fffff;
/** The bits of 1.0. */
// @ts-ignore: decorator
@inline const ONE_BITS: i32 = 0x3f800000;

/** 2^max(e, 0) as a float from a biased exponent e (e + 127 <= 254), 0 where e <= 0. */
// @ts-ignore: decorator
@inline function pow2BiasedVec(biased: v128): v128 {
  return i32x4.shl(i32x4.max_s(biased, i32x4.splat(0)), 23);
}

/** x * sigmoid(c), c <= 0, for any x: the wide core (see the file comment). */
// @ts-ignore: decorator
@inline function timesSigmoidOfNegWideVec(c: v128, x: v128): v128 {
  // x = M 2^E for a normal x; a zero, subnormal, infinite or NaN x is kept as M with E = 0.
  const field = i32x4.shr_u(v128.and(x, i32x4.splat(EXPONENT_FIELD)), 23);
  const normal = i32x4.lt_u(i32x4.sub(field, i32x4.splat(1)), i32x4.splat(254));
  const e = v128.and(i32x4.sub(field, i32x4.splat(EXPONENT_BIAS)), normal);
  const mantissa = v128.or(v128.and(x, i32x4.splat(SIGN_MANTISSA)), i32x4.splat(ONE_BITS));
  const m = v128.bitselect(mantissa, x, normal);
  c = f32x4.pmax(c, f32x4.splat(WIDE_CLAMP));
  const exponent = expExponentVec(c, 0);
  const w = expm1RemainderVec(c, exponent, 0);
  const n = expExponentIntegerVec(exponent, 0);
  // 1 + e^c with 2^n floored at 2^-126, which leaves it 1.
  const s = pow2BiasedVec(i32x4.max_s(i32x4.add(n, i32x4.splat(EXPONENT_BIAS)), i32x4.splat(1)));
  const d = f32x4.add(f32x4.add(f32x4.splat(1), s), f32x4.mul(w, s));
  const q = f32x4.div(f32x4.add(m, f32x4.mul(m, w)), d);
  // 2^(n + E) as 2^ceil(t/2) * 2^floor(t/2); below t = -252 a factor is 0, and so is y.
  const t = i32x4.add(n, e);
  const low = i32x4.shr_s(t, 1);
  const high = i32x4.sub(t, low);
  const scaled = f32x4.mul(q, pow2BiasedVec(i32x4.add(high, i32x4.splat(EXPONENT_BIAS))));
  return f32x4.mul(scaled, pow2BiasedVec(i32x4.add(low, i32x4.splat(EXPONENT_BIAS))));
}

// @ts-ignore: decorator
@inline function pow2BiasedOne(biased: i32): f32 {
  return reinterpret<f32>(max(biased, 0) << 23);
}

// @ts-ignore: decorator
@inline function timesSigmoidOfNegWideOne(c: f32, x: f32): f32 {
  const field = (reinterpret<i32>(x) & EXPONENT_FIELD) >>> 23;
  const normal = <u32>(field - 1) < 254;
  const e = select<i32>(field - EXPONENT_BIAS, 0, normal);
  const mantissa = reinterpret<f32>((reinterpret<i32>(x) & SIGN_MANTISSA) | ONE_BITS);
  const m = choose(mantissa, x, normal);
  c = pmax(c, WIDE_CLAMP);
  const exponent = expExponentOne(c, 0);
  const w = expm1RemainderOne(c, exponent, 0);
  const n = expExponentIntegerOne(exponent, 0);
  const s = pow2BiasedOne(max(n + EXPONENT_BIAS, 1));
  const d = (s + 1) + w * s;
  const q = (m + m * w) / d;
  const t = n + e;
  const low = t >> 1;
  const high = t - low;
  return (q * pow2BiasedOne(high + EXPONENT_BIAS)) * pow2BiasedOne(low + EXPONENT_BIAS);
}

/** y from z and q = x * sigmoid(-|z|): x - q above 0 (q NaN only for an infinite x: 0 then). */
// @ts-ignore: decorator
@inline function swishFromVec(x: v128, z: v128, q: v128): v128 {
  const above = f32x4.sub(x, v128.and(q, f32x4.eq(q, q)));
  return v128.bitselect(above, q, f32x4.gt(z, f32x4.splat(0)));
}

// @ts-ignore: decorator
@inline function swishFromOne(x: f32, z: f32, q: f32): f32 {
  const above = x - choose(q, 0, q == q);
  return choose(above, q, z > 0);
}

@final @unmanaged class Swish {
  @inline vec(x: v128, beta: v128, _b: v128, _c: v128): v128 {
    const z = f32x4.mul(beta, x);
    return swishFromVec(x, z, timesSigmoidOfNegVec(v128.or(z, f32x4.splat(-0.0)), x));
  }
  @inline one(x: f32, beta: f32, _b: f32, _c: f32): f32 {
    const z = beta * x;
    return swishFromOne(x, z, timesSigmoidOfNegOne(-abs(z), x));
  }
}

@final @unmanaged class SwishWide {
  @inline vec(x: v128, beta: v128, _b: v128, _c: v128): v128 {
    const z = f32x4.mul(beta, x);
    return swishFromVec(x, z, timesSigmoidOfNegWideVec(v128.or(z, f32x4.splat(-0.0)), x));
  }
  @inline one(x: f32, beta: f32, _b: f32, _c: f32): f32 {
    const z = beta * x;
    return swishFromOne(x, z, timesSigmoidOfNegWideOne(-abs(z), x));
  }
}

/** Swish of n floats at x into y (y may be x). */
export function swish(x: usize, y: usize, n: usize, beta: f32): void {
  if (beta == 0 || abs(beta) >= NARROW_BETA) {
    mapUnary<Swish>(x, y, n, beta, 0, 0);
  } else {
    mapUnary<SwishWide>(x, y, n, beta, 0, 0);
  }
}
