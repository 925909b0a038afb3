import type { Heap } from './heap.js';
import type { ALONG_AXIS, AlongAxisKernel, AlongAxisName } from './kernels.js';
import { readParams } from './params.js';
import { type Floats, checkFloats, runElementwise } from './run.js';
import { checkAxis, checkShape, formatShape } from './shape.js';
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

function product(extents: readonly number[]): number {
  return extents.reduce((a, b) => a * b, 1);
}

export function makeAlongAxis(heap: Heap, name: string, kernel: AlongAxisKernel) {
  const names = Object.keys(kernel.params);
  const values: number[] = [];
  const wasm = heap.exports;
  return (x: unknown, options?: { shape?: unknown; axis?: unknown; out?: unknown }) => {
    readParams(name, kernel.params, names, options, LAYOUT_OPTIONS, values);
    checkFloats(heap, name, 'x', x);
    const shape =
      options?.shape === undefined
        ? x instanceof WasmTensor ? x.shape : [x.length]
        : checkShape(name, 'shape', options.shape, x.length, 'x');
    const axisOption = options?.axis === undefined ? kernel.defaultAxis : options.axis;
    const axis = checkAxis(name, axisOption, shape);
    const extent = shape[axis];
    const outer = product(shape.slice(0, axis));
    const inner = product(shape.slice(axis + 1));
    let resultShape: readonly number[] | undefined;
    if (kernel.halvesAxis) {
      if (extent % 2 !== 0) {
        throw new RangeError(
          `${name}: axis ${String(axisOption)} of shape ${formatShape(shape)} has extent ${extent}, which is odd; ${name} splits it into two halves`,
        );
      }
      resultShape = Object.freeze(shape.map((e, i) => (i === axis ? e / 2 : e)));
    }
    return runElementwise(
      heap,
      name,
      x,
      options?.out,
      (src, dst, n) => {
        if (n !== 0) kernel.run(wasm, src, dst, outer, extent, inner, values);
      },
      resultShape,
    );
  };
}
