// Shared test fixtures: both builds, the special float32 values, and bit-exact comparison.
import { type Activations, loadActivations } from '../dist/index.js';

export const BUILDS = [
  { name: 'simd', simd: true },
  { name: 'scalar', simd: false },
] as const;

const loaded = new Map<boolean, Promise<Activations>>();
/** One instance per build, shared by a test file. */
export function build(simd: boolean): Promise<Activations> {
  let act = loaded.get(simd);
  if (act === undefined) {
    act = loadActivations({ simd });
    loaded.set(simd, act);
  }
  return act;
}

export const FLT_MAX = 3.4028234663852886e38;
export const FLT_MIN_NORMAL = 1.1754943508222875e-38;
export const FLT_DENORM_MIN = 1.401298464324817e-45;

/** Every special float32 class: signed zeros, infinities, NaN, extremes, denormals. */
export const SPECIALS: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN, FLT_MAX, -FLT_MAX, FLT_MIN_NORMAL, -FLT_MIN_NORMAL, FLT_DENORM_MIN, -FLT_DENORM_MIN,
  FLT_MIN_NORMAL / 3, -FLT_MIN_NORMAL / 3, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 6, -6, 7, -7, 1e-20, -1e-20, 1e20, -1e20,
].map(Math.fround);

/**
 * Parameter values where kernels switch loops or formulas: signed zeros, ±1 and its neighbours,
 * 6, tiny and huge magnitudes (all finite float32).
 */
export const PARAM_EDGES: readonly number[] = [
  0, -0, 1, -1, 0.99999994, 1.0000001, 0.5, -0.5, 6, -6, FLT_MIN_NORMAL, -FLT_MIN_NORMAL, FLT_DENORM_MIN, -FLT_DENORM_MIN, FLT_MAX, -FLT_MAX,
].map(Math.fround);

/** A deterministic generator (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n floats: mostly uniform in [-scale, scale], salted with specials. */
export function testData(n: number, seed = n, scale = 10): Float32Array {
  const next = random(seed);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = next() < 0.2 ? SPECIALS[Math.floor(next() * SPECIALS.length)] : (next() * 2 - 1) * scale;
  }
  return data;
}

/** n floats with random bit patterns: every exponent, sign and NaN payload class. */
export function randomBits(n: number, seed = n): Float32Array {
  const next = random(seed);
  const bits = new Uint32Array(n);
  for (let i = 0; i < n; i++) bits[i] = Math.floor(next() * 2 ** 32);
  return new Float32Array(bits.buffer);
}

const bitsScratch = new Float32Array(1);
const bitsScratchU32 = new Uint32Array(bitsScratch.buffer);
const bitsOf = (value: number) => {
  bitsScratch[0] = value;
  return bitsScratchU32[0];
};
export const hex = (value: number) => `0x${bitsOf(value).toString(16).padStart(8, '0')}`;

/**
 * The index of the first float that differs in bits (any NaN matches any NaN), with a message,
 * or undefined when equal. Returning a message lets one expect() cover a whole array.
 */
export function firstBitMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, input?: ArrayLike<number>): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    // Equal nonzero numbers are equal float32 bits (zeros differ by sign, so they take the bit test).
    if (a === e && a !== 0) continue;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (bitsOf(a) !== bitsOf(e)) {
      const at = input ? ` for x = ${input[i]} (${hex(input[i])})` : '';
      return `index ${i}${at}: got ${a} (${hex(a)}), expected ${e} (${hex(e)})`;
    }
  }
  return undefined;
}

/** n finite floats uniform in [-scale, scale] (about half negative), no specials. */
export function randomFloats(n: number, seed = n, scale = 10): Float32Array {
  const next = random(seed);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (next() * 2 - 1) * scale;
  return data;
}

/**
 * The tolerance of the ONNX backend test runner: numpy `assert_allclose(actual, expected,
 * rtol=1e-3, atol=1e-7)`, i.e. |actual - expected| <= atol + rtol * |expected|.
 */
export const ONNX_TOLERANCE = { rtol: 1e-3, atol: 1e-7 } as const;

/**
 * The index of the first value outside |a - e| <= atol + rtol * |e| (NaN matches NaN, an
 * infinity only itself), with a message, or undefined when every value is within tolerance.
 */
export function firstToleranceMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol, atol }: { rtol: number; atol: number },
): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const ok = a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) return `index ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`;
  }
  return undefined;
}

// Accuracy against float64 references (kernels with maxUlp > 0). The one definition of an ulp
// error: test/accuracy-sweep.ts, the tests and `npm run accuracy` all measure through it.

/** 2^(e-23): the spacing of the float32 grid in the binade [2^e, 2^(e+1)), for e = -126..127. */
const ULP_OF_BINADE = Float64Array.from({ length: 254 }, (_, i) => 2 ** (i - 126 - 23));
const f64Scratch = new Float64Array(1);
const f64ScratchWords = new Uint32Array(f64Scratch.buffer);
/** A number as a test message shows it, -0 included. */
export const show = (value: number) => (Object.is(value, -0) ? '-0' : String(value));
/** ±Inf sits one grid step past ±FLT_MAX, at ±2^128, when an error is measured against a finite reference. */
const FLOAT32_INFINITY_AS_GRID_POINT = 2 ** 128;

/**
 * The float32 ulp at a float64 value: 2^(e-23) with e = floor(log2|ref|) clamped to [-126, 127],
 * so subnormal references have ulp 2^-149 and references beyond FLT_MAX the last binade's 2^104.
 */
export function float32UlpAt(ref: number): number {
  f64Scratch[0] = ref;
  const e = ((f64ScratchWords[1] >>> 20) & 0x7ff) - 1023; // float64 subnormals give -1023: clamped
  return ULP_OF_BINADE[(e < -126 ? -126 : e > 127 ? 127 : e) + 126];
}

/**
 * The error of a float32 result `got` against a float64 reference `ref`, in ulps of the float32
 * grid at `ref` (see float32UlpAt): |got - ref| / ulp, so a correctly rounded finite result is
 * at most 0.5 ulp off.
 * - NaN: 0 when both are NaN, Infinity when only one is (NaN expected ⇔ NaN got).
 * - An infinite reference is met only by the same infinity (0), anything else is Infinity.
 * - An infinite result against a finite reference is exact (0) when the reference rounds to it
 *   under round-to-nearest (|ref| ≥ FLT_MAX + half an ulp); otherwise it counts as ±2^128, the
 *   grid point after ±FLT_MAX (so returning Inf for FLT_MAX is a 1 ulp error, not an infinite one).
 * - Zeros: +0 and -0 are one point of the grid, so the sign of a zero never counts here. The
 *   tests check it separately where kernels promise it, at zero inputs (see zeroSignMismatch).
 */
export function ulpError(got: number, ref: number): number {
  if (ref !== ref) return got !== got ? 0 : Infinity;
  if (got !== got) return Infinity;
  if (ref === Infinity || ref === -Infinity) return got === ref ? 0 : Infinity;
  if (got === Infinity || got === -Infinity) {
    if (got === Math.fround(ref)) return 0;
    got = got > 0 ? FLOAT32_INFINITY_AS_GRID_POINT : -FLOAT32_INFINITY_AS_GRID_POINT;
  }
  return Math.abs(got - ref) / float32UlpAt(ref);
}

/** Correctly rounded: `got` is the float64 reference rounded to float32 (NaN for NaN; ±0 alike). */
export function isCorrectlyRounded(got: number, ref: number): boolean {
  return got === Math.fround(ref) || (got !== got && ref !== ref);
}

/**
 * At a zero input, a zero reference's sign is part of the contract (tanh(-0) = -0, elu(-0) = -0,
 * silu(-0) = -0, ...: the README lists each kernel's -0 behaviour, and the reference encodes it).
 * True when x is ±0, the reference is ±0 and `got` is the other zero. Elsewhere a zero's sign is
 * left free: a result that underflows to -0 or +0 is equally right.
 */
export function zeroSignMismatch(x: number, got: number, ref: number): boolean {
  return x === 0 && ref === 0 && got === 0 && 1 / got !== 1 / ref;
}

/**
 * The index of the first result more than `maxUlp` ulps from its float64 reference (ulpError),
 * or with the wrong sign of zero at a zero input (zeroSignMismatch), with a message; undefined
 * when every result is within the bound.
 */
export function firstUlpMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  maxUlp: number,
  input: ArrayLike<number>,
): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const error = ulpError(a, e);
    const signOfZero = zeroSignMismatch(input[i], a, e);
    if (error > maxUlp || signOfZero) {
      const why = signOfZero ? 'wrong sign of zero' : `${error.toPrecision(4)} ulp > ${maxUlp}`;
      return `index ${i} for x = ${show(input[i])} (${hex(input[i])}): got ${show(a)} (${hex(a)}), reference ${show(e)} (rounds to ${hex(e)}): ${why}`;
    }
  }
  return undefined;
}
