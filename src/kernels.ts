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
  readonly run: (wasm: KernelExports, x: number, y: number, n: number, p: readonly number[]) => void;
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
} as const satisfies Record<string, ElementwiseKernel>;

export type ElementwiseName = keyof typeof ELEMENTWISE;
