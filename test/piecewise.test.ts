// The piecewise kernels of issue 3 (hardTanh, softShrink, hardShrink, shrink, threshold,
// identity) by hand-worked examples and their parameter rules (the generic elementwise, errors and
// property tests also run them against test/reference.ts on specials, every length and parameter
// edges), and rrelu, which is not a registry kernel: eval mode against leakyRelu, training mode
// bit for bit against the generator re-implemented in test/reference.ts, the slopes it returns,
// the statistics of its draw, reproducibility across calls and builds, argument placement, bad input.
import { describe, expect, it } from 'vitest';
import { type Activations, WasmTensor } from '../dist/index.js';
import { BUILDS, FLT_MAX, SPECIALS, build, firstBitMismatch, randomBits, testData } from './helpers.js';
import { REFERENCE, rreluSlope } from './reference.js';

const f = Math.fround;
const floats = (...values: number[]) => Float32Array.from(values);
/** Plain numbers for toEqual, which tells -0 from +0 and matches NaN with NaN. */
const list = (values: ArrayLike<number>) => Array.from(values);

type Loose = (...args: unknown[]) => unknown;
const fnOf = (act: Activations, name: string) => (act as unknown as Record<string, Loose>)[name];

/** Calls `call` and returns the error it throws (failing when it does not). */
function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe.each(BUILDS)('$name build: the piecewise kernels by example', ({ simd }) => {
  const act = () => build(simd);
  const specials = floats(-Infinity, -2, -1, -0.5, -0.25, -0, 0, 0.25, 0.5, 0.75, 1, 2, Infinity, NaN);

  it('hardTanh clamps to [min, max] (PyTorch Hardtanh), keeping NaN and -0', async () => {
    const a = await act();
    expect(list(a.hardTanh(specials))).toEqual([-1, -1, -1, -0.5, -0.25, -0, 0, 0.25, 0.5, 0.75, 1, 1, 1, NaN]);
    expect(list(a.hardTanh(floats(-3, -0, 0, 3, 6, 7, Infinity, NaN), { min: 0, max: 6 }))).toEqual([0, -0, 0, 3, 6, 6, 6, NaN]);
    expect(list(a.hardTanh(floats(-Infinity, -1, 5, Infinity, NaN), { min: 2, max: 2 }))).toEqual([2, 2, 2, 2, NaN]);
    // relu6 is hardTanh(0, 6) except that relu6 turns -0 into +0 (pmax(x, 0) of -0 is -0 in both, so they agree).
    const x = testData(1000, 5, 10);
    expect(firstBitMismatch(a.hardTanh(x, { min: 0, max: 6 }), a.relu6(x), x)).toBeUndefined();
  });

  it('softShrink moves |x| > lambda towards 0 by lambda, else +0 (PyTorch Softshrink)', async () => {
    const a = await act();
    expect(list(a.softShrink(specials))).toEqual([-Infinity, -1.5, -0.5, 0, 0, 0, 0, 0, 0, 0.25, 0.5, 1.5, Infinity, NaN]);
    expect(list(a.softShrink(floats(-1, -0, 0.3), { lambda: 0 }))).toEqual([-1, 0, 0.3].map(f));
    expect(list(a.softShrink(floats(0.7), { lambda: 0.5 }))).toEqual([f(f(0.7) - 0.5)]);
  });

  it('hardShrink zeroes [-lambda, lambda] and keeps the rest (PyTorch Hardshrink)', async () => {
    const a = await act();
    expect(list(a.hardShrink(specials))).toEqual([-Infinity, -2, -1, 0, 0, 0, 0, 0, 0, 0.75, 1, 2, Infinity, NaN]);
    // A negative lambda zeroes nothing: the identity, -0 included (as PyTorch, which does not check lambda).
    expect(list(a.hardShrink(specials, { lambda: -1 }))).toEqual(list(specials));
  });

  it("shrink is ONNX Shrink: the spec's hard and soft examples, and NaN stays NaN", async () => {
    const a = await act();
    const x = floats(-2, -1, 0, 1, 2);
    expect(list(a.shrink(x, { lambda: 1.5 }))).toEqual([-2, 0, 0, 0, 2]);
    expect(list(a.shrink(x, { lambda: 1.5, bias: 1.5 }))).toEqual([-0.5, 0, 0, 0, 0.5]);
    expect(list(a.shrink(floats(NaN, -Infinity, Infinity), { bias: 1 }))).toEqual([NaN, -Infinity, Infinity]);
    // softShrink is shrink with bias = lambda, bit for bit.
    const y = randomBits(4099, 3);
    expect(firstBitMismatch(a.shrink(y, { lambda: 0.75, bias: 0.75 }), a.softShrink(y, { lambda: 0.75 }), y)).toBeUndefined();
  });

  it("threshold replaces x <= threshold by value, NaN stays NaN (PyTorch's kernel)", async () => {
    const a = await act();
    const x = floats(-Infinity, -1, 0, 0.1, 0.2, Infinity, NaN);
    expect(list(a.threshold(x, { threshold: 0.1, value: 20 }))).toEqual([20, 20, 20, 20, f(0.2), Infinity, NaN]);
    // threshold(0, 0) is ReLU except at -0, which is <= 0 and becomes the value +0.
    expect(list(a.threshold(floats(-0, -3, 3), { threshold: 0, value: 0 }))).toEqual([0, 0, 3]);
  });

  it('threshold requires both options: a TypeError naming the missing one', async () => {
    const a = await act();
    const x = floats(1, 2);
    const call = fnOf(a, 'threshold');
    for (const [options, missing] of [
      [undefined, 'threshold'],
      [{}, 'threshold'],
      [{ value: 1 }, 'threshold'],
      [{ threshold: 1 }, 'value'],
      [{ threshold: 1, value: undefined }, 'value'],
    ] as [object | undefined, string][]) {
      const error = thrown(() => call(x, options));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(`threshold: the option '${missing}' is required (it has no default)`);
    }
    expect(list(a.threshold(x, { threshold: 1.5, value: -1 }))).toEqual([-1, 2]);
  });

  it('hardTanh rejects min > max naming both; softShrink rejects a negative lambda', async () => {
    const a = await act();
    const x = floats(1);
    let error = thrown(() => a.hardTanh(x, { min: 2, max: 1 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('hardTanh: min (2) must not be greater than max (1)');
    expect(thrown(() => a.hardTanh(x, { min: 1.5 })).message).toBe('hardTanh: min (1.5) must not be greater than max (1)');
    expect(thrown(() => a.hardTanh(x, { max: -2 })).message).toBe('hardTanh: min (-1) must not be greater than max (-2)');
    error = thrown(() => a.softShrink(x, { lambda: -0.5 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('softShrink: lambda must be greater than or equal to 0, got -0.5');
    expect(list(a.hardTanh(x, { min: 1, max: 1 }))).toEqual([1]);
  });

  it('identity copies every bit (NaN payloads too), and out === x does nothing', async () => {
    const a = await act();
    const x = Float32Array.from([...SPECIALS, ...randomBits(67, 9)]);
    new Uint32Array(x.buffer)[0] = 0x7fa00001; // a signalling NaN with a payload
    const y = a.identity(x);
    expect(y).not.toBe(x);
    expect(new Uint32Array(y.buffer)).toEqual(new Uint32Array(x.buffer));
    const before = x.slice();
    expect(a.identity(x, { out: x })).toBe(x);
    expect(new Uint32Array(x.buffer)).toEqual(new Uint32Array(before.buffer));
    using t = a.tensor(x);
    expect(a.identity(t, { out: t })).toBe(t);
    using u = a.identity(t);
    expect(new Uint32Array(u.data.buffer, u.data.byteOffset, u.length)).toEqual(new Uint32Array(before.buffer));
  });
});

// ---------------------------------------------------------------------------------------------
// rrelu

const DEFAULT_BOUNDS = { lower: 1 / 8, upper: 1 / 3 };

/** What training-mode rrelu gives for x with a seed: y and the slopes, from the JS generator. */
function trainingReference(x: ArrayLike<number>, seed: number, lower = DEFAULT_BOUNDS.lower, upper = DEFAULT_BOUNDS.upper) {
  const y = new Float32Array(x.length);
  const slopes = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const r = rreluSlope(i, seed, lower, upper);
    const drawn = x[i] <= 0;
    y[i] = drawn ? f(x[i] * r) : x[i];
    slopes[i] = drawn ? r : 1;
  }
  return { y, slopes };
}

/** Pearson correlation. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
    sab += a[i] * b[i];
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

/** Pearson's chi-square statistic of `values` in [0, 1) over `bins` equal bins. */
function chiSquare(values: ArrayLike<number>, bins: number): number {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.floor(values[i] * bins)]++;
  const expected = values.length / bins;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe.each(BUILDS)('$name build: rrelu', ({ simd }) => {
  const act = () => build(simd);
  const x = Float32Array.from([...SPECIALS, ...randomBits(2048, 5), ...testData(2051, 6)]);

  it('eval mode (the default) is leakyRelu with the slope (lower + upper) / 2, as PyTorch', async () => {
    const a = await act();
    for (const bounds of [{}, { lower: 0.1, upper: 0.3 }, { lower: 0, upper: 0 }, { lower: 0.5, upper: 2 }, { lower: 1 / 3, upper: 1 / 3 }]) {
      const { lower, upper } = { ...DEFAULT_BOUNDS, ...bounds };
      const alpha = (lower + upper) / 2;
      const want = Float32Array.from(x, (v) => REFERENCE.leakyRelu(v, { alpha }));
      expect(firstBitMismatch(a.rrelu(x, bounds), want, x), JSON.stringify(bounds)).toBeUndefined();
      expect(firstBitMismatch(a.rrelu(x, { ...bounds, training: false, seed: 7 }), want, x)).toBeUndefined();
      expect(firstBitMismatch(a.leakyRelu(x, { alpha }), want, x)).toBeUndefined();
    }
  });

  it('eval mode returns the slopes too: the mean where x <= 0, 1 elsewhere', async () => {
    const a = await act();
    const slopes = new Float32Array(x.length);
    const y = a.rrelu(x, { slopes });
    const mean = f((DEFAULT_BOUNDS.lower + DEFAULT_BOUNDS.upper) / 2);
    expect(firstBitMismatch(y, a.rrelu(x), x)).toBeUndefined();
    expect(firstBitMismatch(slopes, Float32Array.from(x, (v) => (v <= 0 ? mean : 1)), x)).toBeUndefined();
  });

  it('training mode matches the generator in JS bit for bit, y and slopes, for any seed and bounds', async () => {
    const a = await act();
    const cases: [number, number, number][] = [
      [0, 1 / 8, 1 / 3],
      [1, 1 / 8, 1 / 3],
      [42, 0, 1],
      [2 ** 32 - 1, 0.01, 0.02],
      [2 ** 32, 0.5, 3],
      [2 ** 32 + 1, 0, 0],
      [2 ** 53 - 1, 0.25, 0.25],
      [123456789012345, 0, FLT_MAX],
    ];
    for (const [seed, lower, upper] of cases) {
      const slopes = new Float32Array(x.length);
      const y = a.rrelu(x, { training: true, seed, lower, upper, slopes });
      const want = trainingReference(x, seed, lower, upper);
      expect(firstBitMismatch(y, want.y, x), `seed ${seed}: y`).toBeUndefined();
      expect(firstBitMismatch(slopes, want.slopes, x), `seed ${seed}: slopes`).toBeUndefined();
      // Without slopes, the same y.
      expect(firstBitMismatch(a.rrelu(x, { training: true, seed, lower, upper }), want.y, x)).toBeUndefined();
    }
  });

  it('x <= 0 (both zeros, -Inf) takes a drawn slope; x > 0 and NaN the slope 1', async () => {
    const a = await act();
    const v = floats(-0, 0, -Infinity, -1e-45, NaN, 1e-45, 1, Infinity, -3);
    const slopes = new Float32Array(v.length);
    const y = a.rrelu(v, { training: true, seed: 3, slopes });
    expect(list(y.subarray(0, 8))).toEqual([-0, 0, -Infinity, list(y)[3], NaN, 1e-45, 1, Infinity].map(f));
    expect(y[3]).toBe(-0); // a denormal times a slope < 1/2 rounds to -0
    for (const i of [0, 1, 2, 3, 8]) {
      expect(slopes[i]).toBeGreaterThanOrEqual(f(1 / 8));
      expect(slopes[i]).toBeLessThanOrEqual(f(1 / 3));
    }
    expect(list(slopes.subarray(4, 8))).toEqual([1, 1, 1, 1]);
    expect(y[8]).toBe(f(-3 * slopes[8]));
  });

  it('every length 0..67 at unaligned offsets, into out and in place, slopes at unaligned offsets', async () => {
    const a = await act();
    const big = testData(200, 13, 4);
    for (let n = 0; n <= 67; n++) {
      for (const offset of [0, 1, 3, 5]) {
        const v = big.subarray(offset, offset + n);
        const want = trainingReference(v, n);
        const backing = new Float32Array(n + 8).fill(7);
        const slopes = backing.subarray(offset, offset + n);
        const what = `n=${n} offset=${offset}`;
        expect(firstBitMismatch(a.rrelu(v, { training: true, seed: n, slopes }), want.y, v), what).toBeUndefined();
        expect(firstBitMismatch(slopes, want.slopes, v), what).toBeUndefined();
        expect(backing.subarray(0, offset).every((s) => s === 7) && backing.subarray(offset + n).every((s) => s === 7)).toBe(true);
        const out = new Float32Array(n);
        expect(a.rrelu(v, { training: true, seed: n, out })).toBe(out);
        expect(firstBitMismatch(out, want.y, v), what).toBeUndefined();
        const inPlace = v.slice();
        expect(a.rrelu(inPlace, { training: true, seed: n, out: inPlace })).toBe(inPlace);
        expect(firstBitMismatch(inPlace, want.y, v), what).toBeUndefined();
      }
    }
  });

  it('tensors: x, out and slopes in wasm memory, in place, and slopes sharing memory with x', async () => {
    const a = await act();
    for (const n of [1, 4, 17, 67, 1000]) {
      const data = testData(n, n + 1);
      const want = trainingReference(data, 99);
      using t = a.tensor(data, [n]);
      using s = a.tensor(n);
      using y = a.rrelu(t, { training: true, seed: 99, slopes: s });
      expect(y).toBeInstanceOf(WasmTensor);
      expect(y.shape).toEqual([n]);
      expect(firstBitMismatch(y.data, want.y, data)).toBeUndefined();
      expect(firstBitMismatch(s.data, want.slopes, data)).toBeUndefined();
      expect(firstBitMismatch(t.data, data)).toBeUndefined();
      // A JS x into a tensor out, slopes into a JS array.
      using into = a.tensor(n);
      const js = new Float32Array(n);
      expect(a.rrelu(data, { training: true, seed: 99, out: into, slopes: js })).toBe(into);
      expect(firstBitMismatch(into.data, want.y, data)).toBeUndefined();
      expect(firstBitMismatch(js, want.slopes, data)).toBeUndefined();
      // Slopes written over x itself (x is read first): y is right and x holds the slopes.
      const xs = data.slice();
      expect(firstBitMismatch(a.rrelu(xs, { training: true, seed: 99, slopes: xs }), want.y, data)).toBeUndefined();
      expect(firstBitMismatch(xs, want.slopes, data)).toBeUndefined();
      using xt = a.tensor(data);
      using yt = a.rrelu(xt, { training: true, seed: 99, slopes: xt });
      expect(firstBitMismatch(yt.data, want.y, data)).toBeUndefined();
      expect(firstBitMismatch(xt.data, want.slopes, data)).toBeUndefined();
      // In place on a tensor, slopes in another tensor.
      using inPlace = a.tensor(data);
      using s2 = a.tensor(n);
      expect(a.rrelu(inPlace, { training: true, seed: 99, out: inPlace, slopes: s2 })).toBe(inPlace);
      expect(firstBitMismatch(inPlace.data, want.y, data)).toBeUndefined();
      expect(firstBitMismatch(s2.data, want.slopes, data)).toBeUndefined();
    }
  });

  it('the same seed gives the same draw on every call; the draw for an index does not depend on the length', async () => {
    const a = await act();
    const v = testData(3000, 21);
    const first = new Float32Array(v.length);
    const second = new Float32Array(v.length);
    a.rrelu(v, { training: true, seed: 5, slopes: first });
    a.rrelu(v, { training: true, seed: 5, slopes: second });
    expect(firstBitMismatch(first, second, v)).toBeUndefined();
    const prefix = new Float32Array(1001);
    a.rrelu(v.subarray(0, 1001), { training: true, seed: 5, slopes: prefix });
    expect(firstBitMismatch(prefix, first.subarray(0, 1001))).toBeUndefined();
    // Without a seed each call draws afresh.
    const fresh = new Float32Array(v.length);
    a.rrelu(v, { training: true, slopes: fresh });
    const again = new Float32Array(v.length);
    a.rrelu(v, { training: true, slopes: again });
    expect(firstBitMismatch(fresh, again)).toBeDefined();
  });

  it('bad input: a TypeError or RangeError naming the option, and the module still works', async () => {
    const a = await act();
    const v = floats(-1, 0, 1, 2);
    const call = fnOf(a, 'rrelu');
    const cases: [unknown, typeof TypeError, string | RegExp][] = [
      [{ training: 'yes' }, TypeError, 'rrelu: training must be a boolean, got string'],
      [{ training: 1 }, TypeError, 'rrelu: training must be a boolean, got number'],
      [{ training: true, seed: '1' }, TypeError, 'rrelu: seed must be a number, got string'],
      [{ training: true, seed: 1n }, TypeError, 'rrelu: seed must be a number, got bigint'],
      [{ training: false, seed: null }, TypeError, 'rrelu: seed must be a number, got null'],
      [{ lower: 0.5, upper: 0.25 }, RangeError, 'rrelu: lower (0.5) must not be greater than upper (0.25)'],
      [{ lower: 0.4 }, RangeError, 'rrelu: lower (0.4) must not be greater than upper (0.3333333333333333)'],
      [{ lower: -0.1 }, RangeError, 'rrelu: lower must be greater than or equal to 0, got -0.1'],
      [{ upper: Infinity }, RangeError, 'rrelu: upper must be a finite float32 number, got Infinity'],
      [{ upper: '1' }, TypeError, 'rrelu: upper must be a number, got string'],
      [{ seeed: 1 }, TypeError, "rrelu: unknown option 'seeed'; rrelu takes 'lower', 'upper', 'training', 'seed', 'slopes', 'out'"],
      [{ slopes: [0, 0, 0, 0] }, TypeError, /^rrelu: slopes must be a Float32Array or a WasmTensor, got an Array/],
      [{ slopes: new Float32Array(3) }, RangeError, 'rrelu: slopes has length 3 but x has length 4'],
      [{ out: new Float32Array(5) }, RangeError, 'rrelu: out has length 5 but x has length 4'],
      ['fast', TypeError, 'rrelu: options must be an object, got string'],
    ];
    for (const seed of [-1, 1.5, 2 ** 53, NaN, Infinity]) {
      cases.push([{ training: true, seed }, RangeError, `rrelu: seed must be an integer from 0 to 2^53 - 1, got ${seed}`]);
    }
    for (const [options, type, message] of cases) {
      const error = thrown(() => call(v, options));
      expect(error, String(error)).toBeInstanceOf(type);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    }
    expect(thrown(() => call([1, 2]))).toBeInstanceOf(TypeError);
    expect(thrown(() => call(null, { slopes: new Float32Array(2) })).message).toMatch(/^rrelu: x must be a Float32Array or a WasmTensor/);
    // Slopes and out sharing memory: the same array, overlapping views, the same tensor.
    const shared = new Float32Array(8);
    for (const [out, slopes] of [
      [shared.subarray(0, 4), shared.subarray(0, 4)],
      [shared.subarray(0, 4), shared.subarray(2, 6)],
      [v, v],
    ]) {
      const error = thrown(() => call(v, { training: true, seed: 1, out, slopes }));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toBe('rrelu: slopes and out share memory; give them separate arrays');
    }
    using t = a.tensor(v);
    expect(thrown(() => call(t, { out: t, slopes: t })).message).toBe('rrelu: slopes and out share memory; give them separate arrays');
    // Disjoint views of one buffer are fine.
    expect(() => call(v, { training: true, seed: 1, out: shared.subarray(0, 4), slopes: shared.subarray(4, 8) })).not.toThrow();
    expect(firstBitMismatch(a.rrelu(v, { training: true, seed: 1 }), trainingReference(v, 1).y, v)).toBeUndefined();
  });
});

describe('rrelu: both builds and the statistics of the draw', () => {
  const N = 2 ** 18;
  const minusOnes = new Float32Array(N).fill(-1);
  /** Training-mode slopes with bounds [0, 1]: exactly the uniform draws u. */
  async function draws(seed: number, simd = true): Promise<Float32Array> {
    const slopes = new Float32Array(N);
    (await build(simd)).rrelu(minusOnes, { training: true, seed, lower: 0, upper: 1, slopes });
    return slopes;
  }

  it('the SIMD and scalar builds draw the same slopes', async () => {
    const x = Float32Array.from([...randomBits(5000, 1), ...testData(5003, 2)]);
    for (const seed of [0, 17, 2 ** 40 + 3]) {
      const [s1, s2] = [new Float32Array(x.length), new Float32Array(x.length)];
      const y1 = (await build(true)).rrelu(x, { training: true, seed, slopes: s1 });
      const y2 = (await build(false)).rrelu(x, { training: true, seed, slopes: s2 });
      expect(firstBitMismatch(y1, y2, x)).toBeUndefined();
      expect(firstBitMismatch(s1, s2, x)).toBeUndefined();
    }
    expect(firstBitMismatch(await draws(8, true), await draws(8, false))).toBeUndefined();
  });

  it('the draws are uniform on [0, 1): mean, chi-square over 64 bins, low bits, extremes', async () => {
    for (const seed of [1, 2, 2 ** 32]) {
      const u = await draws(seed);
      expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
      const mean = u.reduce((s, v) => s + v, 0) / N;
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N)); // 5 sigma
      // 63 degrees of freedom: P(chi2 > 110) < 1e-4.
      expect(chiSquare(u, 64)).toBeLessThan(110);
      // The last 6 of the 24 bits are uniform too.
      expect(chiSquare(Float64Array.from(u, (v) => ((v * 2 ** 24) % 64) / 64), 64)).toBeLessThan(110);
      expect(Math.min(...u.subarray(0, 1 << 16))).toBeLessThan(1e-3);
      expect(Math.max(...u.subarray(0, 1 << 16))).toBeGreaterThan(1 - 1e-3);
    }
  });

  it('neighbouring elements, neighbouring seeds and seeds differing in the high 32 bits are uncorrelated', async () => {
    const bound = 5 / Math.sqrt(N); // 5 sigma of a correlation of independent draws
    const u1 = await draws(1);
    expect(Math.abs(correlation(u1.subarray(1), u1.subarray(0, N - 1)))).toBeLessThan(bound);
    expect(Math.abs(correlation(u1.subarray(4), u1.subarray(0, N - 4)))).toBeLessThan(bound);
    for (const other of [0, 2, 2 ** 32 + 1, 2 ** 33 + 1]) {
      expect(Math.abs(correlation(u1, await draws(other))), `seeds 1 and ${other}`).toBeLessThan(bound);
    }
  });

  it('the slopes of the default bounds fill [1/8, 1/3] evenly', async () => {
    const slopes = new Float32Array(N);
    (await build(true)).rrelu(minusOnes, { training: true, seed: 11, slopes });
    const [lower, upper] = [f(1 / 8), f(1 / 3)];
    expect(slopes.every((s) => s >= lower && s <= upper)).toBe(true);
    const scaled = Float64Array.from(slopes, (s) => Math.min((s - lower) / (upper - lower), 1 - 1e-12));
    expect(chiSquare(scaled, 64)).toBeLessThan(110);
  });
});
