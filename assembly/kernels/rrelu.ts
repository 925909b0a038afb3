// Randomized leaky ReLU in training mode (PyTorch RReLU): y = x <= 0 ? r * x : x, with a slope r
// per element drawn uniformly from [lower, upper] by the counter-based generator of
// math/random.ts, keyed by the seed and indexed by the element's position. As in PyTorch, x <= 0
// (zeros included) takes a drawn slope and anything else (NaN included) the slope 1, and the
// slopes that were used can be written out for the backward pass. Eval mode is a leaky ReLU
// with the mean slope, which the TypeScript side runs with leakyRelu.
//   r = lower * (1 - u) + upper * u, clamped to [lower, upper]: the two products cannot overflow
// for any finite bounds (upper - lower could), and the clamp absorbs their rounding, so
// lower == upper gives exactly that slope.
import { LANES, UNROLLED } from "../map";
import { firstKey, secondKey, uniformOne, uniformVec } from "../math/random";
import { choose, pmax, pmin } from "../scalar";

// @ts-ignore: decorator
@inline function slopeVec(index: v128, key0: v128, key1: v128, lower: v128, upper: v128): v128 {
  const u = uniformVec(index, key0, key1);
  const r = f32x4.add(f32x4.mul(lower, f32x4.sub(f32x4.splat(1), u)), f32x4.mul(upper, u));
  return f32x4.pmax(f32x4.pmin(r, upper), lower);
}

// @ts-ignore: decorator
@inline function slopeOne(index: u32, key0: u32, key1: u32, lower: f32, upper: f32): f32 {
  const u = uniformOne(index, key0, key1);
  const r = lower * (1 - u) + upper * u;
  return pmax(pmin(r, upper), lower);
}

/** y = x <= 0 ? r * x : x for four floats, and the slopes used where asked. */
// @ts-ignore: decorator
@inline function storeVec(x: usize, y: usize, slopes: usize, r: v128, writeSlopes: bool): void {
  const v = v128.load(x);
  const drawn = f32x4.le(v, f32x4.splat(0));
  v128.store(y, v128.bitselect(f32x4.mul(v, r), v, drawn));
  if (writeSlopes) v128.store(slopes, v128.bitselect(r, f32x4.splat(1), drawn));
}

/** The loop of both exports; `writeSlopes` is a constant at each call, so one body has no slope stores. */
// @ts-ignore: decorator
@inline function rreluLoop(
  x: usize, y: usize, slopes: usize, n: usize, lower: f32, upper: f32, seedLow: u32, seedHigh: u32, writeSlopes: bool,
): void {
  const key0 = firstKey(seedLow, seedHigh);
  const key1 = secondKey(key0);
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const vkey0 = i32x4.splat(key0);
    const vkey1 = i32x4.splat(key1);
    const vlower = f32x4.splat(lower);
    const vupper = f32x4.splat(upper);
    let index = i32x4(0, 1, 2, 3);
    // Four vectors per iteration, as map.ts: their hashes are independent chains of multiplies.
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const offset = i << 2;
      const r0 = slopeVec(index, vkey0, vkey1, vlower, vupper);
      const r1 = slopeVec(i32x4.add(index, i32x4.splat(4)), vkey0, vkey1, vlower, vupper);
      const r2 = slopeVec(i32x4.add(index, i32x4.splat(8)), vkey0, vkey1, vlower, vupper);
      const r3 = slopeVec(i32x4.add(index, i32x4.splat(12)), vkey0, vkey1, vlower, vupper);
      storeVec(x + offset, y + offset, slopes + offset, r0, writeSlopes);
      storeVec(x + offset + 16, y + offset + 16, slopes + offset + 16, r1, writeSlopes);
      storeVec(x + offset + 32, y + offset + 32, slopes + offset + 32, r2, writeSlopes);
      storeVec(x + offset + 48, y + offset + 48, slopes + offset + 48, r3, writeSlopes);
      index = i32x4.add(index, i32x4.splat(<i32>UNROLLED));
    }
    for (; i + LANES <= n; i += LANES) {
      const offset = i << 2;
      storeVec(x + offset, y + offset, slopes + offset, slopeVec(index, vkey0, vkey1, vlower, vupper), writeSlopes);
      index = i32x4.add(index, i32x4.splat(<i32>LANES));
    }
  }
  for (; i < n; i++) {
    const offset = i << 2;
    const v = load<f32>(x + offset);
    const r = slopeOne(<u32>i, key0, key1, lower, upper);
    const drawn = v <= 0;
    store<f32>(y + offset, choose(v * r, v, drawn));
    if (writeSlopes) store<f32>(slopes + offset, choose(r, 1, drawn));
  }
}

/** Training-mode RReLU of n floats at x into y (y may be x); the seed is two u32 halves. */
export function rrelu(x: usize, y: usize, n: usize, lower: f32, upper: f32, seedLow: u32, seedHigh: u32): void {
  rreluLoop(x, y, 0, n, lower, upper, seedLow, seedHigh, false);
}

/** As rrelu, also writing each element's slope (1 where x > 0 or NaN) to `slopes`. */
export function rreluWithSlopes(
  x: usize, y: usize, slopes: usize, n: usize, lower: f32, upper: f32, seedLow: u32, seedHigh: u32,
): void {
  rreluLoop(x, y, slopes, n, lower, upper, seedLow, seedHigh, true);
}
