// Sparsemax (Martins & Astudillo 2016): the Euclidean projection of a row z onto the probability
// simplex, y = max(z - tau, 0), with tau the threshold at which the y sum to 1.
// tau is found by Michelot's algorithm (1986) in float64, on d = z - max(z) (exact for every
// float in the support, which lies within 1 of the max): start from tau = -1, which is at most
// the answer, then repeatedly set tau = (sum of d over the set S of d > tau, minus 1) / |S|. tau
// grows and S shrinks until S stops changing, and then tau is the answer. Each step is one pass
// over the row. A few steps are typical, since S shrinks by a large factor each time; the number
// of steps is at most |S| at the start, the number of floats within 1 of the max.
// y = d - tau is then rounded to float32 once, so a y is within an ulp or so of the float64
// sparsemax.
// The code is scalar, and the same in both builds.
// Specials: a NaN anywhere in a row gives a NaN row. With +Inf in a row, or a row of only -Inf,
// d has NaN (Inf - Inf), so the row is NaN too. In any other row, a -Inf entry gives 0.

/** `cond ? ifTrue : ifFalse` for f64 without a branch (scalar.ts's `choose`, for f64). */
// @ts-ignore: decorator
@inline function choose64(ifTrue: f64, ifFalse: f64, cond: bool): f64 {
  return reinterpret<f64>(select<i64>(reinterpret<i64>(ifTrue), reinterpret<i64>(ifFalse), cond));
}

/** Sparsemax of one row of n floats `stride` bytes apart. */
function sparsemaxStrided(x: usize, y: usize, n: usize, stride: usize): void {
  const end = n * stride;
  let max: f64 = -Infinity;
  let anyNaN = false;
  for (let p: usize = 0; p < end; p += stride) {
    const z = <f64>load<f32>(x + p);
    max = choose64(z, max, z > max);
    anyNaN = anyNaN || z != z;
  }
  let tau: f64 = -1;
  let size: usize = n + 1;
  for (;;) {
    let sum: f64 = 0;
    let count: usize = 0;
    for (let p: usize = 0; p < end; p += stride) {
      const d = <f64>load<f32>(x + p) - max;
      const inSupport = d > tau;
      sum += choose64(d, 0, inSupport);
      count += <usize>inSupport;
    }
    // The same set as the last step: tau is its own fixed point.
    if (count >= size) break;
    size = count;
    tau = (sum - 1) / <f64>count;
  }
  if (anyNaN) tau = NaN;
  for (let p: usize = 0; p < end; p += stride) {
    const t = (<f64>load<f32>(x + p) - max) - tau;
    store<f32>(y + p, <f32>choose64(0, t, t < 0));
  }
}

/** Sparsemax along the middle axis of [outer, n, inner] floats at x, into y (y may be x). */
export function sparsemax(x: usize, y: usize, outer: usize, n: usize, inner: usize): void {
  const blockBytes = (n * inner) << 2;
  const stride = inner << 2;
  for (let o: usize = 0; o < outer; o++, x += blockBytes, y += blockBytes) {
    for (let j: usize = 0; j < stride; j += 4) sparsemaxStrided(x + j, y + j, n, stride);
  }
}
