// Log-softmax along an axis (ONNX LogSoftmax, opset 13): y = (x - max) - log(sum(e^(x - max))).
// log(sum) is computed as log1p(T). The entries equal to the max each add exactly 1 to the sum,
// so T is the float64 sum of the other e^(x - max) plus (count of max entries - 1). This keeps
// T, and with it every y near 0, accurate relative to its size. log(1 + T) would round T away
// below 2^-53. The terms are summed scaled by 2^64 (see term), so that a T of subnormal size is
// accurate too. Math.log1p is called once per row, on a float64.
// Each row takes three passes: the max, T, and the output.
// Specials: the same as softmax, because a NaN T gives a NaN row. A NaN or +Inf anywhere in a
// row, or a row of only -Inf, gives a NaN row. In any other row, a -Inf entry gives -Inf.
import { LANES, UNROLLED, mapUnary } from "../map";
import {
  COLUMN_COUNT, COLUMN_MAX, COLUMN_RESULT, COLUMN_SUM, alongAxis, columnsMax, flipOne, gather, gatheredMax, highToF64,
  lowToF64, rowMax, scatter, stridedMax,
} from "../axis";
import { expExponentOne, expExponentVec, expm1RemainderOne, expm1RemainderVec, pow2One, pow2Vec } from "../math/expm1";
import { choose, pmax } from "../scalar";

/** The largest float32 <= -191 ln2: there 2^(n + 64) is +0. */
// @ts-ignore: decorator
@inline const CLAMP: f32 = -132.39111328125;
// @ts-ignore: decorator
@inline const UP: i32 = 64;
/** 2^-64, undoing the terms' 2^64 (exactly, in float64). */
// @ts-ignore: decorator
@inline const DOWN: f64 = 5.421010862427522e-20;

/** y = (flip(x) - max) - logSum; `flip` is +0 or -0, whose bits are XORed into x. */
@final @unmanaged class Shifted {
  @inline vec(x: v128, max: v128, logSum: v128, flip: v128): v128 {
    return f32x4.sub(f32x4.sub(v128.xor(x, flip), max), logSum);
  }
  @inline one(x: f32, max: f32, logSum: f32, flip: f32): f32 {
    return (flipOne(x, reinterpret<u32>(flip)) - max) - logSum;
  }
}

/** flip(x) - max for the float at x. */
// @ts-ignore: decorator
@inline function shifted(x: usize, flip: u32, max: f32): f32 {
  return flipOne(load<f32>(x), flip) - max;
}

/** shifted for v128 lanes. */
// @ts-ignore: decorator
@inline function shiftedVec(v: v128, flip: v128, max: v128): v128 {
  return f32x4.sub(v128.xor(v, flip), max);
}

/**
 * The term of T for a shifted input d <= 0, scaled by 2^64: 2^64 e^d, or 0 where d is 0 (a max
 * entry). From expm1.ts's reduction e^d = 2^n (1 + w) as 2^(n + 64) + 2^(n + 64) w, rounded once:
 * a normal number down to d = -131.7, so the terms of a T near the subnormal range keep their
 * precision (e^d itself would be subnormal below -87.3). d is clamped at -191 ln2, where
 * 2^(n + 64) is +0: terms below e^-132 are dropped, far under any nonzero y's ulp.
 */
// @ts-ignore: decorator
@inline function term(d: f32): f32 {
  const c = pmax(d, CLAMP);
  const exponent = expExponentOne(c, UP);
  const s = pow2One(exponent);
  return choose(0, s + s * expm1RemainderOne(c, exponent, UP), d == 0);
}

/** term for v128 lanes. */
// @ts-ignore: decorator
@inline function termVec(d: v128): v128 {
  const c = f32x4.pmax(d, f32x4.splat(CLAMP));
  const exponent = expExponentVec(c, UP);
  const s = pow2Vec(exponent);
  const e = f32x4.add(s, f32x4.mul(s, expm1RemainderVec(c, exponent, UP)));
  return v128.andnot(e, f32x4.eq(d, f32x4.splat(0)));
}

/** Lanes of d that are 0 (max entries) as -1, others 0: subtracting counts them. */
// @ts-ignore: decorator
@inline function isMaxVec(d: v128): v128 {
  return f32x4.eq(d, f32x4.splat(0));
}

/** float32 log(1 + T), where T = 2^-64 scaledTerms + maxCount - 1. */
// @ts-ignore: decorator
@inline function logSum(scaledTerms: f64, maxCount: i32): f32 {
  return <f32>Math.log1p(scaledTerms * DOWN + <f64>(maxCount - 1));
}

/** Log-softmax of one contiguous row of n floats. */
function logSoftmaxRow(x: usize, y: usize, n: usize, flip: u32): void {
  const max = rowMax(x, n, flip);
  let s0: f64 = 0;
  let s1: f64 = 0;
  let s2: f64 = 0;
  let s3: f64 = 0;
  let maxCount: i32 = 0;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vflip = i32x4.splat(flip);
    const vmax = f32x4.splat(max);
    let sumLow = f64x2.splat(0);
    let sumHigh = f64x2.splat(0);
    let counts = i32x4.splat(0);
    // Four vectors per iteration: V8 then builds the exp constants once for the four and
    // overlaps their work (twice as fast as one at a time).
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const p = x + (i << 2);
      const d0 = shiftedVec(v128.load(p), vflip, vmax);
      const d1 = shiftedVec(v128.load(p, 16), vflip, vmax);
      const d2 = shiftedVec(v128.load(p, 32), vflip, vmax);
      const d3 = shiftedVec(v128.load(p, 48), vflip, vmax);
      const t0 = termVec(d0);
      const t1 = termVec(d1);
      const t2 = termVec(d2);
      const t3 = termVec(d3);
      sumLow = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumLow, lowToF64(t0)), lowToF64(t1)), lowToF64(t2)), lowToF64(t3));
      sumHigh = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumHigh, highToF64(t0)), highToF64(t1)), highToF64(t2)), highToF64(t3));
      counts = i32x4.sub(i32x4.sub(counts, i32x4.add(isMaxVec(d0), isMaxVec(d1))), i32x4.add(isMaxVec(d2), isMaxVec(d3)));
    }
    for (; i + LANES <= n; i += LANES) {
      const d = shiftedVec(v128.load(x + (i << 2)), vflip, vmax);
      const t = termVec(d);
      sumLow = f64x2.add(sumLow, lowToF64(t));
      sumHigh = f64x2.add(sumHigh, highToF64(t));
      counts = i32x4.sub(counts, isMaxVec(d));
    }
    s0 = f64x2.extract_lane(sumLow, 0);
    s1 = f64x2.extract_lane(sumLow, 1);
    s2 = f64x2.extract_lane(sumHigh, 0);
    s3 = f64x2.extract_lane(sumHigh, 1);
    maxCount = i32x4.extract_lane(counts, 0) + i32x4.extract_lane(counts, 1) +
      i32x4.extract_lane(counts, 2) + i32x4.extract_lane(counts, 3);
  }
  // The scalar build's whole row; in the SIMD build only the tail is left.
  for (let j = i; j < n; j++) maxCount += <i32>(shifted(x + (j << 2), flip, max) == 0);
  for (; i + LANES <= n; i += LANES) {
    const p = x + (i << 2);
    s0 += term(shifted(p, flip, max));
    s1 += term(shifted(p + 4, flip, max));
    s2 += term(shifted(p + 8, flip, max));
    s3 += term(shifted(p + 12, flip, max));
  }
  const p = x + (i << 2);
  if (i < n) s0 += term(shifted(p, flip, max));
  if (i + 1 < n) s1 += term(shifted(p + 4, flip, max));
  if (i + 2 < n) s2 += term(shifted(p + 8, flip, max));
  const shift = logSum((s0 + s2) + (s1 + s3), maxCount);
  mapUnary<Shifted>(x, y, n, max, shift, reinterpret<f32>(flip));
}

/** Log-softmax of one row of n floats `stride` bytes apart, summed in order. */
function logSoftmaxStrided(x: usize, y: usize, n: usize, stride: usize, flip: u32): void {
  const max = stridedMax(x, n, stride, flip);
  const end = n * stride;
  let terms: f64 = 0;
  let maxCount: i32 = 0;
  for (let p: usize = 0; p < end; p += stride) {
    const d = shifted(x + p, flip, max);
    terms += term(d);
    maxCount += <i32>(d == 0);
  }
  const shift = logSum(terms, maxCount);
  for (let p: usize = 0; p < end; p += stride) store<f32>(y + p, shifted(x + p, flip, max) - shift);
}

/** logSoftmaxStrided of four contiguous rows of n floats at x, one per lane. */
// @ts-ignore: decorator
@inline function logSoftmaxGathered(x: usize, y: usize, n: usize, vflip: v128): void {
  const rowBytes = n << 2;
  const max = gatheredMax(x, n, vflip);
  let sumLow = f64x2.splat(0);
  let sumHigh = f64x2.splat(0);
  let counts = i32x4.splat(0);
  let p: usize = 0;
  // Four floats of each row per iteration, added in order, for the speed of logSoftmaxRow's loop.
  for (; p + 16 <= rowBytes; p += 16) {
    const d0 = shiftedVec(gather(x + p, rowBytes), vflip, max);
    const d1 = shiftedVec(gather(x + p + 4, rowBytes), vflip, max);
    const d2 = shiftedVec(gather(x + p + 8, rowBytes), vflip, max);
    const d3 = shiftedVec(gather(x + p + 12, rowBytes), vflip, max);
    const t0 = termVec(d0);
    const t1 = termVec(d1);
    const t2 = termVec(d2);
    const t3 = termVec(d3);
    sumLow = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumLow, lowToF64(t0)), lowToF64(t1)), lowToF64(t2)), lowToF64(t3));
    sumHigh = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumHigh, highToF64(t0)), highToF64(t1)), highToF64(t2)), highToF64(t3));
    counts = i32x4.sub(i32x4.sub(counts, i32x4.add(isMaxVec(d0), isMaxVec(d1))), i32x4.add(isMaxVec(d2), isMaxVec(d3)));
  }
  for (; p < rowBytes; p += 4) {
    const d = shiftedVec(gather(x + p, rowBytes), vflip, max);
    const t = termVec(d);
    sumLow = f64x2.add(sumLow, lowToF64(t));
    sumHigh = f64x2.add(sumHigh, highToF64(t));
    counts = i32x4.sub(counts, isMaxVec(d));
  }
  let shift = f32x4.splat(logSum(f64x2.extract_lane(sumLow, 0), i32x4.extract_lane(counts, 0)));
  shift = f32x4.replace_lane(shift, 1, logSum(f64x2.extract_lane(sumLow, 1), i32x4.extract_lane(counts, 1)));
  shift = f32x4.replace_lane(shift, 2, logSum(f64x2.extract_lane(sumHigh, 0), i32x4.extract_lane(counts, 2)));
  shift = f32x4.replace_lane(shift, 3, logSum(f64x2.extract_lane(sumHigh, 1), i32x4.extract_lane(counts, 3)));
  for (p = 0; p < rowBytes; p += 4) {
    scatter(y + p, rowBytes, f32x4.sub(shiftedVec(gather(x + p, rowBytes), vflip, max), shift));
  }
}

/** Adds the terms of T for four shifted inputs d, as float64, to the four sums at `sums`, and counts their max entries at `counts`. */
// @ts-ignore: decorator
@inline function addTerms(sums: usize, counts: usize, d: v128): void {
  const t = termVec(d);
  v128.store(sums, f64x2.add(v128.load(sums), lowToF64(t)));
  v128.store(sums, f64x2.add(v128.load(sums, 16), highToF64(t)), 16);
  v128.store(counts, i32x4.sub(v128.load(counts), isMaxVec(d)));
}

/** logSoftmaxStrided of `width` adjacent columns at x, whose floats are `stride` bytes apart. */
function logSoftmaxColumns(x: usize, y: usize, n: usize, stride: usize, width: usize, flip: u32): void {
  columnsMax(x, n, stride, width, flip);
  const widthBytes = width << 2;
  // Column j's sum is at COLUMN_SUM + 2 * (its byte offset j).
  for (let j: usize = 0; j < widthBytes; j += 4) {
    store<f64>(COLUMN_SUM + 2 * j, 0);
    store<i32>(COLUMN_COUNT + j, 0);
  }
  for (let k: usize = 0, p = x; k < n; k++, p += stride) {
    let j: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const vflip = i32x4.splat(flip);
      // Sixteen columns per iteration, for the speed of logSoftmaxRow's loop.
      for (; j + 64 <= widthBytes; j += 64) {
        const d0 = shiftedVec(v128.load(p + j), vflip, v128.load(COLUMN_MAX + j));
        const d1 = shiftedVec(v128.load(p + j, 16), vflip, v128.load(COLUMN_MAX + j, 16));
        const d2 = shiftedVec(v128.load(p + j, 32), vflip, v128.load(COLUMN_MAX + j, 32));
        const d3 = shiftedVec(v128.load(p + j, 48), vflip, v128.load(COLUMN_MAX + j, 48));
        addTerms(COLUMN_SUM + 2 * j, COLUMN_COUNT + j, d0);
        addTerms(COLUMN_SUM + 2 * j + 32, COLUMN_COUNT + j + 16, d1);
        addTerms(COLUMN_SUM + 2 * j + 64, COLUMN_COUNT + j + 32, d2);
        addTerms(COLUMN_SUM + 2 * j + 96, COLUMN_COUNT + j + 48, d3);
      }
      for (; j + 16 <= widthBytes; j += 16) {
        addTerms(COLUMN_SUM + 2 * j, COLUMN_COUNT + j, shiftedVec(v128.load(p + j), vflip, v128.load(COLUMN_MAX + j)));
      }
    }
    for (; j < widthBytes; j += 4) {
      const d = shifted(p + j, flip, load<f32>(COLUMN_MAX + j));
      const sum = COLUMN_SUM + 2 * j;
      store<f64>(sum, load<f64>(sum) + term(d));
      store<i32>(COLUMN_COUNT + j, load<i32>(COLUMN_COUNT + j) + <i32>(d == 0));
    }
  }
  for (let j: usize = 0; j < widthBytes; j += 4) {
    store<f32>(COLUMN_RESULT + j, logSum(load<f64>(COLUMN_SUM + 2 * j), load<i32>(COLUMN_COUNT + j)));
  }
  for (let k: usize = 0, p = x, q = y; k < n; k++, p += stride, q += stride) {
    let j: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const vflip = i32x4.splat(flip);
      for (; j + 16 <= widthBytes; j += 16) {
        const d = shiftedVec(v128.load(p + j), vflip, v128.load(COLUMN_MAX + j));
        v128.store(q + j, f32x4.sub(d, v128.load(COLUMN_RESULT + j)));
      }
    }
    for (; j < widthBytes; j += 4) {
      store<f32>(q + j, shifted(p + j, flip, load<f32>(COLUMN_MAX + j)) - load<f32>(COLUMN_RESULT + j));
    }
  }
}

@final @unmanaged class LogSoftmax {
  @inline row(x: usize, y: usize, n: usize, flip: u32): void {
    logSoftmaxRow(x, y, n, flip);
  }
  @inline strided(x: usize, y: usize, n: usize, stride: usize, flip: u32): void {
    logSoftmaxStrided(x, y, n, stride, flip);
  }
  @inline gathered(x: usize, y: usize, n: usize, vflip: v128): void {
    logSoftmaxGathered(x, y, n, vflip);
  }
  @inline columns(x: usize, y: usize, n: usize, stride: usize, width: usize, flip: u32): void {
    logSoftmaxColumns(x, y, n, stride, width, flip);
  }
}

/** Log-softmax along the middle axis of [outer, n, inner] floats at x, into y (y may be x). */
export function logSoftmax(x: usize, y: usize, outer: usize, n: usize, inner: usize): void {
  alongAxis<LogSoftmax>(x, y, outer, n, inner, 0);
}
