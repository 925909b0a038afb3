// Plain float32 references for every kernel, written from the formulas alone: every operation
// rounds through Math.fround exactly where the float32 spec rounds, and selections are the
// literal comparisons of each formula (so -0, NaN and infinities follow from them).
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
};
