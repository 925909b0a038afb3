// A counter-based uniform generator: the draw for element i is a pure function of (seed, i), so
// any build, any loop shape and any chunking gives the same numbers, and a v128 lane computes
// its draw with the same integer operations as the scalar code. The draw is two keyed rounds of
// Chris Wellons' "lowbias32" integer hash (constants from his hash-prospector search; one round
// has an avalanche bias of about 0.17, i.e. it is close to a random 32-bit permutation):
//   h = mix(mix(i + key0) ^ key1),  u = (h >>> 8) * 2^-24  in [0, 1 - 2^-24].
// The second keyed round keeps two seeds from giving shifted copies of one sequence. Not for
// cryptography; JavaScript reimplements it in a few lines (test/reference.ts does).

// @ts-ignore: decorator
@inline const MIX_A: u32 = 0x7feb352d;
// @ts-ignore: decorator
@inline const MIX_B: u32 = 0x846ca68b;
/** 2^32 / golden ratio, to separate the two keys. */
// @ts-ignore: decorator
@inline const GOLDEN: u32 = 0x9e3779b9;
// @ts-ignore: decorator
@inline const TWO_TO_MINUS_24: f32 = 5.9604644775390625e-8;

/** lowbias32: a bijection of u32 with good avalanche. */
// @ts-ignore: decorator
@inline export function mixOne(h: u32): u32 {
  h ^= h >>> 16;
  h *= MIX_A;
  h ^= h >>> 15;
  h *= MIX_B;
  h ^= h >>> 16;
  return h;
}

// @ts-ignore: decorator
@inline export function mixVec(h: v128): v128 {
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(MIX_A));
  h = v128.xor(h, i32x4.shr_u(h, 15));
  h = i32x4.mul(h, i32x4.splat(MIX_B));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

/** The first key of a 64-bit seed given as two u32 halves. */
// @ts-ignore: decorator
@inline export function firstKey(seedLow: u32, seedHigh: u32): u32 {
  return mixOne(mixOne(seedHigh) ^ seedLow);
}

/** The second key, from the first. */
// @ts-ignore: decorator
@inline export function secondKey(key0: u32): u32 {
  return mixOne(key0 + GOLDEN);
}

/**
 * Uniform draws in [0, 1) for four element indices. The top 24 bits convert exactly, and as
 * signed integers: x86 has no unsigned conversion, which V8 emulates at several times the cost.
 */
// @ts-ignore: decorator
@inline export function uniformVec(index: v128, key0: v128, key1: v128): v128 {
  const h = mixVec(v128.xor(mixVec(i32x4.add(index, key0)), key1));
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(h, 8)), f32x4.splat(TWO_TO_MINUS_24));
}

// @ts-ignore: decorator
@inline export function uniformOne(index: u32, key0: u32, key1: u32): f32 {
  const h = mixOne(mixOne(index + key0) ^ key1);
  return <f32><i32>(h >>> 8) * TWO_TO_MINUS_24;
}
