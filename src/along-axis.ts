import type { Heap } from './heap.js';
import type { ALONG_AXIS, AlongAxisKernel, AlongAxisName } from './kernels.js';
import { ParamReader } from './params.js';
import { type Floats, checkFloats, runElementwise } from './run.js';
import { checkAxis, checkShape, formatShape, product } from './shape.js';
import { WasmTensor } from './tensor.js';

type Params<K extends AlongAxisName> = (typeof ALONG_AXIS)[K]['params'];

/** Options of a kernel that works along an axis: its parameters, where the axis is, and `out`. */
export type AlongAxisOptions<K extends AlongAxisName> = { [P in keyof Params<K>]?: number } & {
  /** x's shape; defaults to a tensor's own shape, else [x.length]. */
  shape?: readonly number[];
  /** The axis of `shape` to work along; negative counts from the end. Default: the last, -1. */
  axis?: number;
  /** Where to write the result (may be x itself when the result has x's length). */
  out?: Floats;
};

/**
 * A kernel along an axis. A Float32Array in gives a new Float32Array, a WasmTensor a new
 * WasmTensor of x's shape (glu: the shape with the axis halved); with `out` the result is written
 * there and `out` is returned.
 */
export interface AlongAxisFunction<K extends AlongAxisName> {
  (x: Float32Array, options?: AlongAxisOptions<K> & { out?: undefined }): Float32Array;
  (x: WasmTensor, options?: AlongAxisOptions<K> & { out?: undefined }): WasmTensor;
  <O extends Floats>(x: Floats, options: AlongAxisOptions<K> & { out: O }): O;
}

const LAYOUT_OPTIONS = ['shape', 'axis', 'out'];

export function makeAlongAxis(heap: Heap, name: string, kernel: AlongAxisKernel) {
  const params = new ParamReader(name, kernel.params, LAYOUT_OPTIONS);
  const values = params.values;
  const run = kernel.run;
  const wasm = heap.exports;
  // [outer, extent, inner] of the call in progress, set right before runElementwise runs `call`
  // (kernels run synchronously, one at a time): one closure per kernel instead of one per call.
  let outer = 0;
  let extent = 0;
  let inner = 0;
  const call = (src: number, dst: number, n: number) => {
    if (n !== 0) run(wasm, src, dst, outer, extent, inner, values);
  };
  return (x: unknown, options?: { shape?: unknown; axis?: unknown; out?: unknown }) => {
    params.read(options);
    checkFloats(heap, name, 'x', x);
    const shapeOption = options?.shape;
    if (shapeOption !== undefined) checkShape(name, 'shape', shapeOption, x.length, 'x');
    const shape = shapeOption ?? (x instanceof WasmTensor ? x.shape : [x.length]);
    const axisGiven = options?.axis;
    const axisOption = axisGiven === undefined ? kernel.defaultAxis : axisGiven;
    const axis = checkAxis(name, axisOption, shape);
    const axisExtent = shape[axis];
    let resultShape: number[] | undefined;
    if (kernel.halvesAxis) {
      if (axisExtent % 2 !== 0) {
        throw new RangeError(
          `${name}: axis ${String(axisOption)} of shape ${formatShape(shape)} has extent ${axisExtent}, which is odd; ${name} splits it into two halves`,
        );
      }
      resultShape = shape.slice();
      resultShape[axis] = axisExtent / 2;
    }
    const out = options?.out;
    outer = product(shape, 0, axis);
    extent = axisExtent;
    inner = product(shape, axis + 1);
    return runElementwise(heap, name, x, out, call, resultShape);
  };
}
