// TensorFlow.js as a peer, hosted in a child process (see ../lib/child.js). tfjs holds one active
// backend per process, so each configuration has an entry module of its own, one child each:
//   tfjs-wasm.js            id tfjs-wasm     tfjs-backend-wasm, SIMD build, 1 thread, resident
//   tfjs-wasm-roundtrip.js  id tfjs-wasm-rt  the same, round trip
//   tfjs-cpu.js             id tfjs-cpu      tfjs-backend-cpu (plain JS loops), resident
//   tfjs-cpu-roundtrip.js   id tfjs-cpu-rt   the same, round trip
// resident: the inputs are tfjs tensors made once; the harness refills their own storage in place
// and a call is one op on a tensor. round trip: the inputs are Float32Arrays and a call is
// tf.tensor(x) -> op -> dataSync() -> dispose, what code holding plain arrays pays per call.
//
// Only ops tfjs itself has, with the same semantics and parameters as the kernel case, are
// benched (nothing is composed here); supports() is false for every other case.
import { createRequire } from 'node:module';
import path from 'node:path';

// tfjs ships CommonJS node builds: requiring all three through one resolver gives the backends
// the same tfjs-core instance (and engine) as this module.
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');

/** ONNX Selu's float32 constants, the registry's defaults: tfjs hard-codes the same values (to 4e-8 relative). */
const SELU_ALPHA = 1.67326319217681884765625;
const SELU_GAMMA = 1.05070102214813232421875;

/**
 * The tfjs op for a kernel case, as (x, slope) => tensor, or undefined where the case's parameters
 * are outside what that op computes. Keyed by our kernel name.
 */
const OPS = {
  leakyRelu: ({ params }) => (x) => tf.leakyRelu(x, params.alpha),
  relu: ({ params: { negativeSlope, maxValue, threshold } }) =>
    negativeSlope === 0 && maxValue === Infinity && threshold === 0 ? (x) => tf.relu(x) : undefined,
  relu6: () => (x) => tf.relu6(x),
  hardTanh: ({ params }) => (x) => tf.clipByValue(x, params.min, params.max),
  // The slope tensor is [1] or [C] against x as [n / C, C]: tfjs broadcasts it along the last axis.
  prelu: () => (x, slope) => tf.prelu(x, slope),
  exp: () => (x) => tf.exp(x),
  sigmoid: () => (x) => tf.sigmoid(x),
  tanh: () => (x) => tf.tanh(x),
  // tfjs's Elu has no alpha (it is 1).
  elu: ({ params }) => (params.alpha === 1 ? (x) => tf.elu(x) : undefined),
  selu: ({ params }) => (params.alpha === SELU_ALPHA && params.gamma === SELU_GAMMA ? (x) => tf.selu(x) : undefined),
  // tfjs returns x above x = 13.9 (not PyTorch's 20): the difference there, log1p(e^-x), is
  // under 1e-6, inside the harness's tolerance (checked over [-30, 30] on both backends).
  softplus: ({ params }) => (params.beta === 1 && params.threshold === 20 ? (x) => tf.softplus(x) : undefined),
  // tfjs's own op (internally -softplus(-x), three kernels).
  logSigmoid: () => (x) => tf.logSigmoid(x),
  // Along the last axis, which is where tfjs computes them (logSoftmax is a composite tfjs op).
  softmax: () => (x) => tf.softmax(x, -1),
  logSoftmax: () => (x) => tf.logSoftmax(x, -1),
};

/** x's shape: the case's own for along-axis cases, [n / C, C] for per-channel PReLU, else [n]. */
function shapeOf(kcase, n) {
  if (kcase.shapeOf) return kcase.shapeOf(n);
  const channels = kcase.slope?.length ?? 1;
  return channels > 1 ? [n / channels, channels] : [n];
}

function opFor(kcase) {
  const op = OPS[kcase.kernel]?.(kcase);
  if (!op) throw new Error(`tfjs peer: no tfjs op for ${kcase.id}`);
  return op;
}

/** Loads and activates `backend` ('wasm' or 'cpu'); returns its package's exports. */
async function initBackend(backend) {
  // Silences tfjs's console notices (the cpu backend's "install tfjs-node" banner); PROD changes
  // nothing else in tfjs-core 4.x.
  tf.enableProdMode();
  const backendPackage = `@tensorflow/tfjs-backend-${backend}`;
  const backendModule = require(backendPackage);
  if (backend === 'wasm') {
    // A plain directory path: emscripten reads the binary with fs in Node (a file URL fails).
    const simdBinary = require.resolve(`${backendPackage}/dist/tfjs-backend-wasm-simd.wasm`);
    backendModule.setWasmPaths(path.dirname(simdBinary) + path.sep);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs peer: backend '${backend}' failed to initialize`);
  await tf.ready();
  return backendModule;
}

/**
 * Runs tfjs's shared call path (runKernel, tensor bookkeeping, dataSync, dispose) until V8 has
 * optimized it: it is deep JS that takes a few hundred ms of calls to reach TurboFan, longer than
 * the harness's per-case priming, which would leave the first cases of a short run measured cold.
 */
function warmUpEngine(ms = 400) {
  const x = new Float32Array(64);
  const start = performance.now();
  while (performance.now() - start < ms) {
    const t = tf.tensor(x);
    const y = tf.relu(t);
    y.dataSync();
    t.dispose();
    y.dispose();
  }
}

/** The build in use, for the description; for wasm, checks it is the single-threaded SIMD build. */
async function buildSummary(backend, backendModule) {
  if (backend === 'cpu') return 'cpu backend (plain JS)';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = backendModule.getThreadsCount();
  if (!simd || threads !== 1) {
    throw new Error(`tfjs peer: wanted the SIMD build on 1 thread, got SIMD ${simd}, ${threads} threads`);
  }
  return 'wasm backend, SIMD build, 1 thread';
}

/** Float32Array views of the tensors' own storage in the active backend, re-derived after wasm memory growth. */
function storageViews(tensors, n) {
  const backend = tf.backend();
  if (tf.getBackend() === 'cpu') {
    const views = tensors.map((t) => backend.data.get(t.dataId).values);
    return () => views;
  }
  let heap;
  let views;
  return () => {
    const buffer = backend.wasm.HEAPU8.buffer;
    if (buffer !== heap) {
      heap = buffer;
      views = tensors.map((t) => new Float32Array(buffer, backend.dataIdMap.get(t.dataId).memoryOffset, n));
    }
    return views;
  };
}

function prepareResident(kcase, n, reps) {
  const op = opFor(kcase);
  const shape = shapeOf(kcase, n);
  const slope = kcase.slope && tf.tensor(kcase.slope);
  const xs = Array.from({ length: reps }, () => tf.zeros(shape));
  const ys = new Array(reps);
  return {
    inputs: storageViews(xs, n),
    output: (k) => ys[k].dataSync(),
    // A tfjs op allocates its output tensor; disposing the previous one first keeps one live
    // output per rep. Both are part of what a call costs in tfjs.
    run(k) {
      ys[k]?.dispose();
      ys[k] = op(xs[k], slope);
    },
    dispose() {
      for (const t of [...xs, ...ys]) t?.dispose();
      slope?.dispose();
    },
  };
}

function prepareRoundTrip(kcase, n, reps) {
  const op = opFor(kcase);
  const shape = shapeOf(kcase, n);
  const slope = kcase.slope && tf.tensor(kcase.slope);
  const xs = Array.from({ length: reps }, () => new Float32Array(n));
  const ys = new Array(reps);
  return {
    inputs: () => xs,
    output: (k) => ys[k],
    // dataSync's array is the result (no copy of ours into a preallocated output: tfjs has no
    // `out`). The cpu backend's tf.tensor(x) wraps x without copying, the wasm one copies it in.
    run(k) {
      const x = tf.tensor(xs[k], shape);
      const y = op(x, slope);
      ys[k] = y.dataSync();
      x.dispose();
      y.dispose();
    },
    dispose() {
      slope?.dispose();
    },
  };
}

/** Wraps prepare so that dispose() fails loudly if a case left tensors behind. */
function leakChecked(prepare) {
  return (kcase, n, reps) => {
    const before = tf.memory().numTensors;
    const prepared = prepare(kcase, n, reps);
    return {
      ...prepared,
      dispose() {
        prepared.dispose();
        const after = tf.memory().numTensors;
        if (after !== before) throw new Error(`tfjs peer: ${kcase.id} leaked ${after - before} tensors`);
      },
    };
  };
}

const coreVersion = require('@tensorflow/tfjs-core/package.json').version;

/** The implementation (see ../lib/suite.js) for `backend` 'wasm' or 'cpu' and `mode` 'resident' or 'roundtrip'. */
export function tfjsPeer({ backend, mode }) {
  const id = `tfjs-${backend}${mode === 'roundtrip' ? '-rt' : ''}`;
  const peer = {
    id,
    label: id,
    description: `TensorFlow.js ${coreVersion} (${backend}, ${mode})`,
    async init() {
      const backendModule = await initBackend(backend);
      warmUpEngine();
      const modeText =
        mode === 'resident'
          ? 'resident: input tensors made once and refilled in place; a call is the op, allocating its output tensor, and the dispose of the previous one'
          : 'round trip: a call is tf.tensor(x), the op, dataSync() and disposing both tensors';
      peer.description = `TensorFlow.js ${coreVersion}, ${await buildSummary(backend, backendModule)}; ${modeText}`;
    },
    supports: (kcase) => OPS[kcase.kernel]?.(kcase) !== undefined,
    prepare: leakChecked(mode === 'resident' ? prepareResident : prepareRoundTrip),
  };
  return peer;
}
