// The accuracy contract: every registry kernel with maxUlp > 0, every parameter case, both builds,
// within maxUlp ulps of its float64 reference over a sweep of the whole float32 range (specials,
// stretches around breakpoints, the core and every binade; see sweepInputs). Along-axis kernels
// (softmax, logSoftmax, ...) likewise over rows of many kinds and layouts (axisSweep). `npm run
// accuracy` runs the same measurements densely or exhaustively.
import { describe, expect, it } from 'vitest';
import { ALONG_AXIS, ELEMENTWISE } from '../dist/index.js';
import {
  AXIS_ULP_KERNELS,
  SPECIAL_BITS,
  ULP_KERNELS,
  UlpMeter,
  axisSweep,
  describeParams,
  evaluateReference,
  measureAxis,
  paramCases,
  sweepInputs,
} from './accuracy-sweep.js';
import { BUILDS, FLT_MAX, build, float32UlpAt, isCorrectlyRounded, ulpError, zeroSignMismatch } from './helpers.js';

/** Inputs per kernel with its defaults, and per further parameter case. */
const DEFAULTS_SWEEP = 2 ** 20;
const PARAMS_SWEEP = 2 ** 17;
/** Floats per along-axis kernel. */
const AXIS_SWEEP = 2 ** 18;

type Kernel = (x: Float32Array, options: object) => Float32Array;

describe('ulpError', () => {
  const ulpOf1 = 2 ** -23;

  it('measures in ulps of the float32 grid at the reference', () => {
    expect(ulpError(1, 1)).toBe(0);
    expect(ulpError(1 + ulpOf1, 1)).toBe(1);
    expect(ulpError(Math.fround(1 - ulpOf1 / 2), 1)).toBe(0.5);
    expect(ulpError(1, 1 + ulpOf1 / 4)).toBeCloseTo(0.25, 12);
    expect(ulpError(-3, -3 - 6 * 2 ** -23)).toBeCloseTo(3, 12);
    expect(float32UlpAt(1.5)).toBe(ulpOf1);
    expect(float32UlpAt(-1e30)).toBe(2 ** (99 - 23));
  });

  it('gives subnormal and zero references the ulp 2^-149', () => {
    expect(float32UlpAt(0)).toBe(2 ** -149);
    expect(float32UlpAt(1e-40)).toBe(2 ** -149);
    expect(float32UlpAt(1e-300)).toBe(2 ** -149);
    expect(float32UlpAt(2 ** -126)).toBe(2 ** -149);
    expect(ulpError(2 ** -149, 0)).toBe(1);
    expect(ulpError(3 * 2 ** -149, 1.4 * 2 ** -149)).toBeCloseTo(1.6, 12);
  });

  it('matches NaN only with NaN', () => {
    expect(ulpError(NaN, NaN)).toBe(0);
    expect(ulpError(0, NaN)).toBe(Infinity);
    expect(ulpError(NaN, 0)).toBe(Infinity);
    expect(ulpError(Infinity, NaN)).toBe(Infinity);
  });

  it('meets an infinite reference only with the same infinity', () => {
    expect(ulpError(Infinity, Infinity)).toBe(0);
    expect(ulpError(-Infinity, -Infinity)).toBe(0);
    expect(ulpError(FLT_MAX, Infinity)).toBe(Infinity);
    expect(ulpError(-Infinity, Infinity)).toBe(Infinity);
  });

  it('counts ±Inf as exact for a finite reference that rounds to it, else as ±2^128', () => {
    expect(ulpError(Infinity, 1e300)).toBe(0);
    expect(ulpError(-Infinity, -(2 ** 128))).toBe(0);
    expect(ulpError(Infinity, FLT_MAX + 2 ** 103)).toBe(0); // the tie rounds to even: Inf
    expect(ulpError(Infinity, FLT_MAX)).toBe(1);
    expect(ulpError(Infinity, FLT_MAX + 2 ** 102)).toBe(0.75);
    expect(ulpError(FLT_MAX, 1e300)).toBeGreaterThan(1e100);
    expect(ulpError(Infinity, 1)).toBeGreaterThan(1e40);
  });

  it('treats the zeros as one point; their sign is checked at zero inputs only', () => {
    expect(ulpError(-0, 0)).toBe(0);
    expect(ulpError(0, -1e-300)).toBeLessThan(1e-250);
    expect(isCorrectlyRounded(0, -1e-300)).toBe(true);
    expect(zeroSignMismatch(-0, 0, -0)).toBe(true);
    expect(zeroSignMismatch(0, -0, 0)).toBe(true);
    expect(zeroSignMismatch(-0, -0, -0)).toBe(false);
    expect(zeroSignMismatch(-1000, 0, -1e-300)).toBe(false);
    expect(zeroSignMismatch(-0, 0.5, 0.5)).toBe(false);
  });

  it('calls a result correctly rounded when it is Math.fround of the reference', () => {
    expect(isCorrectlyRounded(Math.fround(0.1), 0.1)).toBe(true);
    expect(isCorrectlyRounded(Math.fround(0.1) + 2 ** -27, 0.1)).toBe(false);
    expect(isCorrectlyRounded(NaN, NaN)).toBe(true);
    expect(isCorrectlyRounded(Infinity, 1e300)).toBe(true);
  });
});

describe('the sweep', () => {
  it('holds every special and reaches every sign, binade and NaN class', () => {
    const x = sweepInputs(2 ** 16);
    const bits = new Uint32Array(x.buffer);
    const seen = new Set(bits);
    for (const special of SPECIAL_BITS) expect(seen.has(special)).toBe(true);
    const exponents = new Set(Array.from(bits, (b) => b >>> 23));
    expect(exponents.size).toBe(512);
  });

  it('is deterministic', () => {
    expect(sweepInputs(5000, 3)).toEqual(sweepInputs(5000, 3));
  });
});

for (const name of ULP_KERNELS) {
  const { maxUlp } = ELEMENTWISE[name];
  describe(`${name} within ${maxUlp} ulp of float64, both builds`, () => {
    it.each(paramCases(name).map((params, index) => [describeParams(params), params, index]))('%s', async (_label, params, index) => {
      const x = sweepInputs(index === 0 ? DEFAULTS_SWEEP : PARAMS_SWEEP, 1 + index);
      const ref = new Float64Array(x.length);
      evaluateReference(name, params, x, ref);
      for (const { name: buildName, simd } of BUILDS) {
        const meter = new UlpMeter(false);
        meter.add(x, ((await build(simd))[name] as Kernel)(x, params), ref);
        expect(meter.failure(maxUlp), `${buildName} build`).toBeUndefined();
      }
    });
  });
}

for (const name of AXIS_ULP_KERNELS) {
  const { maxUlp, halvesAxis } = ALONG_AXIS[name];
  it(`${name} along an axis within ${maxUlp} ulp of float64, both builds`, async () => {
    const kernels = await Promise.all(BUILDS.map(async ({ simd }) => (await build(simd))[name] as unknown as Kernel));
    const { meters, disagreements } = measureAxis(name, kernels, axisSweep(AXIS_SWEEP, halvesAxis));
    meters.forEach((meter, b) => expect(meter.failure(maxUlp), `${BUILDS[b].name} build`).toBeUndefined());
    expect(disagreements, 'results on which the builds disagree').toBe(0);
  });
}
