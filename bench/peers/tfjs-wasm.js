// TensorFlow.js, wasm backend, resident (see tfjs.js): one child process's implementation.
import { tfjsPeer } from './tfjs.js';

export default tfjsPeer({ backend: 'wasm', mode: 'resident' });
