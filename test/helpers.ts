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

const bitsOf = (value: number) => new Uint32Array(new Float32Array([value]).buffer)[0];
const hex = (value: number) => `0x${bitsOf(value).toString(16).padStart(8, '0')}`;

/**
 * The index of the first float that differs in bits (any NaN matches any NaN), with a message,
 * or undefined when equal. Returning a message lets one expect() cover a whole array.
 */
export function firstBitMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, input?: ArrayLike<number>): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (bitsOf(a) !== bitsOf(e)) {
      const at = input ? ` for x = ${input[i]} (${hex(input[i])})` : '';
      return `index ${i}${at}: got ${a} (${hex(a)}), expected ${e} (${hex(e)})`;
    }
  }
  return undefined;
}
