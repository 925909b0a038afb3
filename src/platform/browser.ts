// Browsers and bundlers: `new URL('...wasm', import.meta.url)` is the pattern Vite, webpack 5,
// Parcel and esbuild recognise as an asset, so the .wasm is copied and this URL rewritten.
import { compileResponse } from '../source.js';

export { builtinWasmUrl } from './wasm-url.js';

/** A string is resolved against the page, as fetch would. */
export function toUrl(location: string | URL): URL {
  return location instanceof URL ? location : new URL(location, globalThis.location?.href);
}

export function compileUrl(url: URL): Promise<WebAssembly.Module> {
  return compileResponse(fetch(url));
}
