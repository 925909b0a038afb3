// An independent PReLU reference: y = x >= 0 ? x : s * x (the product rounded to float32), with
// the slope broadcast the ONNX/numpy unidirectional way. It does not collapse shapes as
// src/prelu.ts does: for every flat index of x it computes x's multi-index and from it the
// slope's flat index, in plain float64 index arithmetic.

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Whether `slopeShape` broadcasts to `xShape` one way: trailing axes aligned, each slope extent x's or 1. */
export function broadcastable(xShape: readonly number[], slopeShape: readonly number[]): boolean {
  if (slopeShape.length > xShape.length) return false;
  const lead = xShape.length - slopeShape.length;
  return slopeShape.every((extent, j) => extent === 1 || extent === xShape[lead + j]);
}

/** PReLU of x (of shape xShape) with slope (of shape slopeShape), as float32. */
export function preluReference(
  x: ArrayLike<number>,
  xShape: readonly number[],
  slope: ArrayLike<number>,
  slopeShape: readonly number[],
): Float32Array {
  const n = product(xShape);
  if (x.length !== n) throw new Error(`reference: x has ${x.length} values, shape [${xShape}] holds ${n}`);
  if (slope.length !== product(slopeShape)) throw new Error(`reference: slope length does not match [${slopeShape}]`);
  if (!broadcastable(xShape, slopeShape)) throw new Error(`reference: [${slopeShape}] does not broadcast to [${xShape}]`);
  const rank = xShape.length;
  const lead = rank - slopeShape.length;
  // Row-major strides of the slope over its own shape.
  const slopeStrides = slopeShape.map((_, j) => product(slopeShape.slice(j + 1)));
  const index = new Array<number>(rank).fill(0);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let rest = i;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = rest % xShape[d];
      rest = Math.floor(rest / xShape[d]);
    }
    let s = 0;
    for (let j = 0; j < slopeShape.length; j++) {
      if (slopeShape[j] !== 1) s += index[lead + j] * slopeStrides[j];
    }
    const v = x[i];
    y[i] = v >= 0 ? v : Math.fround(slope[s] * v);
  }
  return y;
}

/**
 * Every slope shape that broadcasts to `xShape` one way: each rank from 0 to x's, each aligned
 * extent either x's or 1 (without duplicates where x's extent is 1).
 */
export function slopeShapesFor(xShape: readonly number[]): number[][] {
  const shapes: number[][] = [];
  const seen = new Set<string>();
  for (let rank = 0; rank <= xShape.length; rank++) {
    const tail = xShape.slice(xShape.length - rank);
    for (let mask = 0; mask < 1 << rank; mask++) {
      const shape = tail.map((extent, j) => (mask & (1 << j) ? 1 : extent));
      const key = shape.join(',') + '|' + rank;
      if (!seen.has(key)) {
        seen.add(key);
        shapes.push(shape);
      }
    }
  }
  return shapes;
}
