import type { Heap } from './heap.js';

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for('Symbol.dispose');

/**
 * A float32 tensor that lives in wasm memory. Kernels read and write it in place, so passing
 * tensors copies nothing. Free it with `dispose()` (or `using`); using it afterwards throws.
 */
export class WasmTensor {
  /** Row-major shape; its product is `length`. */
  readonly shape: readonly number[];
  readonly length: number;
  /** @internal */ readonly heap: Heap;
  #ptr: number;
  #view: Float32Array | undefined;
  #viewBuffer: ArrayBuffer | undefined;

  /** @internal Use `act.tensor()`. */
  constructor(heap: Heap, ptr: number, length: number, shape: readonly number[]) {
    this.heap = heap;
    this.#ptr = ptr;
    this.length = length;
    this.shape = shape;
  }

  /** Byte offset in wasm memory. @internal */
  get ptr(): number {
    if (this.#ptr < 0) throw new TypeError('WasmTensor: this tensor has been disposed');
    return this.#ptr;
  }

  get disposed(): boolean {
    return this.#ptr < 0;
  }

  /** A view of the tensor's floats, re-derived whenever wasm memory has grown. */
  get data(): Float32Array {
    const ptr = this.ptr;
    const buffer = this.heap.currentBuffer;
    if (this.#viewBuffer !== buffer) {
      this.#view = new Float32Array(buffer, ptr, this.length);
      this.#viewBuffer = buffer;
    }
    return this.#view!;
  }

  /** A copy of the data in a new JS Float32Array. */
  toArray(): Float32Array {
    return this.data.slice();
  }

  /** Frees the wasm memory. Calling it again does nothing. */
  dispose(): void {
    if (this.#ptr < 0) return;
    this.heap.free(this.#ptr);
    this.#ptr = -1;
    this.#view = undefined;
    this.#viewBuffer = undefined;
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}
