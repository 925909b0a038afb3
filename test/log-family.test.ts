// softplus, logSigmoid, softsign and gelu (both forms), both builds: specials, both tails with
// subnormal results, a dense sweep against the float64 REFERENCE within the registry's maxUlp,
// every length 0..67 at unaligned offsets and in place, and bad parameters.
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE } from '../dist/index.js';
import { BUILDS, FLT_DENORM_MIN, FLT_MAX, FLT_MIN_NORMAL, build, firstBitMismatch, randomBits, testData, ulpError } from './helpers.js';
import { PARAM_CASES, REFERENCE } from './reference.js';

const KERNELS = ['softplus', 'logSigmoid', 'softsign', 'gelu'] as const;
type Name = (typeof KERNELS)[number];
type Params = Record<string, number | string>;
type Fn = (x: Float32Array, o?: object) => Float32Array;

const CASES: Record<Name, Params[]> = {
  softplus: [{}, ...(PARAM_CASES.softplus as Params[])],
  logSigmoid: [{}],
  softsign: [{}],
  gelu: [{}, { approximate: 'tanh' }],
};

function resolved(name: Name, params: Params): Params {
  const specs = ELEMENTWISE[name].params as Record<string, { default: number | string }>;
  return { ...Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])), ...params };
}

/** The first result more than maxUlp from the float64 reference, or with a wrong zero sign. */
function firstBeyond(name: Name, params: Params, x: Float32Array, y: Float32Array): string | undefined {
  const reference = REFERENCE[name] as (x: number, p: Params) => number;
  const p = resolved(name, params);
  const maxUlp = ELEMENTWISE[name].maxUlp;
  for (let i = 0; i < x.length; i++) {
    const want = reference(x[i], p);
    const err = ulpError(y[i], want);
    const zeroSign = want === 0 && y[i] === 0 && 1 / want !== 1 / y[i];
    if (!(err <= maxUlp) || zeroSign) return `x = ${x[i]}: got ${y[i]}, float64 ${want} (${err} ulp > ${maxUlp})`;
  }
  return undefined;
}

/** 2^21 inputs: every exponent (random bits) and a dense ramp over [-20, 20], plus the tails. */
function sweep(): Float32Array {
  const n = 1 << 19;
  const x = new Float32Array(4 * n);
  x.set(randomBits(2 * n, 5), 0);
  for (let i = 0; i < n; i++) x[2 * n + i] = -20 + (40 * i) / n;
  for (let i = 0; i < n; i++) x[3 * n + i] = -110 + (95 * i) / n; // gelu's and softplus' far tails
  return x;
}
const SWEEP = sweep();

describe.each(BUILDS)('$name build', ({ simd }) => {
  const fn = async (name: Name) => (await build(simd))[name] as unknown as Fn;

  it('specials: NaN, signed zeros, infinities, extremes', async () => {
    const x = Float32Array.from([NaN, 0, -0, Infinity, -Infinity, FLT_MAX, -FLT_MAX]);
    const ln2 = Math.fround(Math.LN2);
    const check = async (name: Name, params: Params, want: number[]) => {
      expect(firstBitMismatch((await fn(name))(x, params), Float32Array.from(want), x), `${name} ${JSON.stringify(params)}`).toBeUndefined();
    };
    await check('softplus', {}, [NaN, ln2, ln2, Infinity, 0, FLT_MAX, 0]);
    await check('softplus', { beta: 2 }, [NaN, Math.fround(Math.LN2 / 2), Math.fround(Math.LN2 / 2), Infinity, 0, FLT_MAX, 0]);
    await check('logSigmoid', {}, [NaN, -ln2, -ln2, 0, -Infinity, 0, -FLT_MAX]);
    await check('softsign', {}, [NaN, 0, -0, 1, -1, 1, -1]);
    // -Inf * Phi(-Inf) = -Inf * 0: NaN, as PyTorch's and ONNX's formulas give.
    await check('gelu', {}, [NaN, 0, -0, Infinity, NaN, FLT_MAX, -0]);
    await check('gelu', { approximate: 'tanh' }, [NaN, 0, -0, Infinity, NaN, FLT_MAX, -0]);
  });

  it('tails: tiny and subnormal results, correctly scaled', async () => {
    const x = Float32Array.from([-50, -87, -88, -90, -95, -100, -103, -104, -105, -120, 30, 50, 87, 90, 100, 103]);
    for (const [name, params] of [['softplus', {}], ['softplus', { beta: 0.5 }], ['logSigmoid', {}]] as const) {
      const y = (await fn(name))(x, params);
      expect(firstBeyond(name, params, x, y)).toBeUndefined();
    }
    // softplus(x) = e^x and logSigmoid(-x) = -e^x, subnormal included.
    const sp = (await fn('softplus'))(Float32Array.from([-100]));
    expect(sp[0]).toBeGreaterThan(0);
    expect(sp[0]).toBeLessThan(FLT_MIN_NORMAL);
    expect(ulpError(sp[0], Math.exp(-100))).toBeLessThanOrEqual(1);
    const ls = (await fn('logSigmoid'))(Float32Array.from([100]));
    expect(ls[0]).toBeLessThan(0);
    expect(ulpError(ls[0], -Math.exp(-100))).toBeLessThanOrEqual(1);
    // gelu's far negative tail: tiny but not zero, down to where x Phi(x) underflows.
    const g = Float32Array.from([-5, -8, -10, -12, -13, -13.5, -14, -14.1, -14.2, -14.3, -15, -20]);
    for (const params of CASES.gelu) {
      const y = (await fn('gelu'))(g, params);
      expect(firstBeyond('gelu', params, g, y)).toBeUndefined();
    }
    const exactTail = (await fn('gelu'))(Float32Array.from([-13.5, -14]));
    expect(exactTail[0]).toBeLessThan(0);
    expect(-exactTail[1]).toBeGreaterThanOrEqual(FLT_DENORM_MIN);
    expect(-exactTail[1]).toBeLessThan(FLT_MIN_NORMAL);
  });

  describe.each(KERNELS)('%s', (name) => {
    it.each(CASES[name])('within maxUlp of float64 over 2^21 inputs with %o', async (params) => {
      const y = (await fn(name))(SWEEP, params);
      expect(firstBeyond(name, params, SWEEP, y)).toBeUndefined();
    });

    it('every length 0..67, unaligned views, into out and in place', async () => {
      const f = await fn(name);
      const big = testData(200, 9, 30);
      for (const params of CASES[name]) {
        const whole = f(big, params);
        for (let n = 0; n <= 67; n++) {
          for (const offset of [0, 1, 2, 3, 5]) {
            const x = big.subarray(offset, offset + n);
            const want = whole.subarray(offset, offset + n);
            expect(firstBitMismatch(f(x, params), want, x), `n=${n} offset=${offset}`).toBeUndefined();
            const backing = new Float32Array(n + 8).fill(7);
            const out = backing.subarray(offset, offset + n);
            expect(f(x, { ...params, out })).toBe(out);
            expect(firstBitMismatch(out, want, x)).toBeUndefined();
            expect(backing.subarray(0, offset).every((v) => v === 7) && backing.subarray(offset + n).every((v) => v === 7)).toBe(true);
            const inPlace = x.slice();
            expect(f(inPlace, { ...params, out: inPlace })).toBe(inPlace);
            expect(firstBitMismatch(inPlace, want, x)).toBeUndefined();
          }
        }
      }
    });
  });

  it('bad parameters name the argument', async () => {
    const act = await build(simd);
    const x = new Float32Array(4);
    expect(() => act.softplus(x, { beta: 0 })).toThrow(/softplus: beta must be greater than 0/);
    expect(() => act.softplus(x, { beta: -1 })).toThrow(RangeError);
    expect(() => act.softplus(x, { beta: NaN })).toThrow(/beta/);
    expect(() => act.softplus(x, { threshold: Infinity })).toThrow(/threshold/);
    expect(() => act.softplus(x, { betta: 2 } as object)).toThrow(/unknown option 'betta'/);
    expect(() => act.gelu(x, { approximate: 'exact' } as object)).toThrow(/gelu: approximate must be one of 'none', 'tanh', got 'exact'/);
    expect(() => act.gelu(x, { approximate: 1 } as object)).toThrow(TypeError);
    expect(() => act.softsign(x, { alpha: 1 } as object)).toThrow(/unknown option/);
  });
});

it('both builds agree bit for bit', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  for (const name of KERNELS) {
    for (const params of CASES[name]) {
      const a = (simd[name] as unknown as Fn)(SWEEP, params);
      const b = (scalar[name] as unknown as Fn)(SWEEP, params);
      expect(firstBitMismatch(a, b, SWEEP), `${name} ${JSON.stringify(params)}`).toBeUndefined();
    }
  }
});
