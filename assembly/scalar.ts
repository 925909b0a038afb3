// Scalar twins of the v128 lane operations, written branch-free: V8 lowers an f32 `select` (and
// f32.min/max) to compare-and-branch, which mispredicts on mixed-sign data, and then may sink an
// operand's whole computation into the branch, so the time depends on the data. An i32 `select`
// of the bits is no remedy: Binaryen folds select(reinterpret a, reinterpret b) back into an f32
// select. `choose` therefore blends the bits with a mask, which neither can turn into a branch.
// The NaN and signed-zero order matches the v128 instruction of the same name, so the scalar tail
// and the scalar build agree with the SIMD lanes bit for bit.

/** `cond ? ifTrue : ifFalse` without a branch: ifFalse's bits, flipped to ifTrue's where cond holds. */
// @ts-ignore: decorator
@inline export function choose(ifTrue: f32, ifFalse: f32, cond: bool): f32 {
  const onFalse = reinterpret<i32>(ifFalse);
  return reinterpret<f32>(onFalse ^ ((reinterpret<i32>(ifTrue) ^ onFalse) & -(<i32>cond)));
}

/** f32x4.pmax lane: `a < b ? b : a` (a NaN `a` is kept, a NaN `b` is not). */
// @ts-ignore: decorator
@inline export function pmax(a: f32, b: f32): f32 {
  return choose(b, a, a < b);
}

/** f32x4.pmin lane: `b < a ? b : a`. */
// @ts-ignore: decorator
@inline export function pmin(a: f32, b: f32): f32 {
  return choose(b, a, b < a);
}
