import { type Heap, Scratch } from './heap.js';
import { ParamReader } from './params.js';
import { type Floats, checkFloats, runElementwise, wasmAddress } from './run.js';
import { checkAxis, checkShape, formatShape } from './shape.js';
import { WasmTensor } from './tensor.js';

const FN = 'prelu';
/** A last-axis slope shorter than this is repeated into a tile so the v128 loop gets long runs. */
const MIN_TILE_LENGTH = 256;

/** One dimension of the collapsed iteration: its extent and the slope's stride along it (0: repeats). */
interface Dim {
  extent: number;
  slopeStride: number;
}

/**
 * Broadcasts `slopeShape` to `shape` the ONNX/numpy unidirectional way (trailing axes aligned,
 * each slope extent equal to x's or 1), then drops extent-1 axes and merges neighbours of the
 * same kind, so that any pair of shapes becomes alternating "slope varies" / "slope repeats"
 * dimensions.
 */
export function collapseBroadcast(shape: readonly number[], slopeShape: readonly number[]): Dim[] {
  const cannot = () =>
    new RangeError(`${FN}: slope of shape ${formatShape(slopeShape)} cannot be broadcast to x of shape ${formatShape(shape)}`);
  if (slopeShape.length > shape.length) throw cannot();
  const lead = shape.length - slopeShape.length;
  const dims: Dim[] = [];
  let slopeStride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const extent = shape[axis];
    const slopeExtent = axis >= lead ? slopeShape[axis - lead] : 1;
    if (slopeExtent !== extent && slopeExtent !== 1) throw cannot();
    if (extent === 1) continue;
    const stride = slopeExtent === 1 ? 0 : slopeStride;
    slopeStride *= slopeExtent;
    const inner = dims[0];
    // Merge with the axis inside this one when both repeat, or both vary contiguously.
    if (inner !== undefined && (stride === 0) === (inner.slopeStride === 0)) {
      inner.extent *= extent;
    } else {
      dims.unshift({ extent, slopeStride: stride });
    }
  }
  return dims;
}

export interface PreluOptions {
  /** x's shape; defaults to a tensor's own shape, else [x.length]. */
  shape?: readonly number[];
  /** slope's shape; defaults to a tensor's own shape, else [slope.length]. */
  slopeShape?: readonly number[];
  /** Per-channel shorthand: one slope per index along this axis of `shape` (negative counts from the end). */
  axis?: number;
  out?: Floats;
}

/**
 * The single-slope call of each module, made once rather than per call: `singleSlope` is set
 * right before runElementwise runs it (kernels run synchronously, one at a time).
 */
let singleSlope = 0;
const singleSlopeCalls = new WeakMap<Heap, (src: number, dst: number, n: number) => void>();

function singleSlopeCall(heap: Heap): (src: number, dst: number, n: number) => void {
  let call = singleSlopeCalls.get(heap);
  if (call === undefined) {
    const wasm = heap.exports;
    call = (src, dst, n) => wasm.leakyRelu(src, dst, n, singleSlope);
    singleSlopeCalls.set(heap, call);
  }
  return call;
}

/** prelu has no numeric parameters: the reader checks the options object and its names. */
const OPTIONS = new ParamReader(FN, {}, ['shape', 'slopeShape', 'axis', 'out']);

export function prelu(heap: Heap, x: unknown, slope: unknown, options?: PreluOptions): Floats {
  checkFloats(heap, FN, 'x', x);
  checkFloats(heap, FN, 'slope', slope);
  OPTIONS.read(options);
  const shapeOption = options?.shape;
  if (shapeOption !== undefined) checkShape(FN, 'shape', shapeOption, x.length, 'x');
  const shape = shapeOption ?? (x instanceof WasmTensor ? x.shape : [x.length]);
  let slopeShape: readonly number[];
  const axis = options?.axis;
  const slopeShapeOption = options?.slopeShape;
  if (axis !== undefined) {
    if (slopeShapeOption !== undefined) throw new TypeError(`${FN}: give either axis or slopeShape, not both`);
    const channelAxis = checkAxis(FN, axis, shape);
    if (slope.length !== shape[channelAxis]) {
      throw new RangeError(`${FN}: axis ${axis} of shape ${formatShape(shape)} has ${shape[channelAxis]} channels but slope has ${slope.length} values`);
    }
    slopeShape = shape.map((extent, i) => (i === channelAxis ? extent : 1));
  } else if (slopeShapeOption !== undefined) {
    checkShape(FN, 'slopeShape', slopeShapeOption, slope.length, 'slope');
    slopeShape = slopeShapeOption;
  } else {
    slopeShape = slope instanceof WasmTensor ? slope.shape : [slope.length];
  }
  // A one-element slope broadcasts to any x of at least its rank (all its extents are 1): the
  // common case skips the general analysis.
  const dims = slope.length === 1 && slopeShape.length <= shape.length ? undefined : collapseBroadcast(shape, slopeShape);
  const out = options?.out;
  // Offsets into wasm memory are taken before runElementwise allocates (growth detaches views).
  let slopeAddress = wasmAddress(heap, slope);
  if (dims === undefined || dims.length === 0 || (dims.length === 1 && dims[0].slopeStride === 0)) {
    // One slope value for all of x: read now, before anything is written.
    singleSlope = slopeAddress >= 0 ? heap.f32[slopeAddress >>> 2] : (slope as Float32Array)[0];
    return runElementwise(heap, FN, x, out, singleSlopeCall(heap));
  }
  let slopeSource: Floats = slope;
  if (out !== undefined && slopeAddress >= 0) {
    checkFloats(heap, FN, 'out', out);
    const outAddress = wasmAddress(heap, out);
    // runElementwise copies a JS-memory x into `out` before the kernel runs, so a slope that
    // shares bytes with `out` would be overwritten before it is read: take a JS copy of it now
    // (a JS copy allocates no wasm memory, so no view is detached).
    if (outAddress >= 0 && slopeAddress < outAddress + out.length * 4 && outAddress < slopeAddress + slope.length * 4) {
      const first = slopeAddress >>> 2;
      slopeSource = heap.f32.slice(first, first + slope.length);
      slopeAddress = -1;
    }
  }
  const slopeLength = slope.length;
  return runElementwise(heap, FN, x, out, (src, dst, n) => {
    if (n === 0) return;
    const wasm = heap.exports;
    if (dims.length === 2 && dims[0].slopeStride === 0 && dims[1].extent < MIN_TILE_LENGTH) {
      // Channels last: the slope repeated into a tile, made by doubling copies, of at most n floats.
      const channels = dims[1].extent;
      const tileLength = Math.min(n, channels * Math.ceil(MIN_TILE_LENGTH / channels));
      const tile = heap.scratch(Scratch.Tile, tileLength, FN);
      if (slopeAddress >= 0) wasm.copy(tile, slopeAddress, channels * 4);
      else heap.f32.set(slopeSource as Float32Array, tile >>> 2);
      for (let filled = channels; filled < tileLength; filled *= 2) {
        wasm.copy(tile + filled * 4, tile, Math.min(filled, tileLength - filled) * 4);
      }
      wasm.preluTiled(src, dst, n, tile, tileLength);
      return;
    }
    let slopePtr = slopeAddress;
    // The kernel reads the slope many times: it must not be overwritten under it.
    if (slopePtr < 0 || (slopePtr !== dst && slopePtr < dst + n * 4 && dst < slopePtr + slopeLength * 4)) {
      const copy = heap.scratch(Scratch.Slope, slopeLength, FN);
      if (slopePtr < 0) heap.f32.set(slopeSource as Float32Array, copy >>> 2);
      else wasm.copy(copy, slopePtr, slopeLength * 4);
      slopePtr = copy;
    }
    const rank = dims.length;
    const layout = heap.scratch(Scratch.Layout, 3 * rank, FN);
    const u32 = heap.u32;
    const base = layout >>> 2;
    for (let d = 0; d < rank; d++) {
      u32[base + d] = dims[d].extent;
      u32[base + rank + d] = dims[d].slopeStride;
      u32[base + 2 * rank + d] = 0;
    }
    wasm.prelu(src, dst, slopePtr, layout, rank);
  });
}
