import type { KernelExports } from './heap.js';
import type { ParamSpecs } from './params.js';

/**
 * One elementwise kernel: its options with their defaults (ONNX's where ONNX has the op) and
 * how to call the wasm export. This registry is the single list the API, the tests and the
 * benchmarks iterate.
 */
export interface ElementwiseKernel {
  readonly params: ParamSpecs;
  /**
   * The accuracy contract against a float64 reference, in float32 ulps; 0 means bit-exact
   * against the float32 reference (piecewise-linear kernels). Tests and `npm run accuracy` read it.
   */
  readonly maxUlp: number;
  /** Calls the kernel on n floats at byte offsets x and y, with the parameters in `params` order. */
  readonly run: (wasm: KernelExports, x: number, y: number, n: number, p: ArrayLike<number>) => void;
}

export const ELEMENTWISE = {
  /** ONNX LeakyRelu: x >= 0 ? x : alpha * x. */
  leakyRelu: {
    params: { alpha: { default: 0.01 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.leakyRelu(x, y, n, p[0]),
  },
  /** Keras activations.relu; plain ReLU with the defaults. */
  relu: {
    params: {
      negativeSlope: { default: 0 },
      maxValue: { default: Infinity, allowPositiveInfinity: true },
      threshold: { default: 0 },
    },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.relu(x, y, n, p[0], p[1], p[2]),
  },
  /** min(max(x, 0), 6). */
  relu6: {
    params: {},
    maxUlp: 0,
    run: (wasm, x, y, n) => wasm.relu(x, y, n, 0, 6, 0),
  },
  /** ONNX ThresholdedRelu: x > alpha ? x : 0 (NaN stays NaN). */
  thresholdedRelu: {
    params: { alpha: { default: 1 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.thresholdedRelu(x, y, n, p[0]),
  },
  /** ONNX HardSigmoid: max(0, min(1, alpha * x + beta)). */
  hardSigmoid: {
    params: { alpha: { default: 0.2 }, beta: { default: 0.5 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.hardSigmoid(x, y, n, p[0], p[1]),
  },
  /** ONNX HardSwish: x * max(0, min(1, x / 6 + 0.5)), with 1/6 as a float32 multiplier. */
  hardSwish: {
    params: {},
    maxUlp: 0,
    run: (wasm, x, y, n) => wasm.hardSwish(x, y, n),
  },
  /** PyTorch Hardtanh: min(max(x, min), max), min <= max. */
  hardTanh: {
    params: { min: { default: -1, atMost: 'max' }, max: { default: 1 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.hardTanh(x, y, n, p[0], p[1]),
  },
  /** PyTorch Softshrink: x > lambda ? x - lambda : x < -lambda ? x + lambda : 0. */
  softShrink: {
    params: { lambda: { default: 0.5, nonNegative: true } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.shrink(x, y, n, p[0], p[0]),
  },
  /** PyTorch Hardshrink: -lambda <= x <= lambda ? 0 : x. */
  hardShrink: {
    params: { lambda: { default: 0.5 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.hardShrink(x, y, n, p[0]),
  },
  /** ONNX Shrink: x < -lambda ? x + bias : x > lambda ? x - bias : 0 (ONNX's lambd). */
  shrink: {
    params: { lambda: { default: 0.5 }, bias: { default: 0 } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.shrink(x, y, n, p[0], p[1]),
  },
  /** PyTorch Threshold: x > threshold ? x : value; both required, as in PyTorch. */
  threshold: {
    params: { threshold: { required: true }, value: { required: true } },
    maxUlp: 0,
    run: (wasm, x, y, n, p) => wasm.threshold(x, y, n, p[0], p[1]),
  },
  /** PyTorch Identity, Keras linear: a copy (nothing at all when out is x). */
  identity: {
    params: {},
    maxUlp: 0,
    run: (wasm, x, y, n) => {
      if (x !== y) wasm.identity(x, y, n);
    },
  },
  /**
   * PyTorch Softplus: x where beta * x > threshold, else log(1 + e^(beta x)) / beta; with beta = 1
   * it is ONNX Softplus (whose threshold-free value differs by under e^-20 relative).
   */
  softplus: {
    params: { beta: { default: 1, positive: true }, threshold: { default: 20 } },
    maxUlp: 3,
    run: (wasm, x, y, n, p) => wasm.softplus(x, y, n, p[0], p[1]),
  },
  /** PyTorch LogSigmoid: log(1 / (1 + e^-x)) = -softplus(-x). */
  logSigmoid: {
    params: {},
    maxUlp: 3,
    run: (wasm, x, y, n) => wasm.logSigmoid(x, y, n),
  },
  /** ONNX Softsign: x / (1 + |x|). */
  softsign: {
    params: {},
    maxUlp: 1,
    run: (wasm, x, y, n) => wasm.softsign(x, y, n),
  },
  /** ONNX Gelu / PyTorch GELU: x * Phi(x) ('none', the default) or its tanh approximation. */
  gelu: {
    params: { approximate: { default: 'none', choices: ['none', 'tanh'] } },
    // Measured (npm run accuracy, 2^22 inputs): erf form 1.80 ulp, tanh form 3.19.
    maxUlp: 4,
    run: (wasm, x, y, n, p) => wasm.gelu(x, y, n, p[0]),
  },
  /** Keras exponential, ONNX Exp: e^x. */
  exp: {
    params: {},
    maxUlp: 1,
    run: (wasm, x, y, n) => wasm.exp(x, y, n),
  },
  /** ONNX Sigmoid: 1 / (1 + e^-x), relative-accurate in both tails (e^x for x < -87, subnormal). */
  sigmoid: {
    params: {},
    maxUlp: 3,
    run: (wasm, x, y, n) => wasm.sigmoid(x, y, n),
  },
  /** ONNX Tanh. */
  tanh: {
    params: {},
    maxUlp: 3,
    run: (wasm, x, y, n) => wasm.tanh(x, y, n),
  },
  /** PyTorch Tanhshrink: x - tanh(x), relative-accurate near 0 (about x^3 / 3). */
  tanhShrink: {
    params: {},
    maxUlp: 4,
    run: (wasm, x, y, n) => wasm.tanhShrink(x, y, n),
  },
  /** ONNX Elu: x >= 0 ? x : alpha * (e^x - 1), with an expm1 accurate near 0-. */
  elu: {
    params: { alpha: { default: 1 } },
    maxUlp: 3,
    run: (wasm, x, y, n, p) => wasm.elu(x, y, n, p[0]),
  },
  /** ONNX Selu: gamma * (x >= 0 ? x : alpha * (e^x - 1)), ONNX's float32 constants. */
  selu: {
    params: { alpha: { default: 1.67326319217681884765625 }, gamma: { default: 1.05070102214813232421875 } },
    maxUlp: 3,
    run: (wasm, x, y, n, p) => wasm.selu(x, y, n, p[0], p[1]),
  },
  /** ONNX Celu: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)), alpha > 0. */
  celu: {
    params: { alpha: { default: 1, positive: true } },
    maxUlp: 3,
    run: (wasm, x, y, n, p) => wasm.celu(x, y, n, p[0]),
  },
  /** PyTorch SiLU: x * sigmoid(x) (swish with beta 1). */
  silu: {
    params: {},
    maxUlp: 3,
    run: (wasm, x, y, n) => wasm.swish(x, y, n, 1),
  },
  /**
   * ONNX Swish (its alpha is our beta), tf.nn.silu's beta: x * sigmoid(beta * x), with beta * x
   * rounded to float32 first, as the frameworks compute it; the bound is against x * sigmoid of
   * that product, for every beta.
   */
  swish: {
    params: { beta: { default: 1 } },
    maxUlp: 3,
    run: (wasm, x, y, n, p) => wasm.swish(x, y, n, p[0]),
  },
  /** Mish: x * tanh(softplus(x)). */
  mish: {
    params: {},
    maxUlp: 4,
    run: (wasm, x, y, n) => wasm.mish(x, y, n),
  },
} as const satisfies Record<string, ElementwiseKernel>;

export type ElementwiseName = keyof typeof ELEMENTWISE;

/**
 * One kernel that works along an axis of a shape. Around the axis the data is
 * [outer, extent, inner]: outer is the product of the extents before the axis, inner of those
 * after it. Like ELEMENTWISE, this registry is the list the API, the tests and the benchmarks
 * iterate.
 */
export interface AlongAxisKernel {
  readonly params: ParamSpecs;
  /** The axis when the options give none. */
  readonly defaultAxis: number;
  /** The accuracy contract against a float64 reference, in float32 ulps (see ElementwiseKernel). */
  readonly maxUlp: number;
  /** The result's extent along the axis is half the input's (glu). Otherwise the shapes are equal. */
  readonly halvesAxis: boolean;
  /** Calls the kernel on [outer, extent, inner] floats at byte offsets x and y (extent is x's). */
  readonly run: (
    wasm: KernelExports,
    x: number,
    y: number,
    outer: number,
    extent: number,
    inner: number,
    p: ArrayLike<number>,
  ) => void;
}

export const ALONG_AXIS = {
  /** ONNX Softmax (opset 13): e^(x - max) / sum(e^(x - max)) along the axis. */
  softmax: {
    params: {},
    defaultAxis: -1,
    maxUlp: 4,
    halvesAxis: false,
    run: (wasm, x, y, outer, extent, inner) => wasm.softmax(x, y, outer, extent, inner, 0),
  },
  /** ONNX LogSoftmax (opset 13): (x - max) - log(sum(e^(x - max))) along the axis. */
  logSoftmax: {
    params: {},
    defaultAxis: -1,
    maxUlp: 4,
    halvesAxis: false,
    run: (wasm, x, y, outer, extent, inner) => wasm.logSoftmax(x, y, outer, extent, inner),
  },
  /** PyTorch Softmin: softmax(-x) along the axis. */
  softmin: {
    params: {},
    defaultAxis: -1,
    maxUlp: 4,
    halvesAxis: false,
    run: (wasm, x, y, outer, extent, inner) => wasm.softmax(x, y, outer, extent, inner, 1),
  },
  /**
   * PyTorch/Keras GLU: the axis split in halves a and b, a * sigmoid(b). The bound holds for every
   * pair but b < -132 with |a| >= 2^41, where sigmoid(b) < 2^-190 is taken as 0 and y is ±0 (a
   * float32 sigmoid is 0 there too).
   */
  glu: {
    params: {},
    defaultAxis: -1,
    maxUlp: 3,
    halvesAxis: true,
    run: (wasm, x, y, outer, extent, inner) => wasm.glu(x, y, outer, extent / 2, inner),
  },
  /** Sparsemax (Martins & Astudillo 2016): the projection of each row onto the probability simplex. */
  sparsemax: {
    params: {},
    defaultAxis: -1,
    maxUlp: 1,
    halvesAxis: false,
    run: (wasm, x, y, outer, extent, inner) => wasm.sparsemax(x, y, outer, extent, inner),
  },
} as const satisfies Record<string, AlongAxisKernel>;

export type AlongAxisName = keyof typeof ALONG_AXIS;
