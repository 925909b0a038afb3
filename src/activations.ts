import { type Heap, MAX_TENSOR_LENGTH } from './heap.js';
import { type AlongAxisFunction, makeAlongAxis } from './along-axis.js';
import { ALONG_AXIS, type AlongAxisKernel, type AlongAxisName, ELEMENTWISE, type ElementwiseKernel, type ElementwiseName } from './kernels.js';
import { ParamReader } from './params.js';
import { type ActivationSpelling, type CanonicalOf, type SpellingsOf, createNameRegistry } from './names.js';
import { type PreluOptions, prelu } from './prelu.js';
import { type RreluOptions, rrelu } from './rrelu.js';
import { type Floats, allocTensor, checkFloats, isDetached, runElementwise } from './run.js';
import { checkShape } from './shape.js';
import { WasmTensor } from './tensor.js';

type Params<K extends ElementwiseName> = (typeof ELEMENTWISE)[K]['params'];
type ParamValue<S> = S extends { readonly choices: readonly (infer C)[] } ? C : number;

/** The parameters of a kernel that have no default (threshold's). */
type RequiredParams<K extends ElementwiseName> = {
  [P in keyof Params<K>]: Params<K>[P] extends { readonly required: true } ? P : never;
}[keyof Params<K>];

/** Options of an elementwise kernel: its parameters, and `out` to write into (may be x itself). */
export type ElementwiseOptions<K extends ElementwiseName> = {
  [P in Exclude<keyof Params<K>, RequiredParams<K>>]?: ParamValue<Params<K>[P]>;
} & { [P in RequiredParams<K>]: ParamValue<Params<K>[P]> } & { out?: Floats };

/** The options argument, which may be left out unless the kernel has a required parameter. */
type OptionsArgument<K extends ElementwiseName, Out> = [RequiredParams<K>] extends [never]
  ? [options?: ElementwiseOptions<K> & Out]
  : [options: ElementwiseOptions<K> & Out];

/**
 * An elementwise activation. A Float32Array in gives a new Float32Array, a WasmTensor a new
 * WasmTensor (nothing copied); with `out` the result is written there and `out` is returned.
 */
export interface ElementwiseFunction<K extends ElementwiseName> {
  (x: Float32Array, ...options: OptionsArgument<K, { out?: undefined }>): Float32Array;
  (x: WasmTensor, ...options: OptionsArgument<K, { out?: undefined }>): WasmTensor;
  <O extends Floats>(x: Floats, options: ElementwiseOptions<K> & { out: O }): O;
}

export interface PreluFunction {
  (x: Float32Array, slope: Floats, options?: PreluOptions & { out?: undefined }): Float32Array;
  (x: WasmTensor, slope: Floats, options?: PreluOptions & { out?: undefined }): WasmTensor;
  <O extends Floats>(x: Floats, slope: Floats, options: PreluOptions & { out: O }): O;
}

export interface RreluFunction {
  (x: Float32Array, options?: RreluOptions & { out?: undefined }): Float32Array;
  (x: WasmTensor, options?: RreluOptions & { out?: undefined }): WasmTensor;
  <O extends Floats>(x: Floats, options: RreluOptions & { out: O }): O;
}

/** The function a spelling stands for, typed as `act[canonical]`. */
type ActivationOf<S extends string, A> = CanonicalOf<S> extends infer C ? (C extends keyof A ? A[C] : never) : never;

/** Options of `apply`: those of the named function, checked when it runs. */
export type ApplyOptions = { readonly [option: string]: unknown; out?: Floats };

/** Any activation, when its name is known only at run time. */
export type AnyActivationFunction = (x: Floats, ...rest: unknown[]) => Floats;

export type Activations = { [K in ElementwiseName]: ElementwiseFunction<K> } & { [K in AlongAxisName]: AlongAxisFunction<K> } & {
  /** True when the SIMD build runs, false for the scalar build. */
  readonly simd: boolean;
  /** The module's memory (it grows on demand up to `maxMemory` bytes). */
  readonly memory: WebAssembly.Memory;
  readonly maxMemory: number;
  /** The most floats one tensor (or one copied argument) can hold. */
  readonly maxTensorLength: number;
  /** A tensor in wasm memory: zero-filled of a length, or a copy of `data` (an array or another tensor). */
  tensor(lengthOrData: number | ArrayLike<number> | WasmTensor, shape?: readonly number[]): WasmTensor;
  prelu: PreluFunction;
  /** Randomized leaky ReLU (PyTorch RReLU): eval mode by default, or seeded draws with { training: true }. */
  rrelu: RreluFunction;
  /**
   * The function for any Keras, PyTorch, ONNX or tfjs spelling of an activation ('LeakyReLU',
   * 'hard_swish', 'SiLU', 'log_softmax', ...). Spellings are exact; an unknown one throws a
   * TypeError naming the nearest. Some spellings preset a framework's constants (PyTorch's
   * 'Hardsigmoid' is hardSigmoid with alpha 1/6); see `names` and ACTIVATION_NAMES.
   */
  activation<S extends ActivationSpelling>(name: S): ActivationOf<S, Activations>;
  activation(name: string): AnyActivationFunction;
  /** `activation(name)(x, options)`; prelu takes its slope before the options. */
  apply(name: SpellingsOf<'prelu'>, x: Floats, slope: Floats, options?: PreluOptions): Floats;
  apply(name: ActivationSpelling | (string & {}), x: Float32Array, options?: ApplyOptions & { out?: undefined }): Float32Array;
  apply(name: ActivationSpelling | (string & {}), x: WasmTensor, options?: ApplyOptions & { out?: undefined }): WasmTensor;
  apply<O extends Floats>(name: ActivationSpelling | (string & {}), x: Floats, options: ApplyOptions & { out: O }): O;
  /** Every canonical name with its other spellings. */
  readonly names: Readonly<Record<string, readonly string[]>>;
  /** Frees the scratch memory the copying path keeps for reuse between calls. */
  releaseScratch(): void;
};

const ELEMENTWISE_OPTIONS = ['out'];

function makeElementwise(heap: Heap, name: string, kernel: ElementwiseKernel) {
  const params = new ParamReader(name, kernel.params, ELEMENTWISE_OPTIONS);
  const values = params.values;
  const run = kernel.run;
  const wasm = heap.exports;
  const call = (src: number, dst: number, n: number) => run(wasm, src, dst, n, values);
  return (x: unknown, options?: { out?: unknown }) => {
    params.read(options);
    return runElementwise(heap, name, x, options?.out, call);
  };
}

/** A checked copy of a shape option, which the new tensor keeps. */
function copyShape(fn: string, shape: unknown, length: number, lengthOf: string): number[] {
  checkShape(fn, 'shape', shape, length, lengthOf);
  return shape.slice();
}

function tensor(heap: Heap, lengthOrData: unknown, shape?: unknown): WasmTensor {
  const fn = 'tensor';
  if (typeof lengthOrData === 'number') {
    const length = lengthOrData;
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`${fn}: length must be a non-negative integer, got ${length}`);
    }
    const dims = shape === undefined ? [length] : copyShape(fn, shape, length, 'the tensor');
    const t = allocTensor(heap, fn, length, Object.freeze(dims));
    t.data.fill(0);
    return t;
  }
  if (lengthOrData instanceof WasmTensor) {
    // A copy of another tensor keeps its shape unless one is given.
    checkFloats(heap, fn, 'data', lengthOrData);
    const source = lengthOrData;
    const dims = shape === undefined ? source.shape : copyShape(fn, shape, source.length, 'data');
    const t = allocTensor(heap, fn, source.length, Object.freeze(dims));
    heap.f32.copyWithin(t.ptr >>> 2, source.ptr >>> 2, (source.ptr >>> 2) + source.length);
    return t;
  }
  const isArrayLike =
    lengthOrData !== null && typeof lengthOrData === 'object' && typeof (lengthOrData as ArrayLike<number>).length === 'number';
  if (!isArrayLike) {
    throw new TypeError(`${fn}: expected a length or an array of numbers (e.g. a Float32Array), got ${lengthOrData === null ? 'null' : typeof lengthOrData}`);
  }
  let data = lengthOrData as ArrayLike<number>;
  if (!ArrayBuffer.isView(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') throw new TypeError(`${fn}: data[${i}] must be a number, got ${typeof data[i]}`);
    }
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new TypeError(`${fn}: data must hold numbers, not bigints`);
  } else if (data.length === 0 && isDetached(data)) {
    throw new TypeError(
      `${fn}: data is a view of a detached ArrayBuffer (wasm memory grew since it was taken; read WasmTensor.data again)`,
    );
  } else if (!(data instanceof Float32Array) && data.buffer === heap.currentBuffer) {
    // Another view type of wasm memory would be detached by a growing allocation: copy it out first.
    data = Float32Array.from(data);
  }
  const length = data.length;
  const dims = shape === undefined ? [length] : copyShape(fn, shape, length, 'data');
  // Take a wasm-memory source's offset before allocating: growth would detach its view.
  const sourceAddress =
    data instanceof Float32Array && data.buffer === heap.currentBuffer ? data.byteOffset : -1;
  const t = allocTensor(heap, fn, length, Object.freeze(dims));
  if (sourceAddress >= 0) heap.f32.copyWithin(t.ptr >>> 2, sourceAddress >>> 2, (sourceAddress >>> 2) + length);
  else t.data.set(data);
  return t;
}

export function createActivations(heap: Heap, simd: boolean): Activations {
  const api: Record<string, unknown> = {
    simd,
    memory: heap.exports.memory,
    maxMemory: heap.maxMemoryBytes,
    maxTensorLength: MAX_TENSOR_LENGTH,
    tensor: (lengthOrData: unknown, shape?: unknown) => tensor(heap, lengthOrData, shape),
    prelu: (x: unknown, slope: unknown, options?: PreluOptions) => prelu(heap, x, slope, options),
    rrelu: (x: unknown, options?: RreluOptions) => rrelu(heap, x, options),
    releaseScratch: () => heap.releaseScratch(),
  };
  for (const [name, kernel] of Object.entries(ELEMENTWISE)) {
    api[name] = makeElementwise(heap, name, kernel as ElementwiseKernel);
  }
  for (const [name, kernel] of Object.entries(ALONG_AXIS)) {
    api[name] = makeAlongAxis(heap, name, kernel as AlongAxisKernel);
  }
  const registry = createNameRegistry(api);
  api.names = registry.names;
  api.activation = (name: unknown) => registry.resolve('activation', name);
  api.apply = (name: unknown, ...args: unknown[]) => registry.resolve('apply', name)(...args);
  return Object.freeze(api) as unknown as Activations;
}
