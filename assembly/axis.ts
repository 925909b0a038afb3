// The loop shapes of the kernels that work along one axis. They see their data as
// [outer, n, inner] in row-major order: a "row" is the n floats along the axis at one
// (outer, inner) position, `inner` floats apart. `alongAxis` picks one of three loop shapes.
// - Long rows on the last axis (inner == 1, n >= SHORT_ROW), or fewer than four rows of any
//   length there (a gathered group would be mostly padding): each row is contiguous, and the
//   v128 loops run along it. A sum keeps element j in accumulator j % 4 and combines the four
//   accumulators as (0 + 2) + (1 + 3). The scalar code keeps four accumulators in the same way,
//   so both builds add the same numbers in the same order.
// - Four or more short rows on the last axis: four consecutive rows form a group, one row per v128 lane, each
//   lane gathered from its own row, so that a softmax over a few classes is still vectorized.
//   Each lane reduces its row in order. The one to three rows left over go through a padded
//   group (SHORT_GROUP). In the scalar build every short row takes the scalar code for one row,
//   which also reduces in order.
// - inner >= 4: the v128 loops run across the inner dimension, over contiguous memory, CHUNK
//   columns at a time. Each column (one row along the axis) keeps its own accumulators in static
//   memory, and the passes visit the axis positions in order, so each column again reduces in
//   order, in both builds. With 1 < inner < 4 each row takes the scalar code for one row.
// The kernels compute in the same order whichever build runs them, so the builds agree bit for
// bit; which loop shape a row gets depends only on the shape, never on the build.

import { LANES, UNROLLED } from "./map";
import { pmax } from "./scalar";

/** The float32 sign bit: XOR with it negates exactly (softmin is softmax of -x). */
// @ts-ignore: decorator
@inline export const SIGN_BIT: u32 = 0x80000000;

/** Last-axis rows shorter than this are processed four at a time, one per lane. */
// @ts-ignore: decorator
@inline const SHORT_ROW: usize = 32;

/**
 * Room for one group of four short rows: the one to three rows left after the last full group
 * are copied here, padded with zero rows, so that they too take the gathered path (several
 * times faster than strided, whose scalar exp is the SIMD build's slow path).
 */
const SHORT_GROUP: usize = memory.data(4 * <i32>SHORT_ROW * 4, 16);

/** Columns per chunk when the axis is not the last; their accumulators stay in the L1 cache. */
// @ts-ignore: decorator
@inline export const CHUNK: usize = 256;

/** Per-column accumulators of a chunk: the max, the sum (f64), a count, and a per-column result. */
export const COLUMN_MAX: usize = memory.data(<i32>CHUNK * 4, 16);
export const COLUMN_SUM: usize = memory.data(<i32>CHUNK * 8, 16);
export const COLUMN_COUNT: usize = memory.data(<i32>CHUNK * 4, 16);
export const COLUMN_RESULT: usize = memory.data(<i32>CHUNK * 4, 16);

/** x with its sign bit XORed with `flip` (0 or SIGN_BIT). */
// @ts-ignore: decorator
@inline export function flipOne(x: f32, flip: u32): f32 {
  return reinterpret<f32>(reinterpret<u32>(x) ^ flip);
}

/** Lanes 0 and 1 of v as float64 (exact). */
// @ts-ignore: decorator
@inline export function lowToF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 of v as float64 (exact). */
// @ts-ignore: decorator
@inline export function highToF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/** Lane l of the group of four rows at x, `rowBytes` apart, in lane l. */
// @ts-ignore: decorator
@inline export function gather(x: usize, rowBytes: usize): v128 {
  const v = v128.load32_lane(x + rowBytes, v128.load32_zero(x), 1);
  return v128.load32_lane(x + 3 * rowBytes, v128.load32_lane(x + 2 * rowBytes, v, 2), 3);
}

/** Stores lane l of v to row l of the group of four rows at y, `rowBytes` apart. */
// @ts-ignore: decorator
@inline export function scatter(y: usize, rowBytes: usize, v: v128): void {
  v128.store32_lane(y, v, 0);
  v128.store32_lane(y + rowBytes, v, 1);
  v128.store32_lane(y + 2 * rowBytes, v, 2);
  v128.store32_lane(y + 3 * rowBytes, v, 3);
}

/**
 * Runs kernel Op over every row of the [outer, n, inner] floats at x, into y. Op's methods:
 * - row(x, y, n, flip): one contiguous row;
 * - strided(x, y, n, stride, flip): one row of floats `stride` bytes apart, reduced in order;
 * - gathered(x, y, n, vflip): four contiguous rows of n floats, one per lane (SIMD build only);
 * - columns(x, y, n, stride, width, flip): `width` <= CHUNK adjacent columns, whose floats
 *   along the axis are `stride` bytes apart.
 * `flip` is 0 or SIGN_BIT, XORed into every input (vflip: the same in every lane).
 */
// @ts-ignore: decorator
@inline export function alongAxis<Op>(x: usize, y: usize, outer: usize, n: usize, inner: usize, flip: u32): void {
  const op = changetype<Op>(0);
  if (inner == 1 && n < SHORT_ROW && outer >= 4) {
    const rowBytes = n << 2;
    let o: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const vflip = i32x4.splat(flip);
      for (; o + 4 <= outer; o += 4) op.gathered(x + o * rowBytes, y + o * rowBytes, n, vflip);
      const leftBytes = (outer - o) * rowBytes;
      if (leftBytes != 0) {
        memory.copy(SHORT_GROUP, x + o * rowBytes, leftBytes);
        memory.fill(SHORT_GROUP + leftBytes, 0, 4 * rowBytes - leftBytes);
        op.gathered(SHORT_GROUP, SHORT_GROUP, n, vflip);
        memory.copy(y + o * rowBytes, SHORT_GROUP, leftBytes);
        return;
      }
    }
    for (; o < outer; o++) op.strided(x + o * rowBytes, y + o * rowBytes, n, 4, flip);
    return;
  }
  const blockBytes = (n * inner) << 2;
  const stride = inner << 2;
  for (let o: usize = 0; o < outer; o++, x += blockBytes, y += blockBytes) {
    if (inner == 1) {
      op.row(x, y, n, flip);
      continue;
    }
    if (inner < 4) {
      // Too narrow for a v128 across the columns: one row at a time, as the scalar code.
      for (let j: usize = 0; j < inner; j++) op.strided(x + (j << 2), y + (j << 2), n, stride, flip);
      continue;
    }
    for (let j: usize = 0; j < inner; j += CHUNK) {
      op.columns(x + (j << 2), y + (j << 2), n, stride, min(CHUNK, inner - j), flip);
    }
  }
}

// The max of each row. A NaN is skipped (pmax keeps the running maximum): the kernels get their
// NaN from the sum instead. The max of no floats is -Inf.

/** The largest of the n floats at x, each sign-flipped by `flip`. */
export function rowMax(x: usize, n: usize, flip: u32): f32 {
  let max: f32 = -Infinity;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vflip = i32x4.splat(flip);
    let m0 = f32x4.splat(-Infinity);
    let m1 = m0;
    let m2 = m0;
    let m3 = m0;
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const p = x + (i << 2);
      m0 = f32x4.pmax(m0, v128.xor(v128.load(p), vflip));
      m1 = f32x4.pmax(m1, v128.xor(v128.load(p, 16), vflip));
      m2 = f32x4.pmax(m2, v128.xor(v128.load(p, 32), vflip));
      m3 = f32x4.pmax(m3, v128.xor(v128.load(p, 48), vflip));
    }
    for (; i + LANES <= n; i += LANES) {
      m0 = f32x4.pmax(m0, v128.xor(v128.load(x + (i << 2)), vflip));
    }
    m0 = f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3));
    max = pmax(
      pmax(f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1)),
      pmax(f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3)),
    );
  }
  for (; i < n; i++) max = pmax(max, flipOne(load<f32>(x + (i << 2)), flip));
  return max;
}

/** rowMax of the n floats at x, `stride` bytes apart. */
export function stridedMax(x: usize, n: usize, stride: usize, flip: u32): f32 {
  let max: f32 = -Infinity;
  for (let p: usize = 0, end = n * stride; p < end; p += stride) max = pmax(max, flipOne(load<f32>(x + p), flip));
  return max;
}

/** rowMax of each row of a group of four rows of n floats at x, one per lane. */
// @ts-ignore: decorator
@inline export function gatheredMax(x: usize, n: usize, vflip: v128): v128 {
  const rowBytes = n << 2;
  let max = f32x4.splat(-Infinity);
  for (let p: usize = 0; p < rowBytes; p += 4) max = f32x4.pmax(max, v128.xor(gather(x + p, rowBytes), vflip));
  return max;
}

/** rowMax of each of `width` adjacent columns at x (floats `stride` bytes apart), into COLUMN_MAX. */
export function columnsMax(x: usize, n: usize, stride: usize, width: usize, flip: u32): void {
  const widthBytes = width << 2;
  for (let j: usize = 0; j < widthBytes; j += 4) store<f32>(COLUMN_MAX + j, -Infinity);
  for (let k: usize = 0; k < n; k++, x += stride) {
    let j: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const vflip = i32x4.splat(flip);
      for (; j + 16 <= widthBytes; j += 16) {
        v128.store(COLUMN_MAX + j, f32x4.pmax(v128.load(COLUMN_MAX + j), v128.xor(v128.load(x + j), vflip)));
      }
    }
    for (; j < widthBytes; j += 4) {
      store<f32>(COLUMN_MAX + j, pmax(load<f32>(COLUMN_MAX + j), flipOne(load<f32>(x + j), flip)));
    }
  }
}
