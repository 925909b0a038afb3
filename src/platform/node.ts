// Node: read the .wasm that ships beside the compiled JS (Node 20's fetch cannot read file: URLs).
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { compileResponse } from '../source.js';

export { builtinWasmUrl } from './wasm-url.js';

/** A string is a URL when it has a scheme, else a file path relative to the working directory. */
export function toUrl(location: string | URL): URL {
  if (location instanceof URL) return location;
  return /^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)
    ? new URL(location)
    : pathToFileURL(location);
}

export async function compileUrl(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') return WebAssembly.compile(await readFile(url));
  return compileResponse(fetch(url));
}
