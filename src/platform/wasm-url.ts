/** Where the shipped builds live, written as bundlers expect to find asset URLs. */
export function builtinWasmUrl(simd: boolean): URL {
  return simd ? new URL('../wasm/simd.wasm', import.meta.url) : new URL('../wasm/scalar.wasm', import.meta.url);
}
