// The one loop shape every elementwise kernel uses (after XNNPACK's vunary/vbinary microkernels):
// a main loop of four v128 per iteration, a one-v128 loop, then a scalar tail. Only the SIMD build
// has the first two; the scalar build runs the tail loop over everything. An operation is a final,
// unmanaged class whose inlined `vec` and `one` methods compute the same operations in the same
// order, so both builds agree bit for bit. Up to three f32 parameters are passed through; unused
// ones vanish after inlining.

/** Floats per v128. */
// @ts-ignore: decorator
@inline export const LANES: usize = 4;
/** Floats per unrolled main-loop iteration. */
// @ts-ignore: decorator
@inline export const UNROLLED: usize = 4 * LANES;

/** y[i] = op(x[i]) for i < n; `y` may equal `x`. */
// @ts-ignore: decorator
@inline export function mapUnary<Op>(x: usize, y: usize, n: usize, a: f32, b: f32, c: f32): void {
  const op = changetype<Op>(0);
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(a);
    const vb = f32x4.splat(b);
    const vc = f32x4.splat(c);
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const p = x + (i << 2);
      const q = y + (i << 2);
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      v128.store(q, op.vec(v0, va, vb, vc));
      v128.store(q, op.vec(v1, va, vb, vc), 16);
      v128.store(q, op.vec(v2, va, vb, vc), 32);
      v128.store(q, op.vec(v3, va, vb, vc), 48);
    }
    for (; i + LANES <= n; i += LANES) {
      v128.store(y + (i << 2), op.vec(v128.load(x + (i << 2)), va, vb, vc));
    }
  }
  for (; i < n; i++) {
    store<f32>(y + (i << 2), op.one(load<f32>(x + (i << 2)), a, b, c));
  }
}

/** y[i] = op(x[i], s[i]) for i < n; `y` may equal `x`. */
// @ts-ignore: decorator
@inline export function mapBinary<Op>(x: usize, s: usize, y: usize, n: usize): void {
  const op = changetype<Op>(0);
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + UNROLLED <= n; i += UNROLLED) {
      const p = x + (i << 2);
      const r = s + (i << 2);
      const q = y + (i << 2);
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      // Every load before the first store: V8 keeps loads after a store in order, which would
      // serialize the four computations.
      const s0 = v128.load(r);
      const s1 = v128.load(r, 16);
      const s2 = v128.load(r, 32);
      const s3 = v128.load(r, 48);
      v128.store(q, op.vec(v0, s0));
      v128.store(q, op.vec(v1, s1), 16);
      v128.store(q, op.vec(v2, s2), 32);
      v128.store(q, op.vec(v3, s3), 48);
    }
    for (; i + LANES <= n; i += LANES) {
      v128.store(y + (i << 2), op.vec(v128.load(x + (i << 2)), v128.load(s + (i << 2))));
    }
  }
  for (; i < n; i++) {
    store<f32>(y + (i << 2), op.one(load<f32>(x + (i << 2)), load<f32>(s + (i << 2))));
  }
}
