// The one loop shape every elementwise kernel uses (after XNNPACK's vunary/vbinary microkernels):
// a main loop of four v128 per iteration, a one-v128 loop, then a scalar tail. Only the SIMD build
// has the first two; the scalar build runs the tail loop over everything. An operation is a final,
// unmanaged class whose inlined `vec` and `one` methods compute the same operations in the same
// order, so both builds agree bit for bit. Up to three f32 parameters are passed through; unused
// ones vanish after inlining.
//
// An op that costs one to three vector instructions is bound by memory, not arithmetic, and V8
// adds a fixed cost to every loop iteration (a stack check, the counter, and a re-materialized
// splat of each parameter). Such an op declares `@inline eightPerIteration(): void {}` and its main
// loop takes eight v128 per iteration instead of four: 3-18 % faster at 4K-256K for the piecewise
// ops in an interleaved A/B. The exp-based ops keep four: with eight, gelu ran 25-40 % slower
// (its live vectors spill) and sigmoid's speed halved in some processes and not in others.
// Eight loads then eight stores measured up to 9 % faster than two groups of four.

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
    if (isDefined(op.eightPerIteration)) {
      for (; i + 2 * UNROLLED <= n; i += 2 * UNROLLED) {
        const p = x + (i << 2);
        const q = y + (i << 2);
        const v0 = v128.load(p);
        const v1 = v128.load(p, 16);
        const v2 = v128.load(p, 32);
        const v3 = v128.load(p, 48);
        const v4 = v128.load(p, 64);
        const v5 = v128.load(p, 80);
        const v6 = v128.load(p, 96);
        const v7 = v128.load(p, 112);
        v128.store(q, op.vec(v0, va, vb, vc));
        v128.store(q, op.vec(v1, va, vb, vc), 16);
        v128.store(q, op.vec(v2, va, vb, vc), 32);
        v128.store(q, op.vec(v3, va, vb, vc), 48);
        v128.store(q, op.vec(v4, va, vb, vc), 64);
        v128.store(q, op.vec(v5, va, vb, vc), 80);
        v128.store(q, op.vec(v6, va, vb, vc), 96);
        v128.store(q, op.vec(v7, va, vb, vc), 112);
      }
    }
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
