// Differential tests against TensorFlow.js (tfjs-core with the CPU backend), both builds.
// tfjs's CPU kernels are plain JS over Float32Array:
//   leakyRelu: x < 0 ? alpha * x : x       prelu: x < 0 ? a * x : x       (stored to float32)
//   relu:      Math.max(0, x)              relu6: Math.min(Math.max(0, x), 6)
// With a float32 alpha the double product of two float32 values is exact, so storing it rounds
// once, exactly as an f32 multiply does: for every finite input (and NaN) both sides are
// bit-identical. Known divergences, excluded deliberately where noted:
//  - relu / relu6 of -0: Math.max(0, -0) is +0 in tfjs; ours keeps -0 (x >= 0 selects x).
//  - a leakyRelu alpha that is not a float32 value (0.1, or tfjs's default 0.2): tfjs multiplies
//    by the double, we by the float32 nearest it, so results can differ by one ULP. We always
//    pass float32 alphas explicitly (tfjs's default alpha is 0.2, ours 0.01).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, SPECIALS, build, firstBitMismatch, randomBits, randomFloats } from './helpers.js';

const SIZES = [1, 3, 4, 16, 17, 64, 1000, 4099, 1 << 16];
const ALPHAS = [0, 0.01, 0.1, 0.2, 0.3, 0.5, 1, 1.5, 2, 10, -0.5, 1e-30, 3e38].map(Math.fround);

beforeAll(async () => {
  // IS_TEST silences tfjs's "install the node backend" notice (and turns on its leak checks).
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
  expect(tf.getBackend()).toBe('cpu');
});

/** Runs a tfjs op on float32 data of a shape and returns its float32 values. */
function tfjs(op: (x: tf.Tensor) => tf.Tensor, x: Float32Array, shape: number[] = [x.length]): Float32Array {
  return tf.tidy(() => op(tf.tensor(x, shape, 'float32'))).dataSync() as Float32Array;
}

/** Random bit patterns with NaN and the infinities replaced: every finite exponent, denormals too. */
function finiteBits(n: number, seed: number): Float32Array {
  const x = randomBits(n, seed);
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) x[i] = (i % 7) - 3;
  return x;
}

/** The datasets each size is tested with: half negative at two scales, and any finite float32. */
const datasets = (n: number) => [
  ['uniform ±10', randomFloats(n, n, 10)],
  ['uniform ±1e-3', randomFloats(n, n + 1, 1e-3)],
  ['finite bits', finiteBits(n, n + 2)],
] as const;

/** Drops -0 from x (tfjs's Math.max(0, -0) is +0, ours -0; see the header). */
const withoutNegativeZero = (x: Float32Array) => x.filter((v) => !Object.is(v, -0));

describe.each(BUILDS)('$name build', ({ simd }) => {
  it('the data is about half negative', () => {
    const x = randomFloats(1 << 16, 1);
    const negative = x.filter((v) => v < 0).length / x.length;
    expect(negative).toBeGreaterThan(0.45);
    expect(negative).toBeLessThan(0.55);
  });

  it.each(SIZES)('leakyRelu with float32 alphas, n = %i', async (n) => {
    const act = await build(simd);
    for (const [what, x] of datasets(n)) {
      for (const alpha of ALPHAS) {
        const want = tfjs((t) => tf.leakyRelu(t, alpha), x);
        expect(firstBitMismatch(act.leakyRelu(x, { alpha }), want, x), `${what}, alpha ${alpha}`).toBeUndefined();
      }
    }
  });

  it.each(SIZES)('relu and relu6, n = %i', async (n) => {
    const act = await build(simd);
    for (const [what, data] of datasets(n)) {
      const x = withoutNegativeZero(data);
      expect(firstBitMismatch(act.relu(x), tfjs(tf.relu, x), x), `relu, ${what}`).toBeUndefined();
      expect(firstBitMismatch(act.relu6(x), tfjs(tf.relu6, x), x), `relu6, ${what}`).toBeUndefined();
      // relu6 of values around 6 (exact selections, so exact equality).
      const near6 = x.map((v) => 6 + v / 10);
      expect(firstBitMismatch(act.relu6(near6), tfjs(tf.relu6, near6), near6), `relu6 near 6, ${what}`).toBeUndefined();
    }
  });

  it('special values: NaN, ±Inf, ±0, denormals, FLT_MAX (all but relu(-0))', async () => {
    const act = await build(simd);
    const x = Float32Array.from(SPECIALS);
    for (const alpha of ALPHAS) {
      expect(firstBitMismatch(act.leakyRelu(x, { alpha }), tfjs((t) => tf.leakyRelu(t, alpha), x), x), `alpha ${alpha}`).toBeUndefined();
    }
    const slopes = Float32Array.from(SPECIALS);
    for (const s of SPECIALS) {
      const want = tfjs((t) => tf.prelu(t, tf.scalar(s)), x);
      expect(firstBitMismatch(act.prelu(x, Float32Array.of(s), { slopeShape: [] }), want, x), `slope ${s}`).toBeUndefined();
    }
    const grid = new Float32Array(x.length * x.length).map((_, i) => SPECIALS[i % x.length]);
    const want = tfjs((t) => tf.prelu(t, tf.tensor(slopes, [x.length, 1])), grid, [x.length, x.length]);
    expect(firstBitMismatch(act.prelu(grid, slopes, { shape: [x.length, x.length], slopeShape: [x.length, 1] }), want, grid)).toBeUndefined();
    const y = withoutNegativeZero(x);
    expect(firstBitMismatch(act.relu(y), tfjs(tf.relu, y), y)).toBeUndefined();
    expect(firstBitMismatch(act.relu6(y), tfjs(tf.relu6, y), y)).toBeUndefined();
  });

  it('the documented divergences are real: relu(-0) and a double alpha', async () => {
    const act = await build(simd);
    const z = Float32Array.of(-0);
    expect(Object.is(act.relu(z)[0], -0)).toBe(true);
    expect(Object.is(tfjs(tf.relu, z)[0], 0)).toBe(true);
    expect(Object.is(act.relu6(z)[0], -0)).toBe(true);
    expect(Object.is(tfjs(tf.relu6, z)[0], 0)).toBe(true);
    // alpha 0.1 as a double (tfjs) and as float32 (ours): at most one ULP apart, and not always equal.
    const x = randomFloats(4099, 5);
    const ours = act.leakyRelu(x, { alpha: 0.1 });
    const theirs = tfjs((t) => tf.leakyRelu(t, 0.1), x);
    const ulps = (a: number, b: number) => Math.abs(new Int32Array(Float32Array.of(a).buffer)[0] - new Int32Array(Float32Array.of(b).buffer)[0]);
    let differ = 0;
    for (let i = 0; i < x.length; i++) {
      expect(ulps(ours[i], theirs[i])).toBeLessThanOrEqual(1);
      if (ours[i] !== theirs[i]) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });

  describe('prelu', () => {
    // Shapes tfjs's (bidirectional) broadcasting supports and that ours (one-way) accepts.
    const cases: [string, number[], number[]][] = [
      ['scalar slope', [1000], []],
      ['slope [1]', [4, 17], [1]],
      ['per channel, last axis (NHWC)', [2, 5, 7, 3], [3]],
      ['per channel, last axis, C = 16', [8, 8, 16], [16]],
      ['per channel, last axis, C = 300', [3, 300], [300]],
      ['per channel, [1, 1, C]', [2, 4, 4, 5], [1, 1, 5]],
      ['per channel, channel-first [C, 1, 1]', [2, 3, 5, 5], [3, 1, 1]],
      ['[1, 2, 1] against [1, 2, 3]', [1, 2, 3], [1, 2, 1]],
      ['[2, 1, 4] against [3, 2, 5, 4]', [3, 2, 5, 4], [2, 1, 4]],
      ['same shape', [7, 9], [7, 9]],
    ];
    it.each(cases)('%s: x %j, slope %j', async (_what, shape, slopeShape) => {
      const act = await build(simd);
      const n = shape.reduce((a, b) => a * b, 1);
      const m = slopeShape.reduce((a, b) => a * b, 1);
      for (let seed = 0; seed < 3; seed++) {
        const x = seed === 2 ? finiteBits(n, seed) : randomFloats(n, n + seed, 10);
        // Slopes of both signs, above and below 1, as float32 values.
        const slope = randomFloats(m, m + seed, seed === 1 ? 3 : 0.5);
        const want = tfjs((t) => tf.prelu(t, tf.tensor(slope, slopeShape, 'float32')), x, shape);
        expect(firstBitMismatch(act.prelu(x, slope, { shape, slopeShape }), want, x), `seed ${seed}`).toBeUndefined();
      }
    });

    it.each([1, 17, 1000, 1 << 16])('channels-last with 3 channels and a scalar slope, n = %i pixels', async (pixels) => {
      const act = await build(simd);
      const x = randomFloats(pixels * 3, pixels);
      const slope = Float32Array.of(0.25, -1.5, 2);
      const want = tfjs((t) => tf.prelu(t, tf.tensor1d(slope)), x, [pixels, 3]);
      expect(firstBitMismatch(act.prelu(x, slope, { shape: [pixels, 3] }), want, x)).toBeUndefined();
      const alpha = Math.fround(0.2);
      const scalarWant = tfjs((t) => tf.prelu(t, tf.scalar(alpha)), x, [pixels, 3]);
      expect(firstBitMismatch(act.prelu(x, Float32Array.of(alpha), { shape: [pixels, 3], slopeShape: [] }), scalarWant, x)).toBeUndefined();
      // A scalar prelu is a leakyRelu.
      expect(firstBitMismatch(act.leakyRelu(x, { alpha }), scalarWant, x)).toBeUndefined();
    });
  });
});
