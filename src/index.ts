// simd-activations: neural-network activation functions as WebAssembly SIMD kernels.
import { type Activations, createActivations } from './activations.js';
import { engineHasSimd } from './feature.js';
import { Heap, type KernelExports, MAX_MEMORY_BYTES, WASM_PAGE_BYTES, formatBytes } from './heap.js';
import { builtinWasmUrl, compileUrl, toUrl } from '#platform';
import { compileResponse, isResponse } from './source.js';

export type {
  Activations,
  AnyActivationFunction,
  ApplyOptions,
  ElementwiseFunction,
  ElementwiseOptions,
  PreluFunction,
  RreluFunction,
} from './activations.js';
export type { PreluOptions } from './prelu.js';
export { RRELU_PARAMS, type RreluOptions } from './rrelu.js';
export {
  CANONICAL_NAMES,
  NAME_TABLE as ACTIVATION_NAMES,
  type ActivationSpelling,
  type Alias,
  type CanonicalName,
  type CanonicalOf,
  type NameEntry,
  type PresetAlias,
} from './names.js';
export type { Floats } from './run.js';
export { WasmTensor } from './tensor.js';
export { ELEMENTWISE, type ElementwiseName } from './kernels.js';
export { ALONG_AXIS, type AlongAxisName } from './kernels.js';
export type { AlongAxisFunction, AlongAxisOptions } from './along-axis.js';
export { engineHasSimd } from './feature.js';
export { MAX_MEMORY_BYTES, MAX_TENSOR_LENGTH } from './heap.js';

/** A wasm build: bytes, a compiled module, a URL or path, or a fetch Response (or its promise). */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string | Response | PromiseLike<Response>;

export interface LoadOptions {
  /** true: require the SIMD build (throws where the engine lacks SIMD); false: force the scalar build. */
  simd?: boolean;
  /** Supply the build yourself (e.g. from your bundler's asset URL or bytes you fetched). */
  wasm?: WasmSource;
  /** Upper bound of wasm memory in bytes, rounded down to 64 KiB pages; default and most: 4 GiB. */
  maxMemory?: number;
}

const LOAD_OPTIONS = ['simd', 'wasm', 'maxMemory'];
const MIN_MEMORY_BYTES = 2 * WASM_PAGE_BYTES;
const compiledBuilds = new Map<boolean, Promise<WebAssembly.Module>>();

function compileSource(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  if (source instanceof ArrayBuffer) return WebAssembly.compile(source);
  // V8 takes typed arrays but not a DataView: compile the bytes of any view through a Uint8Array.
  if (ArrayBuffer.isView(source)) return WebAssembly.compile(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  if (typeof source === 'string' || source instanceof URL) return compileUrl(toUrl(source));
  if (isResponse(source) || typeof (source as PromiseLike<Response>)?.then === 'function') {
    return compileResponse(source as Response | PromiseLike<Response>);
  }
  throw new TypeError(
    'loadActivations: wasm must be bytes (ArrayBuffer or a view), a WebAssembly.Module, a URL or path string, or a Response',
  );
}

function abort(): never {
  throw new Error('simd-activations: the wasm module aborted (this is a bug; please report it)');
}

/** Loads the SIMD build where the engine supports it, else the scalar build. */
export async function loadActivations(options: LoadOptions = {}): Promise<Activations> {
  if (typeof options !== 'object' || options === null) throw new TypeError('loadActivations: options must be an object');
  for (const key of Object.keys(options)) {
    if (!LOAD_OPTIONS.includes(key)) throw new TypeError(`loadActivations: unknown option '${key}'; it takes 'simd', 'wasm', 'maxMemory'`);
  }
  const { simd, wasm, maxMemory = MAX_MEMORY_BYTES } = options;
  if (simd !== undefined && typeof simd !== 'boolean') throw new TypeError(`loadActivations: simd must be a boolean, got ${typeof simd}`);
  if (typeof maxMemory !== 'number' || !(maxMemory >= MIN_MEMORY_BYTES && maxMemory <= MAX_MEMORY_BYTES)) {
    throw new RangeError(
      `loadActivations: maxMemory must be a number of bytes from ${formatBytes(MIN_MEMORY_BYTES)} to ${formatBytes(MAX_MEMORY_BYTES)}, got ${maxMemory}`,
    );
  }
  const engineSimd = engineHasSimd();
  if (simd === true && !engineSimd) {
    throw new Error(
      'loadActivations: { simd: true } requires WebAssembly SIMD (v128), which this engine does not support; omit simd to use the scalar build',
    );
  }
  const useSimd = simd ?? engineSimd;
  let module: Promise<WebAssembly.Module>;
  if (wasm !== undefined) {
    module = compileSource(wasm);
  } else {
    module = compiledBuilds.get(useSimd) ?? compileUrl(builtinWasmUrl(useSimd));
    compiledBuilds.set(useSimd, module);
    module.catch(() => compiledBuilds.delete(useSimd));
  }
  const pages = Math.floor(maxMemory / WASM_PAGE_BYTES);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: pages });
  const instance = await WebAssembly.instantiate(await module, { env: { memory, abort } });
  const exports = instance.exports as unknown as KernelExports;
  const isSimd = exports.SIMD.value === 1;
  if (simd !== undefined && isSimd !== simd) {
    throw new Error(`loadActivations: { simd: ${simd} } was requested but the wasm supplied is the ${isSimd ? 'SIMD' : 'scalar'} build`);
  }
  return createActivations(new Heap(exports, pages * WASM_PAGE_BYTES), isSimd);
}
