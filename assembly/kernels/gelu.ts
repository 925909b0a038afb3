// GELU (ONNX Gelu, PyTorch GELU), approximate = 'none' (0) or 'tanh' (1).
//
// none: y = x Phi(x) = 0.5 x (1 + erf(x / sqrt2)). Two formulas, both evaluated, one selected:
//  |x| < 1/2: y = x (1/2 + x K(x^2)), K of degree 4 for erf(x/sqrt2) / (2x).
//  otherwise, with a = min(|x|, 16): y = x - a Phi(-a) for x > 0 and -a Phi(-a) for x < 0, where
//    a Phi(-a) = F e^S, S = -a^2/2 + P(u):
//    a < 5/2:  F = a, u = a - NEAR_CENTER, P ~ log Phi(-a) + a^2/2;
//    a >= 5/2: F = 1, u = t - FAR_CENTER with t = 1 / (1 + a/2), P ~ log(a Phi(-a)) + a^2/2.
//    Both P have degree 8 and share one Horner evaluation, coefficients selected per lane.
//  P's absolute error is y's relative error, so S is carried as a float pair: -a^2/2 exactly
//  (Dekker, 12-bit halves), P = P0 + u Q(u) by Fast2Sum (|u Q| < 1/2 <= |P0|), and the two by
//  TwoSum; scaledExp (math/exp.ts) folds the low part into its reduced argument and F in before
//  its last rounding, so the tail is e^S rounded about once. The variables are exact or nearly
//  so: a - NEAR_CENTER is (Sterbenz), and beyond 5/2 P changes by less than 0.35 t's relative
//  rounding error. A subnormal result is rounded once (F = 1). x * 0 - a Phi(-a) is -a Phi(-a),
//  and NaN at x = -Inf.
//  K: weighted minimax (Lawson iteration in numpy) against mpmath's erfc. The P: minimax for the
//  absolute error, their centres chosen so that P0 is a float32 within 2^-12 ulp of the function
//  there, coefficients rounded to float32 one at a time with the rest refitted
//  (scripts/fit-gelu.py): within 3e-8 ulp-of-1 units... 
// tanh: y = 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3), evaluated as
//  y = x sigma(w) = x / (1 + e^-w) for x >= 0 and x e^-|w| / (1 + e^-|w|) for x < 0, w = 2u.
//  In the negative tail y ~ x e^-|w| has w's absolute error as its relative error, and |w| reaches
//  ~100, so w = |x| (C1 + C3 x^2) is computed in double-float arithmetic (float32 pairs, Dekker
//  products, constants split from their float64 values) and e^-w = e^-hi (1 - lo). For w > 45, e^-hi is
//  taken as 2^64 e^-hi = e^(SHIFT - hi) (1 + SHIFT_REST) and the negative side scaled back by
//  2^-64 at the end, so x e^-w is not rounded as a subnormal before the division.
// Both: NaN stays NaN, +-0 stays +-0, +Inf gives +Inf, -Inf gives NaN (-Inf * 0, as PyTorch's and
// ONNX's formulas do); |x| is clamped at 16 inside, past where e^(-x^2/2) and e^-w underflow.
import { mapUnary } from "../map";
import { choose, pmin } from "../scalar";
import { expOne, expVec, scaledExpOne, scaledExpVec } from "../math/exp";
import { DOWN, SHIFT, SHIFT_REST } from "./softplus";

// @ts-ignore: decorator
@inline const HIGH_HALF: i32 = 0xfffff000;
// @ts-ignore: decorator
@inline const CLAMP: f32 = 16;
// @ts-ignore: decorator
@inline const CENTER_END: f32 = 0.5;
/** Beyond this w, e^-w is taken as 2^64 e^-w (softplus.ts' SHIFT; -w + SHIFT is exact there). */
// @ts-ignore: decorator
@inline const SHIFTED_FROM: f32 = 45;
// K(z), highest degree first.
// @ts-ignore: decorator
@inline const K4: f32 = 0.00010969084542011842;
// @ts-ignore: decorator
@inline const K3: f32 = -0.0011860813247039914;
// @ts-ignore: decorator
@inline const K2: f32 = 0.009973445907235146;
// @ts-ignore: decorator
@inline const K1: f32 = -0.06649037450551987;
// @ts-ignore: decorator
@inline const K0: f32 = 0.3989422917366028;
/** Where the far formula starts (|x|). */
// @ts-ignore: decorator
@inline const FAR_FROM: f32 = 2.5;
// P for a < FAR_FROM in u = a - NEAR_CENTER, P0 first.
// @ts-ignore: decorator
@inline const NEAR_CENTER: f32 = 1.3189866542816162;
// @ts-ignore: decorator
@inline const NEAR0: f32 = -1.4990031719207764;
// @ts-ignore: decorator
@inline const NEAR1: f32 = -0.4671672284603119;
// @ts-ignore: decorator
@inline const NEAR2: f32 = 0.08278367668390274;
// @ts-ignore: decorator
@inline const NEAR3: f32 = -0.015681743621826172;
// @ts-ignore: decorator
@inline const NEAR4: f32 = 0.00267924927175045;
// @ts-ignore: decorator
@inline const NEAR5: f32 = -0.0003662759845610708;
// @ts-ignore: decorator
@inline const NEAR6: f32 = 2.6839712518267334e-05;
// @ts-ignore: decorator
@inline const NEAR7: f32 = 4.336204256105702e-06;
// @ts-ignore: decorator
@inline const NEAR8: f32 = -1.5565227613478783e-06;
// P for a >= FAR_FROM in u = t - FAR_CENTER, P0 first.
// @ts-ignore: decorator
@inline const FAR_CENTER: f32 = 0.2237338423728943;
// @ts-ignore: decorator
@inline const FAR0: f32 = -0.9387243390083313;
// @ts-ignore: decorator
@inline const FAR1: f32 = -0.2175198644399643;
// @ts-ignore: decorator
@inline const FAR2: f32 = -0.797450840473175;
// @ts-ignore: decorator
@inline const FAR3: f32 = -1.1673800945281982;
// @ts-ignore: decorator
@inline const FAR4: f32 = -0.8485191464424133;
// @ts-ignore: decorator
@inline const FAR5: f32 = -0.20228423178195953;
// @ts-ignore: decorator
@inline const FAR6: f32 = -0.4938969314098358;
// @ts-ignore: decorator
@inline const FAR7: f32 = -1.630247712135315;
// @ts-ignore: decorator
@inline const FAR8: f32 = -1.538465976715088;
// w = C1 x + C3 x^3 with C1 = 2 sqrt(2/pi), C3 = C1 * 0.044715: float32 value + float32 remainder
// of the float64 constants; C3_HIGH + C3_LOW12 is C3's float32 value split into 12-bit halves.
// @ts-ignore: decorator
@inline const C1: f32 = 1.5957691669464111;
// @ts-ignore: decorator
@inline const C1_REST: f32 = -4.534068054340423e-8;
// @ts-ignore: decorator
@inline const C3: f32 = 0.07135481387376785;
// @ts-ignore: decorator
@inline const C3_REST: f32 = 2.3988324659995897e-9;
// @ts-ignore: decorator
@inline const C3_HIGH: f32 = 0.07135009765625;
// @ts-ignore: decorator
@inline const C3_LOW: f32 = 4.716217517852783e-6;

/** The low half of a product's error term: hi + result = a * b exactly (Dekker, given the halves). */
// @ts-ignore: decorator
@inline function productErrorVec(hi: v128, aHigh: v128, aLow: v128, bHigh: v128, bLow: v128): v128 {
  const e = f32x4.add(f32x4.sub(f32x4.mul(aHigh, bHigh), hi), f32x4.mul(aHigh, bLow));
  return f32x4.add(f32x4.add(e, f32x4.mul(aLow, bHigh)), f32x4.mul(aLow, bLow));
}

// @ts-ignore: decorator
@inline function productErrorOne(hi: f32, aHigh: f32, aLow: f32, bHigh: f32, bLow: f32): f32 {
  const e = (aHigh * bHigh - hi) + aHigh * bLow;
  return (e + aLow * bHigh) + aLow * bLow;
}

// @ts-ignore: decorator
@inline function highHalfVec(x: v128): v128 {
  return v128.and(x, i32x4.splat(HIGH_HALF));
}

// @ts-ignore: decorator
@inline function highHalfOne(x: f32): f32 {
  return reinterpret<f32>(reinterpret<i32>(x) & HIGH_HALF);
}

/** One of two per-lane constants: `near` where the mask is set, else `far`. */
// @ts-ignore: decorator
@inline function pickVec(near: f32, far: f32, isNear: v128): v128 {
  return v128.bitselect(f32x4.splat(near), f32x4.splat(far), isNear);
}

@final @unmanaged class GeluErf {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const absX = f32x4.abs(x);
    // |x| < 1/2
    const z = f32x4.mul(x, x);
    let k = f32x4.add(f32x4.mul(f32x4.splat(K4), z), f32x4.splat(K3));
    k = f32x4.add(f32x4.mul(k, z), f32x4.splat(K2));
    k = f32x4.add(f32x4.mul(k, z), f32x4.splat(K1));
    k = f32x4.add(f32x4.mul(k, z), f32x4.splat(K0));
    const center = f32x4.mul(x, f32x4.add(f32x4.splat(0.5), f32x4.mul(x, k)));
    // the tails: a Phi(-a) = F e^S
    const a = f32x4.pmin(absX, f32x4.splat(CLAMP));
    const aHigh = highHalfVec(a);
    const aLow = f32x4.sub(a, aHigh);
    const square = f32x4.mul(a, a);
    const squareLow = productErrorVec(square, aHigh, aLow, aHigh, aLow);
    const isNear = f32x4.lt(a, f32x4.splat(FAR_FROM));
    const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.mul(a, f32x4.splat(0.5)), f32x4.splat(1)));
    const u = v128.bitselect(f32x4.sub(a, f32x4.splat(NEAR_CENTER)), f32x4.sub(t, f32x4.splat(FAR_CENTER)), isNear);
    let q = f32x4.add(f32x4.mul(pickVec(NEAR8, FAR8, isNear), u), pickVec(NEAR7, FAR7, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR6, FAR6, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR5, FAR5, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR4, FAR4, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR3, FAR3, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR2, FAR2, isNear));
    q = f32x4.add(f32x4.mul(q, u), pickVec(NEAR1, FAR1, isNear));
    const uq = f32x4.mul(u, q);
    // P = p + pLow (Fast2Sum)
    const p0 = pickVec(NEAR0, FAR0, isNear);
    const p = f32x4.add(p0, uq);
    const pLow = f32x4.sub(uq, f32x4.sub(p, p0));
    // S = -a^2/2 + P = s + sLow (TwoSum)
    const halfSquare = f32x4.mul(square, f32x4.splat(-0.5));
    const s = f32x4.add(halfSquare, p);
    const fromP = f32x4.sub(s, halfSquare);
    const sumError = f32x4.add(f32x4.sub(halfSquare, f32x4.sub(s, fromP)), f32x4.sub(p, fromP));
    const sLow = f32x4.add(sumError, f32x4.add(pLow, f32x4.mul(squareLow, f32x4.splat(-0.5))));
    const tail = scaledExpVec(v128.bitselect(a, f32x4.splat(1), isNear), s, sLow);
    const y = v128.bitselect(f32x4.sub(x, tail), f32x4.sub(f32x4.mul(x, f32x4.splat(0)), tail), f32x4.gt(x, f32x4.splat(0)));
    return v128.bitselect(center, y, f32x4.lt(absX, f32x4.splat(CENTER_END)));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const absX = abs(x);
    const z = x * x;
    let k = K4 * z + K3;
    k = k * z + K2;
    k = k * z + K1;
    k = k * z + K0;
    const center = x * (<f32>0.5 + x * k);
    const a = pmin(absX, CLAMP);
    const aHigh = highHalfOne(a);
    const aLow = a - aHigh;
    const square = a * a;
    const squareLow = productErrorOne(square, aHigh, aLow, aHigh, aLow);
    const isNear = a < FAR_FROM;
    const t = <f32>1 / (a * <f32>0.5 + 1);
    const u = choose(a - NEAR_CENTER, t - FAR_CENTER, isNear);
    let q = choose(NEAR8, FAR8, isNear) * u + choose(NEAR7, FAR7, isNear);
    q = q * u + choose(NEAR6, FAR6, isNear);
    q = q * u + choose(NEAR5, FAR5, isNear);
    q = q * u + choose(NEAR4, FAR4, isNear);
    q = q * u + choose(NEAR3, FAR3, isNear);
    q = q * u + choose(NEAR2, FAR2, isNear);
    q = q * u + choose(NEAR1, FAR1, isNear);
    const uq = u * q;
    const p0 = choose(NEAR0, FAR0, isNear);
    const p = p0 + uq;
    const pLow = uq - (p - p0);
    const halfSquare = square * <f32>-0.5;
    const s = halfSquare + p;
    const fromP = s - halfSquare;
    const sumError = (halfSquare - (s - fromP)) + (p - fromP);
    const sLow = sumError + (pLow + squareLow * <f32>-0.5);
    const tail = scaledExpOne(choose(a, 1, isNear), s, sLow);
    const y = choose(x - tail, x * <f32>0 - tail, x > 0);
    return choose(center, y, absX < CENTER_END);
  }
}

@final @unmanaged class GeluTanh {
  @inline vec(x: v128, _a: v128, _b: v128, _c: v128): v128 {
    const a = f32x4.pmin(f32x4.abs(x), f32x4.splat(CLAMP));
    const aHigh = highHalfVec(a);
    const aLow = f32x4.sub(a, aHigh);
    // x^2 = p + pLow
    const p = f32x4.mul(a, a);
    const pLow = productErrorVec(p, aHigh, aLow, aHigh, aLow);
    // C3 x^2 = m + mLow
    const pHigh = highHalfVec(p);
    const m = f32x4.mul(f32x4.splat(C3), p);
    let mLow = productErrorVec(m, f32x4.splat(C3_HIGH), f32x4.splat(C3_LOW), pHigh, f32x4.sub(p, pHigh));
    mLow = f32x4.add(mLow, f32x4.add(f32x4.mul(f32x4.splat(C3_REST), p), f32x4.mul(f32x4.splat(C3), pLow)));
    // s = C1 + C3 x^2 = s + sLow (TwoSum)
    const c1 = f32x4.splat(C1);
    const s = f32x4.add(c1, m);
    const fromM = f32x4.sub(s, m);
    let sLow = f32x4.add(f32x4.sub(m, f32x4.sub(s, fromM)), f32x4.sub(c1, fromM));
    sLow = f32x4.add(sLow, f32x4.add(mLow, f32x4.splat(C1_REST)));
    // w = |x| s = w + wLow
    const sHigh = highHalfVec(s);
    const w = f32x4.mul(a, s);
    const wLow = f32x4.add(productErrorVec(w, aHigh, aLow, sHigh, f32x4.sub(s, sHigh)), f32x4.mul(a, sLow));
    const shifted = f32x4.gt(w, f32x4.splat(SHIFTED_FROM));
    const e0 = expVec(f32x4.sub(v128.and(f32x4.splat(SHIFT), shifted), w));
    const e = f32x4.sub(e0, f32x4.mul(e0, f32x4.sub(wLow, v128.and(f32x4.splat(SHIFT_REST), shifted))));
    const scale = v128.bitselect(f32x4.splat(DOWN), f32x4.splat(1), shifted);
    const isNonNegative = f32x4.ge(x, f32x4.splat(0));
    const numerator = v128.bitselect(x, f32x4.mul(x, e), isNonNegative);
    const y = f32x4.div(numerator, f32x4.add(f32x4.mul(e, scale), f32x4.splat(1)));
    return v128.bitselect(y, f32x4.mul(y, scale), isNonNegative);
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const a = pmin(abs(x), CLAMP);
    const aHigh = highHalfOne(a);
    const aLow = a - aHigh;
    const p = a * a;
    const pLow = productErrorOne(p, aHigh, aLow, aHigh, aLow);
    const pHigh = highHalfOne(p);
    const m = C3 * p;
    let mLow = productErrorOne(m, C3_HIGH, C3_LOW, pHigh, p - pHigh);
    mLow = mLow + (C3_REST * p + C3 * pLow);
    const s = C1 + m;
    const fromM = s - m;
    let sLow = (m - (s - fromM)) + (C1 - fromM);
    sLow = sLow + (mLow + C1_REST);
    const sHigh = highHalfOne(s);
    const w = a * s;
    const wLow = productErrorOne(w, aHigh, aLow, sHigh, s - sHigh) + a * sLow;
    const shifted = w > SHIFTED_FROM;
    const e0 = expOne(choose(SHIFT, 0, shifted) - w);
    const e = e0 - e0 * (wLow - choose(SHIFT_REST, 0, shifted));
    const scale = choose(DOWN, 1, shifted);
    const isNonNegative = x >= 0;
    const numerator = choose(x, x * e, isNonNegative);
    const y = numerator / (e * scale + 1);
    return choose(y, y * scale, isNonNegative);
  }
}

/** GELU of n floats at x into y (y may be x); approximate: 0 = 'none' (erf), 1 = 'tanh'. */
export function gelu(x: usize, y: usize, n: usize, approximate: i32): void {
  if (approximate == 0) {
    mapUnary<GeluErf>(x, y, n, 0, 0, 0);
  } else {
    mapUnary<GeluTanh>(x, y, n, 0, 0, 0);
  }
}
