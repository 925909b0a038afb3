/** The exports of either build (see assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  SIMD: WebAssembly.Global;
  alloc(bytes: number): number;
  free(ptr: number): void;
  copy(dst: number, src: number, bytes: number): void;
  leakyRelu(x: number, y: number, n: number, alpha: number): void;
  relu(x: number, y: number, n: number, negativeSlope: number, maxValue: number, threshold: number): void;
  thresholdedRelu(x: number, y: number, n: number, alpha: number): void;
  hardSigmoid(x: number, y: number, n: number, alpha: number, beta: number): void;
  hardSwish(x: number, y: number, n: number): void;
  prelu(x: number, y: number, slope: number, layout: number, rank: number): void;
  preluTiled(x: number, y: number, n: number, tile: number, tileLength: number): void;
  /** Along the middle axis of [outer, n, inner]; negate (0 or 1) gives softmin. */
  softmax(x: number, y: number, outer: number, n: number, inner: number, negate: number): void;
  logSoftmax(x: number, y: number, outer: number, n: number, inner: number): void;
  /** [outer, 2 * half, inner] at x into [outer, half, inner] at y. */
  glu(x: number, y: number, outer: number, half: number, inner: number): void;
  sparsemax(x: number, y: number, outer: number, n: number, inner: number): void;
  hardTanh(x: number, y: number, n: number, min: number, max: number): void;
  shrink(x: number, y: number, n: number, lambda: number, bias: number): void;
  hardShrink(x: number, y: number, n: number, lambda: number): void;
  threshold(x: number, y: number, n: number, threshold: number, value: number): void;
  identity(x: number, y: number, n: number): void;
  softplus(x: number, y: number, n: number, beta: number, threshold: number): void;
  logSigmoid(x: number, y: number, n: number): void;
  softsign(x: number, y: number, n: number): void;
  gelu(x: number, y: number, n: number, approximate: number): void;
  exp(x: number, y: number, n: number): void;
  sigmoid(x: number, y: number, n: number): void;
  /** x * sigmoid(beta * x); silu is beta = 1. */
  swish(x: number, y: number, n: number, beta: number): void;
  tanh(x: number, y: number, n: number): void;
  tanhShrink(x: number, y: number, n: number): void;
  elu(x: number, y: number, n: number, alpha: number): void;
  selu(x: number, y: number, n: number, alpha: number, gamma: number): void;
  /** alpha > 0. */
  celu(x: number, y: number, n: number, alpha: number): void;
  mish(x: number, y: number, n: number): void;
  /** Training-mode RReLU; the seed is split in two u32 halves. */
  rrelu(x: number, y: number, n: number, lower: number, upper: number, seedLow: number, seedHigh: number): void;
  rreluWithSlopes(
    x: number,
    y: number,
    slopes: number,
    n: number,
    lower: number,
    upper: number,
    seedLow: number,
    seedHigh: number,
  ): void;
}

export const WASM_PAGE_BYTES = 65536;
/** The stride at which x86 store-to-load disambiguation compares addresses. */
const PAGE_ALIAS_BYTES = 4096;
/** The allocator's block alignment. */
const BLOCK_ALIGN_BYTES = 16;
/** wasm32's whole address space. */
export const MAX_MEMORY_BYTES = 65536 * WASM_PAGE_BYTES;
/** The allocator's largest block is 2^30 - 16 bytes of payload, and a large tensor needs up to 4 KiB - 16 more to start on a page. */
export const MAX_TENSOR_LENGTH = (2 ** 30 - 4096) / 4;

/** Scratch blocks the copying path reuses from call to call. */
export const enum Scratch {
  Data = 0,
  Slope = 1,
  Layout = 2,
  Tile = 3,
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const KiB = 2 ** 10;
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(2)} GiB`;
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(2)} MiB` : `${+(bytes / KiB).toFixed(2)} KiB`;
}

/**
 * The module's linear memory and allocator. Growth detaches every view of the old buffer (writes
 * through them are dropped silently), so views are re-derived whenever `memory.buffer` changes.
 */
export class Heap {
  readonly exports: KernelExports;
  readonly maxMemoryBytes: number;
  private buffer: ArrayBuffer;
  private f32View: Float32Array;
  private u32View: Uint32Array;
  private readonly scratchPtr = [0, 0, 0, 0];
  private readonly scratchBytes = [0, 0, 0, 0];
  /** The allocator's block behind each live page-aligned pointer that is not the block itself. */
  private readonly alignedBlocks = new Map<number, number>();

  constructor(exports: KernelExports, maxMemoryBytes: number) {
    this.exports = exports;
    this.maxMemoryBytes = maxMemoryBytes;
    this.buffer = exports.memory.buffer;
    this.f32View = new Float32Array(this.buffer);
    this.u32View = new Uint32Array(this.buffer);
  }

  /** The current memory buffer; identity changes when memory grows. */
  get currentBuffer(): ArrayBuffer {
    this.refresh();
    return this.buffer;
  }

  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  private refresh(): void {
    // Growth detaches the old buffer, leaving it 0 bytes long (the memory is never empty and not
    // shared): checking that is several times cheaper than the memory.buffer getter, a C++ call.
    if (this.buffer.byteLength === 0) {
      const buffer = this.exports.memory.buffer;
      this.buffer = buffer;
      this.f32View = new Float32Array(buffer);
      this.u32View = new Uint32Array(buffer);
    }
  }

  /** Allocates room for `length` floats, 16-byte aligned; `what` names the request in errors. */
  allocFloats(length: number, what: string): number {
    if (length > MAX_TENSOR_LENGTH) {
      throw new RangeError(
        `${what}: ${length} floats (${formatBytes(length * 4)}) exceed the largest block wasm memory can hold, ` +
          `${MAX_TENSOR_LENGTH} floats (${formatBytes(MAX_TENSOR_LENGTH * 4)})`,
      );
    }
    let ptr: number;
    try {
      // Never allocate zero bytes: every live block keeps a distinct address. Blocks of a page or
      // more start on a 4 KiB boundary. x86 cores stall a load that follows a store to the same
      // offset mod 4 KiB (4K aliasing): when an output starts a little past its input mod 4 KiB,
      // every load of a streaming kernel meets such a store (32 bytes past cost leakyRelu a
      // quarter of its speed at 1K-16K floats). With every large block at offset 0, a kernel's
      // loads run ahead of its stores at the same offsets, and nothing aliases.
      const bytes = Math.max(length, 1) * 4;
      if (bytes < PAGE_ALIAS_BYTES) {
        ptr = this.exports.alloc(bytes) >>> 0;
      } else {
        const block = this.exports.alloc(bytes + PAGE_ALIAS_BYTES - BLOCK_ALIGN_BYTES) >>> 0;
        ptr = Math.ceil(block / PAGE_ALIAS_BYTES) * PAGE_ALIAS_BYTES;
        if (ptr !== block) this.alignedBlocks.set(ptr, block);
      }
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      // The allocator traps before it changes any state, so the module stays usable.
      throw new RangeError(
        `${what}: out of wasm memory: ${formatBytes(length * 4)} more does not fit in the ` +
          `${formatBytes(this.maxMemoryBytes)} maximum (in use: up to ${formatBytes(this.exports.memory.buffer.byteLength)}); ` +
          'dispose tensors you no longer need or raise loadActivations({ maxMemory })',
      );
    }
    return ptr;
  }

  free(ptr: number): void {
    const block = this.alignedBlocks.get(ptr);
    if (block === undefined) {
      this.exports.free(ptr);
    } else {
      this.alignedBlocks.delete(ptr);
      this.exports.free(block);
    }
  }

  /** A reusable block of at least `length` floats; its contents do not survive the next call. */
  scratch(slot: Scratch, length: number, what: string): number {
    const bytes = length * 4;
    if (bytes <= this.scratchBytes[slot]) return this.scratchPtr[slot];
    if (this.scratchPtr[slot] !== 0) {
      this.free(this.scratchPtr[slot]);
      this.scratchPtr[slot] = 0;
      this.scratchBytes[slot] = 0;
    }
    const ptr = this.allocFloats(length, what);
    this.scratchPtr[slot] = ptr;
    this.scratchBytes[slot] = bytes;
    return ptr;
  }

  /** Frees the scratch blocks the copying path keeps between calls. */
  releaseScratch(): void {
    for (let slot = 0; slot < this.scratchPtr.length; slot++) {
      if (this.scratchPtr[slot] !== 0) this.free(this.scratchPtr[slot]);
      this.scratchPtr[slot] = 0;
      this.scratchBytes[slot] = 0;
    }
  }
}
