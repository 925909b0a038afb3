// GELU (ONNX Gelu, PyTorch GELU), approximate = 'none' (0) or 'tanh' (1).
//
// none: y = x Phi(x) = 0.5 x (1 + erf(x / sqrt2)). Two pieces, both evaluated, one selected:
//  |x| < 1/2: y = x (1/2 + x K(x^2)), K of degree 4 for erf(x/sqrt2) / (2x).
//  otherwise: with a = |x|, Phi(-a) = e^(-a^2/2) t N(t), t = 1 / (1 + a/2), N of degree 10 in
//    t - 0.453125, fitted for relative error on a in [1/2, 16]. Then x t = v = x / (1 + |x|/2)
//    (one division; t = 1 - |v|/2 for N's argument) and q = v N e^(-x^2/2) is x Phi(-|x|):
//    y = x - q for x > 0, y = q for x <= 0. x^2 is carried as hi + lo (Dekker, 12-bit halves),
//    e^(-x^2/2) = e^(-hi/2) (1 - lo/2): the exponent's rounding would otherwise cost up to
//    x^2/2 * 2^-24 relative (hundreds of ulps near x = -14, where y underflows).
//  K and N: weighted minimax (Lawson iteration in numpy, coefficients rounded to float32 one at a
//  time, the rest refitted) against mpmath's erfc. The exponential is last, so a subnormal result
//  is rounded once.
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
import { expOne, expVec } from "../math/exp";
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
// N(t - T_CENTER), highest degree first.
// @ts-ignore: decorator
@inline const T_CENTER: f32 = 0.453125;
// @ts-ignore: decorator
@inline const N10: f32 = -0.13576728105545044;
// @ts-ignore: decorator
@inline const N9: f32 = 0.04137035086750984;
// @ts-ignore: decorator
@inline const N8: f32 = 0.12261507660150528;
// @ts-ignore: decorator
@inline const N7: f32 = -0.0994587242603302;
// @ts-ignore: decorator
@inline const N6: f32 = -0.039737097918987274;
// @ts-ignore: decorator
@inline const N5: f32 = 0.12257219105958939;
// @ts-ignore: decorator
@inline const N4: f32 = -0.030763840302824974;
// @ts-ignore: decorator
@inline const N3: f32 = -0.14369520545005798;
// @ts-ignore: decorator
@inline const N2: f32 = 0.07808297872543335;
// @ts-ignore: decorator
@inline const N1: f32 = 0.3250410854816437;
// @ts-ignore: decorator
@inline const N0: f32 = 0.32081106305122375;
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
    // the tails
    const half = f32x4.splat(0.5);
    const v = f32x4.div(f32x4.pmin(x, f32x4.splat(CLAMP)), f32x4.add(f32x4.mul(absX, half), f32x4.splat(1)));
    const u = f32x4.sub(f32x4.sub(f32x4.splat(1), f32x4.mul(f32x4.abs(v), half)), f32x4.splat(T_CENTER));
    let n = f32x4.add(f32x4.mul(f32x4.splat(N10), u), f32x4.splat(N9));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N8));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N7));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N6));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N5));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N4));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N3));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N2));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N1));
    n = f32x4.add(f32x4.mul(n, u), f32x4.splat(N0));
    const a = f32x4.pmin(absX, f32x4.splat(CLAMP));
    const aHigh = highHalfVec(a);
    const aLow = f32x4.sub(a, aHigh);
    const square = f32x4.mul(a, a);
    const squareLow = productErrorVec(square, aHigh, aLow, aHigh, aLow);
    const vn = f32x4.mul(v, n);
    const corrected = f32x4.add(vn, f32x4.mul(vn, f32x4.mul(squareLow, f32x4.splat(-0.5))));
    const q = f32x4.mul(corrected, expVec(f32x4.mul(square, f32x4.splat(-0.5))));
    const tail = v128.bitselect(f32x4.sub(x, q), q, f32x4.gt(x, f32x4.splat(0)));
    return v128.bitselect(center, tail, f32x4.lt(absX, f32x4.splat(CENTER_END)));
  }
  @inline one(x: f32, _a: f32, _b: f32, _c: f32): f32 {
    const absX = abs(x);
    const z = x * x;
    let k = K4 * z + K3;
    k = k * z + K2;
    k = k * z + K1;
    k = k * z + K0;
    const center = x * (<f32>0.5 + x * k);
    const v = pmin(x, CLAMP) / (absX * <f32>0.5 + 1);
    const u = (<f32>1 - abs(v) * <f32>0.5) - T_CENTER;
    let n = N10 * u + N9;
    n = n * u + N8;
    n = n * u + N7;
    n = n * u + N6;
    n = n * u + N5;
    n = n * u + N4;
    n = n * u + N3;
    n = n * u + N2;
    n = n * u + N1;
    n = n * u + N0;
    const a = pmin(absX, CLAMP);
    const aHigh = highHalfOne(a);
    const aLow = a - aHigh;
    const square = a * a;
    const squareLow = productErrorOne(square, aHigh, aLow, aHigh, aLow);
    const vn = v * n;
    const corrected = vn + vn * (squareLow * <f32>-0.5);
    const q = corrected * expOne(square * <f32>-0.5);
    const tail = choose(x - q, q, x > 0);
    return choose(center, tail, absX < CENTER_END);
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
