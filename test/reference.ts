// Plain float32 references for every kernel, written from the formulas alone: every operation
// rounds through Math.fround exactly where the float32 spec rounds, and selections are the
// literal comparisons of each formula (so -0, NaN and infinities follow from them).
import erfc from '@stdlib/math-base-special-erfc';
import type { ElementwiseName } from '../dist/index.js';

const f = Math.fround;

type Reference = (x: number, p: Record<string, number>) => number;

/** The float32 value of each kernel at x, with fully resolved parameters. */
export const REFERENCE: Record<ElementwiseName, Reference> = {
  leakyRelu: (x, { alpha }) => (x >= 0 ? x : f(f(alpha) * x)),
  relu: (x, { negativeSlope, maxValue, threshold }) => {
    const m = f(maxValue);
    const t = f(threshold);
    if (x >= m) return m;
    if (x >= t) return x;
    if (Number.isNaN(x)) return x;
    return negativeSlope === 0 ? 0 : f(f(negativeSlope) * f(x - t));
  },
  relu6: (x) => (Number.isNaN(x) ? x : x >= 6 ? 6 : x >= 0 ? x : 0),
  thresholdedRelu: (x, { alpha }) => (x > f(alpha) || Number.isNaN(x) ? x : 0),
  hardSigmoid: (x, { alpha, beta }) => {
    const t = f(f(f(alpha) * x) + f(beta));
    return t < 0 ? 0 : t > 1 ? 1 : t;
  },
  hardSwish: (x) => {
    const t = f(f(f(1 / 6) * x) + 0.5);
    return f(x * (t < 0 ? 0 : t > 1 ? 1 : t));
  },
  hardTanh: (x, { min, max }) => (x < f(min) ? f(min) : x > f(max) ? f(max) : x),
  softShrink: (x, { lambda }) => {
    const l = f(lambda);
    return x > l ? f(x - l) : x < -l ? f(x + l) : Number.isNaN(x) ? x : 0;
  },
  hardShrink: (x, { lambda }) => (x >= -f(lambda) && x <= f(lambda) ? 0 : x),
  // ONNX's order: x < -lambda is tested first (it matters for a negative lambda).
  shrink: (x, { lambda, bias }) => {
    const l = f(lambda);
    return x < -l ? f(x + f(bias)) : x > l ? f(x - f(bias)) : Number.isNaN(x) ? x : 0;
  },
  threshold: (x, { threshold, value }) => (x <= f(threshold) ? f(value) : x),
  identity: (x) => x,
  // float64, in forms without cancellation in either tail. softplus takes PyTorch's branch on the
  // float32 product beta * x, then the exact value of (1/beta) log(1 + e^(beta x)).
  softplus: (x, { beta, threshold }) => {
    const b = f(beta);
    if (f(x * b) > f(threshold)) return x;
    const bx = x * b;
    return (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / b;
  },
  logSigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  softsign: (x) => (Math.abs(x) === Infinity ? Math.sign(x) : x / (1 + Math.abs(x))),
  // none: x Phi(x) = 0.5 x erfc(-x / sqrt2); tanh: 0.5 x (1 + tanh(u)) = x / (1 + e^(-2u)).
  gelu: (x, { approximate }) => {
    if ((approximate as unknown) === 'tanh' || approximate === 1) {
      const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
      return x / (1 + Math.exp(-2 * u));
    }
    return 0.5 * x * erfc(-x / Math.SQRT2);
  },
  exp: (x) => Math.exp(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  // x - tanh(x) cancels in float64 too near 0: its series there (the next term is below 2^-60 relative).
  tanhShrink: (x) => {
    if (Math.abs(x) >= 0.05) return x - Math.tanh(x);
    const s = x * x;
    return x * s * (1 / 3 - s * (2 / 15 - s * (17 / 315 - s * (62 / 2835 - (s * 1382) / 155925))));
  },
  elu: (x, { alpha }) => (x >= 0 ? x : f(alpha) * Math.expm1(x)),
  selu: (x, { alpha, gamma }) => (x >= 0 ? f(gamma) * x : f(gamma) * f(alpha) * Math.expm1(x)),
  celu: (x, { alpha }) => (x >= 0 ? x : f(alpha) * Math.expm1(x / f(alpha))),
  // x / (1 + e^-z): -Inf / Inf = NaN at x = -Inf, as x * sigmoid(x) is in ONNX and PyTorch.
  silu: (x) => x / (1 + Math.exp(-x)),
  // beta * x rounded to float32 first, as the frameworks (and the kernel) compute it.
  swish: (x, { beta }) => x / (1 + Math.exp(-f(f(beta) * x))),
  mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
};

/**
 * Values for the parameters that have no default (threshold's, which PyTorch requires too): the
 * tests that call a kernel "with its defaults" pass these. PyTorch's documentation example.
 */
export const REQUIRED_PARAMS: Partial<Record<ElementwiseName, Record<string, number>>> = {
  threshold: { threshold: 0.1, value: 20 },
};

/**
 * Parameter sets each kernel is tested with, beyond its defaults: the edge values of each
 * parameter (0, 1, a slope above 1, a negative slope) and a few ordinary ones.
 */
export const PARAM_CASES: Record<ElementwiseName, Record<string, number>[]> = {
  leakyRelu: [{ alpha: 0 }, { alpha: 1 }, { alpha: 1.5 }, { alpha: -0.5 }, { alpha: 0.2 }, { alpha: 0.3 }, { alpha: 1e-30 }],
  relu: [
    { negativeSlope: 0.1 },
    { maxValue: 6 },
    { maxValue: 0 },
    { maxValue: -1 },
    { threshold: 1 },
    { threshold: -2 },
    { negativeSlope: 0.2, maxValue: 3, threshold: 0.5 },
    { negativeSlope: -1.5, threshold: 2 },
    { negativeSlope: 0, maxValue: 1, threshold: 2 },
  ],
  relu6: [],
  thresholdedRelu: [{ alpha: 0 }, { alpha: -1 }, { alpha: 2 }, { alpha: 0.5 }],
  hardSigmoid: [{ alpha: 1 }, { alpha: 0 }, { alpha: -0.5, beta: 0.25 }, { alpha: 1 / 6, beta: 0.5 }, { alpha: 2, beta: -1 }],
  hardSwish: [],
  hardTanh: [
    { min: 0, max: 6 },
    { min: -0.5, max: 0.5 },
    { min: 2, max: 2 },
    { min: -3, max: -1 },
    { min: -0, max: 0 },
    { min: 0, max: 0 },
    { min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  ],
  softShrink: [{ lambda: 0 }, { lambda: 1 }, { lambda: 2.5 }, { lambda: 3 }, { lambda: 1e-30 }],
  hardShrink: [{ lambda: 0 }, { lambda: 1 }, { lambda: 3 }, { lambda: 6 }, { lambda: -1 }],
  shrink: [
    { bias: 0.5 },
    { lambda: 1, bias: 1 },
    { lambda: 1, bias: 2 },
    { lambda: 0, bias: 0 },
    { lambda: 2, bias: -1 },
    { lambda: -1, bias: 0.5 },
  ],
  threshold: [
    { threshold: 0, value: 0 },
    { threshold: 1, value: -1 },
    { threshold: -2, value: -7 },
    { threshold: 6, value: 6 },
    { threshold: -3.4028234663852886e38, value: 3 },
  ],
  identity: [],
  softplus: [{ beta: 2 }, { beta: 0.5 }, { beta: 0.3 }, { beta: 3.7 }, { beta: 100 }, { threshold: 1 }, { beta: 2, threshold: 5 }],
  logSigmoid: [],
  softsign: [],
  gelu: [{ approximate: 'tanh' } as unknown as Record<string, number>],
  exp: [],
  sigmoid: [],
  tanh: [],
  tanhShrink: [],
  elu: [{ alpha: 0.5 }, { alpha: 2 }, { alpha: 0 }, { alpha: -1 }, { alpha: 1e-30 }],
  selu: [{ alpha: 1, gamma: 1 }, { alpha: 2, gamma: 0.5 }, { alpha: 0, gamma: 3 }, { alpha: 200, gamma: 200 }, { alpha: 1.5, gamma: -0.75 },
    { alpha: 1e20, gamma: 1e20 }, { alpha: -3e30, gamma: 2e10 }, { gamma: -8.75 }],
  celu: [{ alpha: 0.5 }, { alpha: 2 }, { alpha: 3.7 }, { alpha: 1e-3 }, { alpha: 1e3 }],
  silu: [],
  swish: [{ beta: 0 }, { beta: 0.5 }, { beta: 2 }, { beta: -1 }, { beta: 1.702 }, { beta: 1e-3 }, { beta: 100 }, { beta: 1e-30 }, { beta: -1e-12 }],
  mish: [],
};

/** lowbias32, the integer hash of assembly/math/random.ts. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The slope rrelu draws in training mode for the element at `index`, operation for operation as
 * assembly/math/random.ts and assembly/kernels/rrelu.ts compute it: the generator in plain JS.
 */
export function rreluSlope(index: number, seed: number, lower: number, upper: number): number {
  const key0 = mix(mix(Math.floor(seed / 2 ** 32)) ^ (seed % 2 ** 32));
  const key1 = mix((key0 + 0x9e3779b9) >>> 0);
  const u = (mix(mix((index + key0) >>> 0) ^ key1) >>> 8) * 2 ** -24;
  const [lo, hi] = [f(lower), f(upper)];
  const r = f(f(lo * (1 - u)) + f(hi * u));
  return r < lo ? lo : r > hi ? hi : r;
}
