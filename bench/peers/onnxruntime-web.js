// ONNX Runtime Web as a peer: each kernel case is a one-node ONNX model (built in ./onnx-model.js)
// run by the wasm execution provider in plain Node. Hosted in a child process by ../lib/child.js.
//
// One session per kernel case, its input's first dimension symbolic, so the same session serves
// every n. session.run() is asynchronous, so this implementation declares `async: true` and the
// harness awaits each run inside the timed batch. It is a round trip by construction: the wasm EP
// copies the input Float32Array into its heap, runs the kernel, and copies the result out into a
// Float32Array it allocates per run (pre-allocated CPU outputs are not written back in 1.30,
// microsoft/onnxruntime#25786, so there is no in-place variant to offer).
import * as ort from 'onnxruntime-web';
import { oneNodeModel } from './onnx-model.js';

/** The opset of every model but Swish's: Gelu needs 20; every other op resolves to its newest version <= 20. */
const OPSET = 20;
/** Swish came with opset 24. */
const SWISH_OPSET = 24;

/**
 * Above 15, log(1 + e^x) rounds to x in float32 (e^-x is under half an ulp of x), so ONNX
 * Softplus (no threshold) equals PyTorch's for any threshold >= 15.
 */
const SOFTPLUS_EXACT_THRESHOLD = 15;

/** Calls of session.run in init(), before any case (see there). */
const WARMUP_CALLS = 5000;

const float = (value) => ({ float: value });
const scalar = (name, value) => ({ name, shape: [], data: [value] });

/**
 * The ONNX node computing a kernel case with the case's parameters, as oneNodeModel's
 * { opType, opset?, attributes, constants } (constants: inputs after x), or undefined when no
 * single ONNX op computes the same values.
 */
function nodeFor(kcase) {
  const p = kcase.params;
  switch (kcase.kernel) {
    case 'leakyRelu':
      return { opType: 'LeakyRelu', attributes: { alpha: float(p.alpha) } };
    case 'relu':
      return p.negativeSlope === 0 && p.maxValue === Infinity && p.threshold === 0 ? { opType: 'Relu' } : undefined;
    case 'relu6':
      return { opType: 'Clip', constants: [scalar('min', 0), scalar('max', 6)] };
    case 'hardTanh':
      return { opType: 'Clip', constants: [scalar('min', p.min), scalar('max', p.max)] };
    // RReLU in eval mode is a leaky ReLU with the mean of its bounds as the slope.
    case 'rrelu':
      return p.training ? undefined : { opType: 'LeakyRelu', attributes: { alpha: float((p.lower + p.upper) / 2) } };
    case 'thresholdedRelu':
      return { opType: 'ThresholdedRelu', attributes: { alpha: float(p.alpha) } };
    // PyTorch Threshold with value 0 is ThresholdedRelu at alpha = threshold.
    case 'threshold':
      return p.value === 0 ? { opType: 'ThresholdedRelu', attributes: { alpha: float(p.threshold) } } : undefined;
    case 'hardSigmoid':
      return { opType: 'HardSigmoid', attributes: { alpha: float(p.alpha), beta: float(p.beta) } };
    case 'hardSwish':
      return { opType: 'HardSwish' };
    case 'prelu':
      // x is [N, C] with one slope per channel (C = slope.length), or [N] with a slope of shape [1].
      return { opType: 'PRelu', constants: [{ name: 'slope', shape: [kcase.slope.length], data: kcase.slope }] };
    // Shrink: x < -lambd ? x + bias : x > lambd ? x - bias : 0. PyTorch's Softshrink is bias =
    // lambd, Hardshrink bias 0 (the same on every finite x; on NaN Shrink gives 0, Hardshrink NaN).
    case 'softShrink':
      return { opType: 'Shrink', attributes: { lambd: float(p.lambda), bias: float(p.lambda) } };
    case 'hardShrink':
      return { opType: 'Shrink', attributes: { lambd: float(p.lambda), bias: float(0) } };
    case 'shrink':
      return { opType: 'Shrink', attributes: { lambd: float(p.lambda), bias: float(p.bias) } };
    case 'softplus':
      return p.beta === 1 && p.threshold >= SOFTPLUS_EXACT_THRESHOLD ? { opType: 'Softplus' } : undefined;
    case 'sigmoid':
      return { opType: 'Sigmoid' };
    case 'tanh':
      return { opType: 'Tanh' };
    case 'exp':
      return { opType: 'Exp' };
    case 'softsign':
      return { opType: 'Softsign' };
    case 'elu':
      return { opType: 'Elu', attributes: { alpha: float(p.alpha) } };
    case 'selu':
      return { opType: 'Selu', attributes: { alpha: float(p.alpha), gamma: float(p.gamma) } };
    case 'celu':
      return { opType: 'Celu', attributes: { alpha: float(p.alpha) } };
    case 'gelu':
      return { opType: 'Gelu', attributes: { approximate: { string: p.approximate } } };
    // ONNX Swish's alpha is our beta; SiLU is beta 1.
    case 'silu':
      return { opType: 'Swish', opset: SWISH_OPSET, attributes: { alpha: float(1) } };
    case 'swish':
      return { opType: 'Swish', opset: SWISH_OPSET, attributes: { alpha: float(p.beta) } };
    case 'mish':
      return { opType: 'Mish' };
    case 'identity':
      return { opType: 'Identity' };
    case 'softmax':
      return { opType: 'Softmax', attributes: { axis: { int: -1 } } };
    case 'logSoftmax':
      return { opType: 'LogSoftmax', attributes: { axis: { int: -1 } } };
    default:
      return undefined;
  }
}

/**
 * x's shape at n floats, and its shape in the model: the first dimension symbolic ('N') so one
 * session serves every n, an along-axis case's extent too ('C'); PReLU with C slopes is [N, C].
 */
function shapesOf(kcase) {
  if (kcase.shapeOf) return { at: (n) => kcase.shapeOf(n), symbolic: ['N', 'C'] };
  const c = kcase.kernel === 'prelu' ? kcase.slope.length : 1;
  return c > 1 ? { at: (n) => [n / c, c], symbolic: ['N', c] } : { at: (n) => [n], symbolic: ['N'] };
}

function modelFor(kcase) {
  const { opType, opset = OPSET, attributes, constants = [] } = nodeFor(kcase);
  const shape = shapesOf(kcase).symbolic;
  return oneNodeModel({
    opType,
    opset,
    attributes,
    inputs: [{ name: 'x', shape }, ...constants],
    outputs: [{ name: 'y', shape }],
  });
}

const sessions = new Map();

export default {
  id: 'ort-web',
  label: 'ORT-web',
  description:
    `onnxruntime-web ${ort.env.versions.web}, wasm execution provider (SIMD), single thread ` +
    '(numThreads = 1; ours is single-threaded too), a one-node ONNX model per op: session.run on a ' +
    'tensor over a Float32Array, the result read from the fresh output tensor it returns ' +
    '(copied in and out of its heap)',
  async: true,
  async init() {
    // ORT's only wasm build is SIMD (it requires SIMD; its node entry finds the .wasm next to
    // itself in node_modules); one thread, so no worker threads.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.simd = true;
    ort.env.logLevel = 'error';
    // session.run's JS glue is shared by every case and takes thousands of calls to be optimized
    // (the harness primes each case with fewer): run it that often first, on a throwaway model,
    // so that the first case measured does not pay for it.
    const identity = modelFor({ kernel: 'identity', params: {} });
    const warm = await ort.InferenceSession.create(identity, { executionProviders: ['wasm'] });
    const feed = { x: new ort.Tensor('float32', new Float32Array(16), [16]) };
    for (let i = 0; i < WARMUP_CALLS; i++) await warm.run(feed);
    await warm.release();
  },
  supports: (kcase) => nodeFor(kcase) !== undefined,
  async prepare(kcase, n, reps) {
    let session = sessions.get(kcase.id);
    if (session === undefined) {
      session = await ort.InferenceSession.create(modelFor(kcase), { executionProviders: ['wasm'] });
      sessions.set(kcase.id, session);
    }
    const shape = shapesOf(kcase).at(n);
    const xs = [];
    const feeds = [];
    for (let k = 0; k < reps; k++) {
      xs.push(new Float32Array(n));
      // The tensor wraps xs[k] (no copy), so the harness's refills reach it.
      feeds.push({ x: new ort.Tensor('float32', xs[k], shape) });
    }
    const ys = new Array(reps);
    return {
      inputs: () => xs,
      output: (k) => ys[k],
      async run(k) {
        const { y } = await session.run(feeds[k]);
        ys[k] = y.data;
      },
      dispose() {},
    };
  },
  async close() {
    for (const session of sessions.values()) await session.release();
    sessions.clear();
  },
};
