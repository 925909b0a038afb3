// Float64 references for the kernels that work along an axis (ALONG_AXIS), written from the
// formulas alone. Each takes the float32 inputs and the [outer, extent, inner] layout around the
// axis, and returns float64 results (glu's have half the extent).
import type { AlongAxisName } from '../dist/index.js';

/** The data around an axis: outer rows of `extent` floats along it, `inner` floats apart. */
export interface AxisLayout {
  outer: number;
  extent: number;
  inner: number;
}

export function layoutOf(shape: readonly number[], axis: number): AxisLayout {
  const at = axis < 0 ? axis + shape.length : axis;
  const product = (extents: readonly number[]) => extents.reduce((a, b) => a * b, 1);
  return { outer: product(shape.slice(0, at)), extent: shape[at], inner: product(shape.slice(at + 1)) };
}

/** A float64 sum that keeps its rounding errors (Neumaier), so long rows stay exact enough. */
function accurateSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Maps every row along the axis through `row`, which gets the row's values and returns its results. */
function mapRows(
  x: ArrayLike<number>,
  { outer, extent, inner }: AxisLayout,
  resultExtent: number,
  row: (values: number[]) => number[],
): Float64Array {
  const y = new Float64Array(outer * resultExtent * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const values: number[] = [];
      for (let k = 0; k < extent; k++) values.push(x[(o * extent + k) * inner + j]);
      const results = row(values);
      for (let k = 0; k < resultExtent; k++) y[(o * resultExtent + k) * inner + j] = results[k];
    }
  }
  return y;
}

/**
 * The float32 shifted inputs x - max (the one float32 rounding the contract accepts). The max is
 * NaN when the row has a NaN, and x - max is NaN for x = max = ±Inf, as numpy and PyTorch compute.
 */
function shifted(values: readonly number[]): number[] {
  const max = values.reduce((m, v) => (Number.isNaN(m) || Number.isNaN(v) ? NaN : Math.max(m, v)), -Infinity);
  return values.map((v) => Math.fround(v - max));
}

function softmaxRow(values: readonly number[]): number[] {
  const e = shifted(values).map(Math.exp);
  const sum = accurateSum(e);
  return e.map((v) => v / sum);
}

/** (x - max) - log(sum), the sum as 1 + T, T without the max entries' exact 1s: log1p(T) keeps its bits. */
function logSoftmaxRow(values: readonly number[]): number[] {
  const d = shifted(values);
  const t = accurateSum(d.map((v) => (v === 0 ? 0 : Math.exp(v)))) + (d.filter((v) => v === 0).length - 1);
  const logSum = Math.log1p(t);
  return d.map((v) => v - logSum);
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * a * sigmoid(b), a the first half of the row and b the second, with the contract's one exception
 * (ALONG_AXIS.glu): for b < -132 with |a| >= 2^41, sigmoid(b) < 2^-190 is taken as 0.
 */
function gluRow(values: readonly number[]): number[] {
  const half = values.length / 2;
  return values.slice(0, half).map((a, i) => {
    const b = values[half + i];
    return a * (b < -132 && Math.abs(a) >= 2 ** 41 ? 0 : sigmoid(b));
  });
}

/**
 * Sparsemax (Martins & Astudillo 2016) by sorting: with z sorted in decreasing order, the support
 * size k is the largest k with 1 + k z_k > z_1 + ... + z_k, tau = (z_1 + ... + z_k - 1) / k, and
 * y = max(z - tau, 0). It is computed on z - max (in float64, exact for the support), which keeps
 * tau accurate where y is much smaller than z. A NaN or +Inf anywhere, or a row of only -Inf,
 * gives a NaN row.
 */
function sparsemaxRow(values: readonly number[]): number[] {
  const max = values.reduce((m, v) => (Number.isNaN(m) || Number.isNaN(v) ? NaN : Math.max(m, v)), -Infinity);
  if (!Number.isFinite(max)) return values.map(() => NaN);
  const d = values.map((v) => v - max);
  const sorted = [...d].sort((a, b) => b - a);
  let sum = 0;
  let tau = 0;
  for (let k = 1; k <= sorted.length; k++) {
    sum += sorted[k - 1];
    if (1 + k * sorted[k - 1] > sum) tau = (sum - 1) / k;
  }
  return d.map((v) => Math.max(v - tau, 0));
}

const negated = (row: (values: number[]) => number[]) => (values: number[]) => row(values.map((v) => -v));

const ROWS: Record<AlongAxisName, (values: number[]) => number[]> = {
  softmax: softmaxRow,
  logSoftmax: logSoftmaxRow,
  softmin: negated(softmaxRow),
  glu: gluRow,
  sparsemax: sparsemaxRow,
};

/** The float64 result of kernel `name` along the axis of `layout`. */
export function axisReference(name: AlongAxisName, x: ArrayLike<number>, layout: AxisLayout): Float64Array {
  return mapRows(x, layout, name === 'glu' ? layout.extent / 2 : layout.extent, ROWS[name]);
}
