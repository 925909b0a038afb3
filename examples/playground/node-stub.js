// The benchmark's suite (bench/lib/suite.js), whose plain JS loops the race reuses, reads the
// wasm from disk for its Node-only roofline; nothing the page calls reaches this.
export async function readFile() {
  throw new Error('node:fs is not available in the browser');
}
