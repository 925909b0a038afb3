/** Compiles a module from a fetch `Response`, streaming when the server labels it application/wasm. */
export async function compileResponse(response: Response | PromiseLike<Response>): Promise<WebAssembly.Module> {
  const res = await response;
  if (!res.ok) throw new Error(`simd-activations: fetching ${res.url || 'the wasm'} failed with HTTP ${res.status}`);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(res.clone());
    } catch (error) {
      // A wrong Content-Type (or none) is a TypeError; anything else is a real compile error.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

export function isResponse(value: unknown): value is Response {
  return typeof Response === 'function' && value instanceof Response;
}
