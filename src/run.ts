import { type Heap, Scratch } from './heap.js';
import { product } from './shape.js';
import { WasmTensor } from './tensor.js';

/** What every kernel takes and returns: floats in JS memory or a tensor in wasm memory. */
export type Floats = Float32Array | WasmTensor;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `${typeof value} ${String(value)}`;
}

function isFloat32Array(value: unknown): value is Float32Array {
  return value instanceof Float32Array || Object.prototype.toString.call(value) === '[object Float32Array]';
}

/** An empty view may be a view of a buffer that was detached (memory grew, or it was transferred). */
export function isDetached(array: ArrayBufferView): boolean {
  if (array.buffer.byteLength !== 0) return false;
  try {
    array.buffer.slice(0, 0);
    return false;
  } catch {
    return true;
  }
}

/** Throws unless `value` is a Float32Array or a live WasmTensor of this module. */
export function checkFloats(heap: Heap, fn: string, arg: string, value: unknown): asserts value is Floats {
  if (value instanceof WasmTensor) {
    if (value.heap !== heap) {
      throw new TypeError(`${fn}: ${arg} is a WasmTensor of a different loadActivations() instance; copy it with act.tensor(t.data)`);
    }
    if (value.disposed) throw new TypeError(`${fn}: ${arg} is a WasmTensor that has been disposed`);
    return;
  }
  if (!isFloat32Array(value)) {
    throw new TypeError(
      `${fn}: ${arg} must be a Float32Array or a WasmTensor, got ${describe(value)}` +
        (Array.isArray(value) || ArrayBuffer.isView(value) ? ` (convert it with Float32Array.from(${arg}))` : ''),
    );
  }
  if (value.length === 0 && isDetached(value)) {
    throw new TypeError(
      `${fn}: ${arg} is a view of a detached ArrayBuffer (wasm memory grew since it was taken; read WasmTensor.data again)`,
    );
  }
}

/** Where an argument's floats are in wasm memory, or -1 when they are in JS memory. */
export function wasmAddress(heap: Heap, value: Floats): number {
  if (value instanceof WasmTensor) return value.ptr;
  return value.buffer === heap.currentBuffer ? value.byteOffset : -1;
}

/** Whether two blocks of `bytes` bytes at offsets a and b share a byte. */
export function overlaps(a: number, b: number, bytes: number): boolean {
  return a < b + bytes && b < a + bytes;
}

/** Allocates a tensor of `length` floats whose contents the caller will overwrite. */
export function allocTensor(heap: Heap, fn: string, length: number, shape: readonly number[]): WasmTensor {
  return new WasmTensor(heap, heap.allocFloats(length, fn), length, shape);
}

/**
 * Runs `kernel(src, dst, n)` for an elementwise operation, placing the data:
 * a tensor (or a view of wasm memory) is used where it is; JS floats are copied into scratch
 * memory and the result is copied back out. A new result is a tensor when `x` is a tensor and a
 * Float32Array otherwise. Offsets into wasm memory are taken before anything is allocated,
 * because an allocation that grows memory detaches every view of it.
 * `resultShape` is for a result shorter than x (glu halves an axis): a new tensor result gets
 * that shape (a fresh array, which it keeps, frozen) instead of x's, and the kernel must then work
 * in place, writing each float only where it has already read x.
 */
export function runElementwise(
  heap: Heap,
  fn: string,
  x: unknown,
  out: unknown,
  kernel: (src: number, dst: number, n: number) => void,
  resultShape?: readonly number[],
): Floats {
  checkFloats(heap, fn, 'x', x);
  const n = x.length;
  const length = resultShape === undefined ? n : product(resultShape);
  if (out !== undefined) {
    checkFloats(heap, fn, 'out', out);
    if (out.length !== length) {
      throw new RangeError(
        resultShape === undefined
          ? `${fn}: out has length ${out.length} but x has length ${n}`
          : `${fn}: out has length ${out.length} but the result has length ${length} (shape [${resultShape.join(', ')}])`,
      );
    }
  }
  let src = wasmAddress(heap, x);
  const outAddress = out === undefined ? -1 : wasmAddress(heap, out);
  let dst = outAddress;
  // A partial overlap would read floats the kernel has already overwritten: go through scratch.
  if (src >= 0 && dst >= 0 && src !== dst && overlaps(src, dst, n * 4)) dst = -1;
  let result: Floats | undefined = out;
  if (out === undefined && x instanceof WasmTensor) {
    result = allocTensor(heap, fn, length, resultShape === undefined ? x.shape : Object.freeze(resultShape));
    dst = result.ptr;
  }
  const direct = dst >= 0;
  if (src < 0) {
    // JS floats are copied to where the kernel writes, and it works in place there, unless
    // the result is shorter than x: then they go to scratch, and a result does too if it has no place.
    const copy = direct && length === n ? dst : heap.scratch(Scratch.Data, n, fn);
    heap.f32.set(x as Float32Array, copy >>> 2);
    src = copy;
    if (!direct) dst = copy;
  } else if (!direct) {
    dst = heap.scratch(Scratch.Data, length, fn);
  }
  kernel(src, dst, n);
  if (direct) return result!;
  const first = dst >>> 2;
  if (result === undefined) return heap.f32.slice(first, first + length);
  // `out` in wasm memory is written through the heap: the scratch allocation may have detached its view.
  if (outAddress >= 0) heap.f32.copyWithin(outAddress >>> 2, first, first + length);
  else (result as Float32Array).set(heap.f32.subarray(first, first + length));
  return result;
}
