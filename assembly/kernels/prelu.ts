// PReLU (ONNX PRelu): y = x >= 0 ? x : slope * x, with the slope broadcast to x's shape. The
// TypeScript side validates the shapes and collapses them into a layout of alternating
// "slope varies" / "slope repeats" dimensions; a single slope goes to leakyRelu directly.
import { LANES, mapBinary } from "../map";
import { choose, pmax } from "../scalar";
import { leakyRelu } from "./leaky-relu";

@final @unmanaged class PreluVector {
  @inline vec(x: v128, slope: v128): v128 {
    return v128.bitselect(x, f32x4.mul(slope, x), f32x4.ge(x, f32x4.splat(0)));
  }
  @inline one(x: f32, slope: f32): f32 {
    return choose(x, slope * x, x >= 0);
  }
}

/**
 * PReLU for slopes in (0, 1], as leakyRelu's pmax loop: there s*x <= x for x >= 0 and s*x >= x
 * for x < 0, so max(x, s*x) is the select, bit for bit (-0 stays -0, +-Inf and NaN pass through:
 * pmax(a, b) is a < b ? b : a, and a NaN a fails the comparison). Two operations per v128 instead
 * of four (the select is three on x86).
 */
@final @unmanaged class PreluVectorUnitSlopes {
  @inline vec(x: v128, slope: v128): v128 {
    return f32x4.pmax(x, f32x4.mul(slope, x));
  }
  @inline one(x: f32, slope: f32): f32 {
    return pmax(x, slope * x);
  }
}

/**
 * Whether every one of the n slopes at `slope` is in (0, 1] (false for NaN). It runs on every
 * call over the whole tile, so the SIMD build checks four at a time: the scalar loop cost more
 * than the PReLU itself at 1K floats.
 */
function slopesInUnitInterval(slope: usize, n: usize): bool {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    let inside = i32x4.splat(-1);
    for (; i + LANES <= n; i += LANES) {
      const s = v128.load(slope + (i << 2));
      inside = v128.and(inside, v128.and(f32x4.gt(s, zero), f32x4.le(s, one)));
    }
    if (!i32x4.all_true(inside)) return false;
  }
  let inside = true;
  for (; i < n; i++) {
    const s = load<f32>(slope + (i << 2));
    inside &= s > 0 && s <= 1;
  }
  return inside;
}

/**
 * General PReLU over a collapsed layout at `layout`: u32 dims[rank], then u32 slopeStrides[rank]
 * (0 where the slope repeats, else the slope's element stride), then u32 index[rank] of zeros used
 * as the odometer. The innermost dimension is one contiguous run: with stride 0 it is a Leaky ReLU
 * with one slope value, else an elementwise PReLU against a contiguous slope run.
 */
export function prelu(x: usize, y: usize, slope: usize, layout: usize, rank: u32): void {
  const strides = layout + (<usize>rank << 2);
  const index = strides + (<usize>rank << 2);
  const last = rank - 1;
  const run = <usize>load<u32>(layout + (<usize>last << 2));
  const runIsVector = load<u32>(strides + (<usize>last << 2)) != 0;
  let total: usize = 1;
  for (let d: u32 = 0; d < rank; d++) total *= <usize>load<u32>(layout + (<usize>d << 2));
  let s: usize = 0;
  for (let offset: usize = 0; offset < total; offset += run) {
    const byteOffset = offset << 2;
    if (runIsVector) {
      mapBinary<PreluVector>(x + byteOffset, slope + (s << 2), y + byteOffset, run);
    } else {
      leakyRelu(x + byteOffset, y + byteOffset, run, load<f32>(slope + (s << 2)));
    }
    for (let d = <i32>last - 1; d >= 0; d--) {
      const at = <usize>d << 2;
      const i = load<u32>(index + at) + 1;
      const stride = <usize>load<u32>(strides + at);
      if (i < load<u32>(layout + at)) {
        store<u32>(index + at, i);
        s += stride;
        break;
      }
      store<u32>(index + at, 0);
      s -= <usize>(i - 1) * stride;
    }
  }
}

/**
 * PReLU of n floats whose slope repeats with a period that divides `tileLength`: `tile` holds
 * the slope repeated to tileLength floats, so a short last-axis slope (channels-last, C = 3)
 * still runs the v128 loop over long stretches.
 */
export function preluTiled(x: usize, y: usize, n: usize, tile: usize, tileLength: usize): void {
  // The SIMD build's cheaper loop where it gives the same bits; the scalar build keeps its
  // branch-free select (a scalar pmax compiles to a branch).
  if (ASC_FEATURE_SIMD && slopesInUnitInterval(tile, min(tileLength, n))) {
    for (let offset: usize = 0; offset < n; offset += tileLength) {
      const byteOffset = offset << 2;
      mapBinary<PreluVectorUnitSlopes>(x + byteOffset, tile, y + byteOffset, min(tileLength, n - offset));
    }
    return;
  }
  for (let offset: usize = 0; offset < n; offset += tileLength) {
    const byteOffset = offset << 2;
    mapBinary<PreluVector>(x + byteOffset, tile, y + byteOffset, min(tileLength, n - offset));
  }
}
