// Softmax along an axis (ONNX Softmax, opset 13): y = e^(x - max) / sum(e^(x - max)), with the
// max and the sum taken over each row. Softmin is softmax of -x: with `negate`, every input's
// sign bit is flipped as it is loaded, which is exact.
// Each row takes three passes. The first finds the max. The second stores e = exp(x - max) in y
// and adds the e values in float64, so that long rows keep the sum accurate to float32. The third
// multiplies y by the float32 nearest 1 / sum.
// Specials: a NaN anywhere in a row makes the sum NaN, and so the whole row is NaN. With +Inf in
// a row, the max is +Inf and Inf - Inf is NaN, so that row is NaN too. A row of only -Inf has
// max -Inf, and -Inf - -Inf is NaN. In any other row, a -Inf entry gives 0. PyTorch and the ONNX
// reference compute the same formula and give the same results.
import { LANES, UNROLLED, mapBinary, mapUnary } from "../map";
import {
  COLUMN_MAX, COLUMN_RESULT, COLUMN_SUM, SIGN_BIT, alongAxis, columnsMax, flipOne, gather, gatheredMax, highToF64,
  lowToF64, rowMax, scatter, stridedMax,
} from "../axis";
import { expOne, expVec } from "../math/exp";

@final @unmanaged class Scale {
  @inline vec(x: v128, factor: v128, _b: v128, _c: v128): v128 {
    return f32x4.mul(x, factor);
  }
  @inline one(x: f32, factor: f32, _b: f32, _c: f32): f32 {
    return x * factor;
  }
}

@final @unmanaged class Multiply {
  @inline vec(x: v128, factor: v128): v128 {
    return f32x4.mul(x, factor);
  }
  @inline one(x: f32, factor: f32): f32 {
    return x * factor;
  }
}

/** Adds the four lanes of e, as float64, to the four float64 sums at `sums`. */
// @ts-ignore: decorator
@inline function addToSums(sums: usize, e: v128): void {
  v128.store(sums, f64x2.add(v128.load(sums), lowToF64(e)));
  v128.store(sums, f64x2.add(v128.load(sums, 16), highToF64(e)), 16);
}

/** Stores e^(flip(x) - max) of the float at x in y, and returns it. */
// @ts-ignore: decorator
@inline function expStore(x: usize, y: usize, flip: u32, max: f32): f32 {
  const e = expOne(flipOne(load<f32>(x), flip) - max);
  store<f32>(y, e);
  return e;
}

/** e^(flip(v) - max) for v128 lanes. */
// @ts-ignore: decorator
@inline function shiftedExp(v: v128, flip: v128, max: v128): v128 {
  return expVec(f32x4.sub(v128.xor(v, flip), max));
}

/** Softmax of one contiguous row of n floats. */
function softmaxRow(x: usize, y: usize, n: usize, flip: u32): void {
  const max = rowMax(x, n, flip);
  let s0: f64 = 0;
  let s1: f64 = 0;
  let s2: f64 = 0;
  let s3: f64 = 0;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vflip = i32x4.splat(flip);
    const vmax = f32x4.splat(max);
    let sumLow = f64x2.splat(0);
    let sumHigh = f64x2.splat(0);
    // Four vectors per iteration, all loaded and exponentiated before any store: V8 then builds
    // the exp constants once for the four and overlaps their work (twice as fast as one at a time).
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const p = x + (i << 2);
      const q = y + (i << 2);
      const e0 = shiftedExp(v128.load(p), vflip, vmax);
      const e1 = shiftedExp(v128.load(p, 16), vflip, vmax);
      const e2 = shiftedExp(v128.load(p, 32), vflip, vmax);
      const e3 = shiftedExp(v128.load(p, 48), vflip, vmax);
      v128.store(q, e0);
      v128.store(q, e1, 16);
      v128.store(q, e2, 32);
      v128.store(q, e3, 48);
      sumLow = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumLow, lowToF64(e0)), lowToF64(e1)), lowToF64(e2)), lowToF64(e3));
      sumHigh = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumHigh, highToF64(e0)), highToF64(e1)), highToF64(e2)), highToF64(e3));
    }
    for (; i + LANES <= n; i += LANES) {
      const e = shiftedExp(v128.load(x + (i << 2)), vflip, vmax);
      v128.store(y + (i << 2), e);
      sumLow = f64x2.add(sumLow, lowToF64(e));
      sumHigh = f64x2.add(sumHigh, highToF64(e));
    }
    s0 = f64x2.extract_lane(sumLow, 0);
    s1 = f64x2.extract_lane(sumLow, 1);
    s2 = f64x2.extract_lane(sumHigh, 0);
    s3 = f64x2.extract_lane(sumHigh, 1);
  }
  // The scalar build's whole row; in the SIMD build only the tail is left.
  for (; i + LANES <= n; i += LANES) {
    const p = x + (i << 2);
    const q = y + (i << 2);
    s0 += expStore(p, q, flip, max);
    s1 += expStore(p + 4, q + 4, flip, max);
    s2 += expStore(p + 8, q + 8, flip, max);
    s3 += expStore(p + 12, q + 12, flip, max);
  }
  const p = x + (i << 2);
  const q = y + (i << 2);
  if (i < n) s0 += expStore(p, q, flip, max);
  if (i + 1 < n) s1 += expStore(p + 4, q + 4, flip, max);
  if (i + 2 < n) s2 += expStore(p + 8, q + 8, flip, max);
  mapUnary<Scale>(y, y, n, <f32>(1.0 / ((s0 + s2) + (s1 + s3))), 0, 0);
}

/** Softmax of one row of n floats `stride` bytes apart, summed in order. */
function softmaxStrided(x: usize, y: usize, n: usize, stride: usize, flip: u32): void {
  const max = stridedMax(x, n, stride, flip);
  const end = n * stride;
  let sum: f64 = 0;
  for (let p: usize = 0; p < end; p += stride) sum += expStore(x + p, y + p, flip, max);
  const factor = <f32>(1.0 / sum);
  for (let p: usize = 0; p < end; p += stride) store<f32>(y + p, load<f32>(y + p) * factor);
}

/** softmaxStrided of four contiguous rows of n floats at x, one per lane. */
// @ts-ignore: decorator
@inline function softmaxGathered(x: usize, y: usize, n: usize, vflip: v128): void {
  const rowBytes = n << 2;
  const max = gatheredMax(x, n, vflip);
  let sumLow = f64x2.splat(0);
  let sumHigh = f64x2.splat(0);
  let p: usize = 0;
  // Four floats of each row per iteration, added in order, for the speed of softmaxRow's loop.
  for (; p + 16 <= rowBytes; p += 16) {
    const e0 = shiftedExp(gather(x + p, rowBytes), vflip, max);
    const e1 = shiftedExp(gather(x + p + 4, rowBytes), vflip, max);
    const e2 = shiftedExp(gather(x + p + 8, rowBytes), vflip, max);
    const e3 = shiftedExp(gather(x + p + 12, rowBytes), vflip, max);
    scatter(y + p, rowBytes, e0);
    scatter(y + p + 4, rowBytes, e1);
    scatter(y + p + 8, rowBytes, e2);
    scatter(y + p + 12, rowBytes, e3);
    sumLow = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumLow, lowToF64(e0)), lowToF64(e1)), lowToF64(e2)), lowToF64(e3));
    sumHigh = f64x2.add(f64x2.add(f64x2.add(f64x2.add(sumHigh, highToF64(e0)), highToF64(e1)), highToF64(e2)), highToF64(e3));
  }
  for (; p < rowBytes; p += 4) {
    const e = shiftedExp(gather(x + p, rowBytes), vflip, max);
    scatter(y + p, rowBytes, e);
    sumLow = f64x2.add(sumLow, lowToF64(e));
    sumHigh = f64x2.add(sumHigh, highToF64(e));
  }
  const one = f64x2.splat(1);
  const factor = v128.shuffle<f32>(
    f32x4.demote_f64x2_zero(f64x2.div(one, sumLow)), f32x4.demote_f64x2_zero(f64x2.div(one, sumHigh)), 0, 1, 4, 5,
  );
  for (p = 0; p < rowBytes; p += 4) scatter(y + p, rowBytes, f32x4.mul(gather(y + p, rowBytes), factor));
}

/** softmaxStrided of `width` adjacent columns at x, whose floats are `stride` bytes apart. */
function softmaxColumns(x: usize, y: usize, n: usize, stride: usize, width: usize, flip: u32): void {
  columnsMax(x, n, stride, width, flip);
  const widthBytes = width << 2;
  // Column j's sum is at COLUMN_SUM + 2 * (its byte offset j).
  for (let j: usize = 0; j < widthBytes; j += 4) store<f64>(COLUMN_SUM + 2 * j, 0);
  for (let k: usize = 0, p = x, q = y; k < n; k++, p += stride, q += stride) {
    let j: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const vflip = i32x4.splat(flip);
      // Sixteen columns per iteration, for the speed of softmaxRow's loop.
      for (; j + 64 <= widthBytes; j += 64) {
        const e0 = shiftedExp(v128.load(p + j), vflip, v128.load(COLUMN_MAX + j));
        const e1 = shiftedExp(v128.load(p + j, 16), vflip, v128.load(COLUMN_MAX + j, 16));
        const e2 = shiftedExp(v128.load(p + j, 32), vflip, v128.load(COLUMN_MAX + j, 32));
        const e3 = shiftedExp(v128.load(p + j, 48), vflip, v128.load(COLUMN_MAX + j, 48));
        v128.store(q + j, e0);
        v128.store(q + j, e1, 16);
        v128.store(q + j, e2, 32);
        v128.store(q + j, e3, 48);
        addToSums(COLUMN_SUM + 2 * j, e0);
        addToSums(COLUMN_SUM + 2 * j + 32, e1);
        addToSums(COLUMN_SUM + 2 * j + 64, e2);
        addToSums(COLUMN_SUM + 2 * j + 96, e3);
      }
      for (; j + 16 <= widthBytes; j += 16) {
        const e = shiftedExp(v128.load(p + j), vflip, v128.load(COLUMN_MAX + j));
        v128.store(q + j, e);
        addToSums(COLUMN_SUM + 2 * j, e);
      }
    }
    for (; j < widthBytes; j += 4) {
      const sum = COLUMN_SUM + 2 * j;
      store<f64>(sum, load<f64>(sum) + expStore(p + j, q + j, flip, load<f32>(COLUMN_MAX + j)));
    }
  }
  for (let j: usize = 0; j < widthBytes; j += 4) store<f32>(COLUMN_RESULT + j, <f32>(1.0 / load<f64>(COLUMN_SUM + 2 * j)));
  for (let k: usize = 0, q = y; k < n; k++, q += stride) mapBinary<Multiply>(q, COLUMN_RESULT, q, width);
}

@final @unmanaged class Softmax {
  @inline row(x: usize, y: usize, n: usize, flip: u32): void {
    softmaxRow(x, y, n, flip);
  }
  @inline strided(x: usize, y: usize, n: usize, stride: usize, flip: u32): void {
    softmaxStrided(x, y, n, stride, flip);
  }
  @inline gathered(x: usize, y: usize, n: usize, vflip: v128): void {
    softmaxGathered(x, y, n, vflip);
  }
  @inline columns(x: usize, y: usize, n: usize, stride: usize, width: usize, flip: u32): void {
    softmaxColumns(x, y, n, stride, width, flip);
  }
}

/**
 * Softmax (or, with `negate`, softmin) along the middle axis of [outer, n, inner] floats at x,
 * into y (y may be x).
 */
export function softmax(x: usize, y: usize, outer: usize, n: usize, inner: usize, negate: bool): void {
  alongAxis<Softmax>(x, y, outer, n, inner, negate ? SIGN_BIT : 0);
}
