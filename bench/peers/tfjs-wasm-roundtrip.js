// TensorFlow.js, wasm backend, round trip (see tfjs.js): one child process's implementation.
import { tfjsPeer } from './tfjs.js';

export default tfjsPeer({ backend: 'wasm', mode: 'roundtrip' });
