import { type Heap, Scratch } from './heap.js';
import { type NumberParam, ParamReader, checkBoolean } from './params.js';
import { type Floats, checkFloats, overlaps, runElementwise, wasmAddress } from './run.js';
import { WasmTensor } from './tensor.js';

const FN = 'rrelu';

/**
 * PyTorch RReLU's bounds of the slope for x <= 0, as float32 parameters, 0 <= lower <= upper
 * (PyTorch checks only the order; a negative slope would make eval mode's signed zeros differ
 * from training mode's with equal bounds).
 */
export const RRELU_PARAMS = {
  lower: { default: 1 / 8, nonNegative: true, atMost: 'upper' },
  upper: { default: 1 / 3 },
} as const satisfies Record<string, NumberParam>;

const PARAMS = new ParamReader(FN, RRELU_PARAMS, ['training', 'seed', 'slopes', 'out']);
const TWO_TO_32 = 2 ** 32;

export interface RreluOptions {
  /** Least slope for x <= 0; default 1/8. */
  lower?: number;
  /** Greatest slope for x <= 0; default 1/3. */
  upper?: number;
  /**
   * true: each element x <= 0 gets its own slope drawn uniformly from [lower, upper] (PyTorch's
   * training mode). false (the default, PyTorch's eval mode): a leaky ReLU with the slope
   * (lower + upper) / 2.
   */
  training?: boolean;
  /**
   * An integer 0 <= seed < 2^53 that fixes the draw: the same seed, bounds and x length give the
   * same slopes in either build, on any engine. Without it each training call takes a fresh
   * random seed. Ignored when not training.
   */
  seed?: number;
  /**
   * Receives the slope each element was multiplied by, for the backward pass (dy/dx): the drawn
   * or mean slope where x <= 0, and 1 elsewhere (x > 0 or NaN). Same length as x; it must not
   * share memory with `out`.
   */
  slopes?: Floats;
  out?: Floats;
}

function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number') throw new TypeError(`${FN}: seed must be a number, got ${seed === null ? 'null' : typeof seed}`);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${FN}: seed must be an integer from 0 to 2^53 - 1, got ${seed}`);
  }
  return seed;
}

/** The bytes an array or tensor covers, to tell whether two arguments share memory. */
function extent(heap: Heap, value: Floats): { buffer: ArrayBufferLike; start: number } {
  if (value instanceof WasmTensor) return { buffer: heap.currentBuffer, start: value.ptr };
  return { buffer: value.buffer, start: value.byteOffset };
}

/** Randomized leaky ReLU (PyTorch RReLU); see RreluOptions. */
export function rrelu(heap: Heap, x: unknown, options?: RreluOptions): Floats {
  PARAMS.read(options);
  const lower = PARAMS.values[0];
  const upper = PARAMS.values[1];
  const training = options?.training === undefined ? false : checkBoolean(FN, 'training', options.training);
  let seedLow = 0;
  let seedHigh = 0;
  if (training) {
    const seed = options?.seed === undefined ? Math.floor(Math.random() * 2 ** 53) : checkSeed(options.seed);
    seedLow = seed % TWO_TO_32;
    seedHigh = Math.floor(seed / TWO_TO_32);
  } else if (options?.seed !== undefined) {
    checkSeed(options.seed);
  }
  // PyTorch's eval-mode slope: the mean in double, then rounded to float32 by the kernel.
  const mean = (lower + upper) / 2;
  const slopes = options?.slopes;
  let slopesAddress = -1;
  if (slopes !== undefined) {
    checkFloats(heap, FN, 'x', x);
    checkFloats(heap, FN, 'slopes', slopes);
    if (slopes.length !== x.length) throw new RangeError(`${FN}: slopes has length ${slopes.length} but x has length ${x.length}`);
    const out = options?.out;
    if (out !== undefined) {
      checkFloats(heap, FN, 'out', out);
      const a = extent(heap, slopes);
      const b = extent(heap, out);
      if (a.buffer === b.buffer && overlaps(a.start, b.start, Math.min(slopes.length, out.length) * 4)) {
        throw new RangeError(`${FN}: slopes and out share memory; give them separate arrays`);
      }
    }
    // Taken before runElementwise allocates: growth would detach a view of wasm memory.
    slopesAddress = wasmAddress(heap, slopes);
  }
  return runElementwise(heap, FN, x, options?.out, (src, dst, n) => {
    const wasm = heap.exports;
    if (slopes === undefined) {
      if (training) wasm.rrelu(src, dst, n, lower, upper, seedLow, seedHigh);
      else wasm.leakyRelu(src, dst, n, mean);
      return;
    }
    const bytes = n * 4;
    // Slopes in wasm memory apart from x and y are written in place; otherwise through scratch.
    const direct = slopesAddress >= 0 && !overlaps(slopesAddress, src, bytes) && !overlaps(slopesAddress, dst, bytes);
    const at = direct ? slopesAddress : heap.scratch(Scratch.Slope, n, FN);
    // With lower == upper == mean the draw is exactly the mean: eval mode, slopes included.
    if (training) wasm.rreluWithSlopes(src, dst, at, n, lower, upper, seedLow, seedHigh);
    else wasm.rreluWithSlopes(src, dst, at, n, mean, mean, 0, 0);
    if (direct) return;
    const first = at >>> 2;
    if (slopesAddress >= 0) heap.f32.copyWithin(slopesAddress >>> 2, first, first + n);
    else (slopes as Float32Array).set(heap.f32.subarray(first, first + n));
  });
}
