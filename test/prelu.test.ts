// PReLU, both builds, bit-exact against the independent broadcasting reference of
// test/prelu-reference.ts: every layout path (single slope, last-axis tile, general layouts with
// vector and single-slope runs), every argument kind and aliasing, specials, and the errors.
import { describe, expect, it } from 'vitest';
import { type Activations, WasmTensor } from '../dist/index.js';
import { BUILDS, FLT_MAX, SPECIALS, build, firstBitMismatch, random, testData } from './helpers.js';
import { broadcastable, preluReference, product, slopeShapesFor } from './prelu-reference.js';

type Prelu = (x: unknown, slope: unknown, options?: object) => unknown;
const preluOf = (act: Activations) => act.prelu as unknown as Prelu;

/** Runs prelu on JS arrays with explicit shapes and returns the first mismatch with the reference. */
function mismatch(act: Activations, xShape: number[], slopeShape: number[], seed: number, x?: Float32Array, slope?: Float32Array) {
  x ??= testData(product(xShape), seed);
  slope ??= testData(product(slopeShape), seed + 1, 2);
  const want = preluReference(x, xShape, slope, slopeShape);
  const got = preluOf(act)(x, slope, { shape: xShape, slopeShape }) as Float32Array;
  expect(got).toBeInstanceOf(Float32Array);
  const found = firstBitMismatch(got, want, x);
  return found && `x ${JSON.stringify(xShape)} slope ${JSON.stringify(slopeShape)}: ${found}`;
}

/** The last-axis fast path repeats a slope of C < 256 values into a tile of C * ceil(256 / C). */
const tileRows = (channels: number) => Math.ceil(256 / channels);

describe('the reference', () => {
  it('broadcasts by hand-computed examples', () => {
    // x [1,2,3] with slope [1,2,1]: one slope per row of 3.
    expect(Array.from(preluReference([-1, -2, -3, -4, -5, -6], [1, 2, 3], [10, 100], [1, 2, 1]))).toEqual([
      -10, -20, -30, -400, -500, -600,
    ]);
    // x [2,3] with slope [3]: one slope per column.
    expect(Array.from(preluReference([-1, -1, -1, 2, -2, 3], [2, 3], [1, 2, 3], [3]))).toEqual([-1, -2, -3, 2, -4, 3]);
    // The product rounds to float32.
    expect(preluReference([-3], [1], [0.1], [1])[0]).toBe(Math.fround(-0.30000000000000004));
    expect(broadcastable([3, 2, 5, 4], [2, 1, 4])).toBe(true);
    expect(broadcastable([3, 2, 5, 4], [2, 5, 1, 4])).toBe(false);
    expect(broadcastable([2, 3], [2])).toBe(false);
    expect(slopeShapesFor([2, 3])).toEqual([[], [3], [1], [2, 3], [1, 3], [2, 1], [1, 1]]);
  });
});

describe.each(BUILDS)('$name build', ({ simd }) => {
  const act = () => build(simd);

  it('x [1,2,3] with slope [1,2,1] takes one slope per row (a well-known peer gets this wrong)', async () => {
    const a = await act();
    const got = a.prelu(Float32Array.from([-1, -2, -3, -4, -5, -6]), Float32Array.from([10, 100]), {
      shape: [1, 2, 3],
      slopeShape: [1, 2, 1],
    });
    expect(Array.from(got)).toEqual([-10, -20, -30, -400, -500, -600]);
    expect(mismatch(a, [1, 2, 3], [1, 2, 1], 5)).toBeUndefined();
    expect(mismatch(a, [4, 2, 3], [1, 2, 1], 6)).toBeUndefined();
  });

  it('a single slope: length 1, shape [1,1,1] and a scalar', async () => {
    const a = await act();
    for (const xShape of [[], [1], [7], [2, 3], [4, 1, 67], [3, 5, 7, 2], [1, 1, 1], [1000]]) {
      for (const slopeShape of [[1], [1, 1, 1], []]) {
        if (slopeShape.length > xShape.length) continue;
        expect(mismatch(a, xShape, slopeShape, product(xShape) + slopeShape.length)).toBeUndefined();
      }
    }
    // A [1,1,1] slope against x of rank 2 cannot broadcast (slope rank above x's).
    expect(() => a.prelu(new Float32Array(6), new Float32Array(1), { shape: [2, 3], slopeShape: [1, 1, 1] })).toThrow(RangeError);
  });

  it('a slope of the same shape as x', async () => {
    const a = await act();
    for (const shape of [[1], [5], [67], [3, 4], [2, 3, 4, 5], [16, 17], [1, 300]]) {
      expect(mismatch(a, shape, shape, product(shape))).toBeUndefined();
    }
  });

  it('a short slope along the last axis (the tiled path), rows that do and do not fill the tile', async () => {
    const a = await act();
    for (const channels of [1, 2, 3, 5, 7, 16, 255]) {
      const t = tileRows(channels);
      for (const rows of [1, 2, 3, t - 1, t, t + 1, 2 * t, 2 * t + 3, 1000]) {
        expect(mismatch(a, [rows, channels], [channels], rows * 31 + channels)).toBeUndefined();
        expect(mismatch(a, [rows, channels], [1, channels], rows * 37 + channels)).toBeUndefined();
      }
      // NHWC: batch, height and width all repeat the channel slope.
      expect(mismatch(a, [2, 5, 3, channels], [channels], channels)).toBeUndefined();
      expect(mismatch(a, [2, 5, 3, channels], [1, 1, channels], channels + 1)).toBeUndefined();
    }
  });

  it('the tiled path with every slope in (0, 1] (the SIMD build then takes a max loop), specials in x', async () => {
    const a = await act();
    const S = SPECIALS.length;
    const next = random(77);
    for (const channels of [1, 3, 4, 64, 255]) {
      // 1, the smallest normal and denormal slopes, and random ones in (0, 1].
      const slope = Float32Array.from({ length: channels }, (_, c) =>
        c % 4 < 3 ? [1, 2 ** -126, 2 ** -149][c % 4] : Math.fround(1 - next()) || 1,
      );
      for (const rows of [1, tileRows(channels) + 1, 300]) {
        const x = testData(rows * channels, rows + channels);
        for (let i = 0; i < x.length; i += 3) x[i] = SPECIALS[(i / 3) % S];
        expect(mismatch(a, [rows, channels], [channels], 0, x, slope), `C ${channels} rows ${rows}`).toBeUndefined();
      }
    }
    // One slope just outside (0, 1] anywhere in the tile keeps the select loop: still exact.
    for (const outside of [0, -0, 1.0000001, -0.5, NaN]) {
      const slope = Float32Array.from({ length: 64 }, (_, c) => (c === 63 ? outside : 0.25));
      // Every special x meets that slope (-Inf * 0 is NaN, which a max would not return).
      const x = testData(64 * S, 5);
      for (let r = 0; r < S; r++) x[r * 64 + 63] = SPECIALS[r];
      expect(mismatch(a, [S, 64], [64], 0, x, slope), `slope ${outside}`).toBeUndefined();
    }
  });

  it('a long slope along the last axis (the general path)', async () => {
    const a = await act();
    for (const channels of [256, 257, 300, 1000]) {
      for (const rows of [1, 2, 7]) {
        expect(mismatch(a, [rows, channels], [channels], rows + channels)).toBeUndefined();
        expect(mismatch(a, [2, rows, channels], [1, channels], rows + channels + 1)).toBeUndefined();
      }
    }
  });

  it('channel-first NCHW with a [C,1,1] slope', async () => {
    const a = await act();
    for (const n of [1, 2]) {
      for (const c of [1, 3, 16, 64]) {
        for (const [h, w] of [[1, 1], [3, 5], [4, 4], [7, 7], [1, 9]]) {
          expect(mismatch(a, [n, c, h, w], [c, 1, 1], n * 1000 + c * 10 + h + w)).toBeUndefined();
          expect(mismatch(a, [n, c, h, w], [1, c, 1, 1], n * 1000 + c * 10 + h - w)).toBeUndefined();
        }
      }
    }
  });

  it('slopes varying along several separated axes', async () => {
    const a = await act();
    const pairs: [number[], number[]][] = [
      [[3, 2, 5, 4], [2, 1, 4]],
      [[3, 2, 5, 4], [3, 1, 5, 1]],
      [[3, 2, 5, 4], [3, 2, 1, 1]],
      [[3, 2, 5, 4], [1, 2, 5, 1]],
      [[2, 3, 4], [3, 1]],
      [[2, 3, 5, 4], [2, 1, 1, 4]],
      [[2, 300, 3], [300, 1]],
      [[5, 2, 300], [5, 1, 300]],
      [[2, 3, 2, 3, 2], [3, 1, 3, 1]],
      [[2, 3, 2, 3, 2], [2, 1, 2, 1, 2]],
    ];
    for (const [xShape, slopeShape] of pairs) expect(mismatch(a, xShape, slopeShape, product(xShape))).toBeUndefined();
  });

  it('every shape of rank <= 4 with extents 1..4 against every slope shape that broadcasts to it', async () => {
    const a = await act();
    const pool = testData(256 + 64, 2024);
    const slopePool = testData(256 + 64, 2025, 3);
    let pairs = 0;
    let shapes: number[][] = [[]];
    for (let rank = 0; rank <= 4; rank++) {
      for (const xShape of shapes) {
        const n = product(xShape);
        for (const slopeShape of slopeShapesFor(xShape)) {
          const offset = pairs % 64;
          const x = pool.slice(offset, offset + n);
          const slope = slopePool.slice(offset, offset + product(slopeShape));
          const found = mismatch(a, xShape, slopeShape, 0, x, slope);
          if (found) expect.fail(found);
          pairs++;
        }
      }
      shapes = shapes.flatMap((shape) => [1, 2, 3, 4].map((extent) => [...shape, extent]));
    }
    expect(pairs).toBe(6081); // 340 shapes of x, every distinct slope shape of each
  });

  it('the axis option: PyTorch NCHW (dim 1), Keras NHWC (last axis), negative axes', async () => {
    const a = await act();
    const shape = [2, 3, 4, 5];
    const x = testData(product(shape), 77);
    for (const [axis, channelAxis] of [[1, 1], [-1, 3], [-3, 1], [0, 0], [3, 3], [-4, 0], [2, 2], [-2, 2]]) {
      const channels = shape[channelAxis];
      const slope = testData(channels, 100 + axis, 2);
      const slopeShape = shape.map((extent, i) => (i === channelAxis ? extent : 1));
      const want = preluReference(x, shape, slope, slopeShape);
      expect(firstBitMismatch(a.prelu(x, slope, { shape, axis }), want, x), `axis ${axis}`).toBeUndefined();
      // With a tensor the shape comes from the tensor; the slope tensor's own shape is ignored.
      using xt = a.tensor(x, shape);
      using st = a.tensor(slope, [channels, 1]);
      using yt = a.prelu(xt, st, { axis });
      expect(yt.shape).toEqual(shape);
      expect(firstBitMismatch(yt.data, want, x), `tensor, axis ${axis}`).toBeUndefined();
    }
    // Rank 1: axis 0 and -1 are the same per-element slope.
    const v = testData(9, 1);
    const s = testData(9, 2, 2);
    const want = preluReference(v, [9], s, [9]);
    expect(firstBitMismatch(a.prelu(v, s, { axis: 0 }), want, v)).toBeUndefined();
    expect(firstBitMismatch(a.prelu(v, s, { axis: -1 }), want, v)).toBeUndefined();
  });

  describe('every combination of Float32Array and WasmTensor for x, slope and out', () => {
    const pairs: [number[], number[]][] = [
      [[2, 3, 4], [3, 1]], // general, single-slope runs
      [[50, 3], [3]], // tiled
      [[2, 300], [300]], // general, vector runs
      [[5, 7], [1]], // single slope
      [[6, 5], [6, 5]], // same shape
    ];
    it.each(pairs)('x %j, slope %j', async (xShape, slopeShape) => {
      const a = await act();
      const prelu = preluOf(a);
      const n = product(xShape);
      const xData = testData(n, n);
      const slopeData = testData(product(slopeShape), n + 1, 2);
      const want = preluReference(xData, xShape, slopeData, slopeShape);
      for (const xKind of ['array', 'tensor'] as const) {
        for (const slopeKind of ['array', 'tensor'] as const) {
          for (const outKind of ['none', 'array', 'tensor', 'in place'] as const) {
            const what = `x ${xKind}, slope ${slopeKind}, out ${outKind}`;
            const x = xKind === 'array' ? xData.slice() : a.tensor(xData, xShape);
            const slope = slopeKind === 'array' ? slopeData.slice() : a.tensor(slopeData, slopeShape);
            const out = outKind === 'array' ? new Float32Array(n) : outKind === 'tensor' ? a.tensor(n) : outKind === 'in place' ? x : undefined;
            // Shapes default from tensors: give them only for plain arrays.
            const options: Record<string, unknown> = { out };
            if (xKind === 'array') options.shape = xShape;
            if (slopeKind === 'array') options.slopeShape = slopeShape;
            const result = prelu(x, slope, options);
            const data = (f: unknown) => (f instanceof WasmTensor ? f.data : (f as Float32Array));
            if (out !== undefined) {
              expect(result, what).toBe(out);
            } else if (xKind === 'tensor') {
              expect(result, what).toBeInstanceOf(WasmTensor);
              expect((result as WasmTensor).shape, what).toEqual(xShape);
            } else {
              expect(result, what).toBeInstanceOf(Float32Array);
            }
            expect(firstBitMismatch(data(result), want, xData), what).toBeUndefined();
            if (outKind !== 'in place') expect(firstBitMismatch(data(x), xData), `${what}: x changed`).toBeUndefined();
            expect(firstBitMismatch(data(slope), slopeData), `${what}: slope changed`).toBeUndefined();
            for (const t of new Set([x, slope, out, result])) if (t instanceof WasmTensor) t.dispose();
          }
        }
      }
    });
  });

  it('out aliasing the slope: out === slope tensor, and views that partly overlap it', async () => {
    const a = await act();
    const prelu = preluOf(a);
    for (const n of [1, 4, 17, 67, 300]) {
      const xData = testData(n, n + 3);
      const slopeData = testData(n, n + 4, 2);
      const want = preluReference(xData, [n], slopeData, [n]);
      // x in JS memory: it is copied into out, so the slope must be read before that.
      using s1 = a.tensor(slopeData);
      expect(prelu(xData, s1, { out: s1 })).toBe(s1);
      expect(firstBitMismatch(s1.data, want, xData), `n=${n}, x array`).toBeUndefined();
      // x a tensor.
      using s2 = a.tensor(slopeData);
      using x2 = a.tensor(xData);
      expect(prelu(x2, s2, { out: s2 })).toBe(s2);
      expect(firstBitMismatch(s2.data, want, xData), `n=${n}, x tensor`).toBeUndefined();
      expect(firstBitMismatch(x2.data, xData)).toBeUndefined();
      // All three the same tensor: y = x >= 0 ? x : x * x.
      using s3 = a.tensor(xData);
      prelu(s3, s3, { out: s3 });
      expect(firstBitMismatch(s3.data, preluReference(xData, [n], xData, [n]), xData), `n=${n}, x = slope = out`).toBeUndefined();
    }
    // A broadcast slope whose floats lie inside (or straddle the start of) out, as views of wasm memory.
    for (const [rows, channels] of [[6, 3], [2, 300], [100, 5], [4, 1]]) {
      const n = rows * channels;
      const xData = testData(n, n + 9);
      const slopeData = testData(channels, n + 10, 2);
      const want = preluReference(xData, [rows, channels], slopeData, [channels]);
      for (const [slopeAt, outAt] of [[0, 1], [5, 3], [3, 3], [8, 0]]) {
        for (const xKind of ['array', 'tensor'] as const) {
          using big = a.tensor(n + 16);
          big.data.set(slopeData, slopeAt);
          const slope = big.data.subarray(slopeAt, slopeAt + channels);
          const out = big.data.subarray(outAt, outAt + n);
          using xt = a.tensor(xData, [rows, channels]);
          const x = xKind === 'array' ? xData : xt;
          prelu(x, slope, { shape: [rows, channels], slopeShape: [channels], out });
          const what = `[${rows},${channels}] slope at ${slopeAt}, out at ${outAt}, x ${xKind}`;
          expect(firstBitMismatch(big.data.subarray(outAt, outAt + n), want, xData), what).toBeUndefined();
        }
      }
    }
  });

  it('x partly overlapping out (views of one tensor) goes through scratch correctly', async () => {
    const a = await act();
    for (const [xAt, outAt] of [[0, 1], [1, 0], [0, 4], [5, 2]]) {
      const rows = 20;
      const channels = 3;
      const n = rows * channels;
      const xData = testData(n, xAt * 10 + outAt);
      const slope = testData(channels, 3, 2);
      const want = preluReference(xData, [rows, channels], slope, [channels]);
      using big = a.tensor(n + 8);
      big.data.set(xData, xAt);
      a.prelu(big.data.subarray(xAt, xAt + n), slope, { shape: [rows, channels], out: big.data.subarray(outAt, outAt + n) });
      expect(firstBitMismatch(big.data.subarray(outAt, outAt + n), want, xData), `x at ${xAt}, out at ${outAt}`).toBeUndefined();
    }
  });

  it('unaligned subarray views of x, slope and out, every layout path', async () => {
    const a = await act();
    const pairs: [number[], number[]][] = [
      [[37], [1]],
      [[37], [37]],
      [[13, 3], [3]],
      [[3, 13], [3, 1]],
      [[3, 260], [260]],
      [[2, 3, 7], [3, 7]],
    ];
    const xPool = testData(1000, 41);
    const slopePool = testData(1000, 42, 2);
    for (const [xShape, slopeShape] of pairs) {
      const n = product(xShape);
      const m = product(slopeShape);
      for (const xOffset of [0, 1, 2, 3, 5]) {
        for (const slopeOffset of [0, 1, 3, 4]) {
          const x = xPool.subarray(xOffset, xOffset + n);
          const slope = slopePool.subarray(slopeOffset, slopeOffset + m);
          const want = preluReference(x, xShape, slope, slopeShape);
          const what = `x ${JSON.stringify(xShape)} at ${xOffset}, slope ${JSON.stringify(slopeShape)} at ${slopeOffset}`;
          expect(firstBitMismatch(a.prelu(x, slope, { shape: xShape, slopeShape }), want, x), what).toBeUndefined();
          const backing = new Float32Array(n + 8).fill(12345);
          const out = backing.subarray(xOffset, xOffset + n);
          expect(a.prelu(x, slope, { shape: xShape, slopeShape, out })).toBe(out);
          expect(firstBitMismatch(out, want, x), what).toBeUndefined();
          expect(backing.subarray(0, xOffset).every((v) => v === 12345)).toBe(true);
          expect(backing.subarray(xOffset + n).every((v) => v === 12345)).toBe(true);
        }
      }
    }
    // Inputs untouched.
    expect(firstBitMismatch(xPool, testData(1000, 41))).toBeUndefined();
    expect(firstBitMismatch(slopePool, testData(1000, 42, 2))).toBeUndefined();
  });

  it('specials (NaN, ±Inf, ±0, denormals, FLT_MAX) in both x and slope, on every layout path', async () => {
    const a = await act();
    const S = SPECIALS.length;
    expect(SPECIALS).toContain(Math.fround(FLT_MAX));
    // x [S, S]: every special x against every special slope.
    const x = new Float32Array(S * S);
    for (let i = 0; i < S; i++) x.set(SPECIALS, i * S);
    const slopes = Float32Array.from(SPECIALS);
    // Slope per row (each row a single slope, the leaky runs) and per column (tiled path).
    expect(mismatch(a, [S, S], [S, 1], 0, x, slopes)).toBeUndefined();
    expect(mismatch(a, [S, S], [S], 0, x, slopes)).toBeUndefined();
    // A whole-tensor single slope of each special value (the leakyRelu path, any alpha).
    for (const s of SPECIALS) {
      expect(mismatch(a, [S * S], [1], 0, x, Float32Array.of(s)), `slope ${s}`).toBeUndefined();
      expect(mismatch(a, [S, S], [], 0, x, Float32Array.of(s)), `slope ${s}`).toBeUndefined();
    }
    // Same shape and long vector runs, specials cycled against each other.
    const long = new Float32Array(3 * 300).map((_, i) => SPECIALS[i % S]);
    const longSlope = new Float32Array(300).map((_, i) => SPECIALS[(i * 7) % S]);
    expect(mismatch(a, [3, 300], [300], 0, long, longSlope)).toBeUndefined();
    const sameSlope = new Float32Array(900).map((_, i) => SPECIALS[(i * 5 + 3) % S]);
    expect(mismatch(a, [900], [900], 0, long, sameSlope)).toBeUndefined();
    // Slope per channel in NCHW: channel c gets special c.
    const nchw = new Float32Array(2 * S * 3 * 2).map((_, i) => SPECIALS[(i * 11) % S]);
    expect(mismatch(a, [2, S, 3, 2], [S, 1, 1], 0, nchw, slopes)).toBeUndefined();
  });

  it('spot values: -0 stays -0, NaN stays NaN, 0 * -Inf is NaN, products round to float32', async () => {
    const a = await act();
    const x = Float32Array.of(-0, 0, NaN, -Infinity, Infinity, -3, -1e-45);
    const y = a.prelu(x, Float32Array.of(0), { shape: [7] });
    expect(Object.is(y[0], -0)).toBe(true);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(y[2]).toBeNaN();
    expect(y[3]).toBeNaN(); // 0 * -Inf
    expect(y[4]).toBe(Infinity);
    expect(Object.is(y[5], -0)).toBe(true); // 0 * -3
    expect(Object.is(y[6], -0)).toBe(true);
    const z = a.prelu(Float32Array.of(-3, -FLT_MAX, -1e-45), Float32Array.of(0.1, 2, 0.5));
    expect(z[0]).toBe(Math.fround(Math.fround(0.1) * -3));
    expect(z[1]).toBe(-Infinity);
    expect(Object.is(z[2], -0)).toBe(true); // the denormal product rounds (ties to even) to -0
  });

  it('zero-size shapes', async () => {
    const a = await act();
    for (const [xShape, slopeShape] of [
      [[2, 0, 3], [3]],
      [[2, 0, 3], [0, 3]],
      [[2, 0, 3], [1, 1]],
      [[2, 0, 3], [2, 1, 1]],
      [[0], [1]],
      [[0], [0]],
      [[0], []],
      [[4, 0], [0]],
    ] as [number[], number[]][]) {
      const slope = testData(product(slopeShape), 1);
      const y = a.prelu(new Float32Array(0), slope, { shape: xShape, slopeShape });
      expect(y).toBeInstanceOf(Float32Array);
      expect(y.length).toBe(0);
      using xt = a.tensor(0, xShape);
      using yt = a.prelu(xt, slope, { slopeShape });
      expect(yt.shape).toEqual(xShape);
      expect(yt.length).toBe(0);
      expect(a.prelu(xt, slope, { slopeShape, out: xt })).toBe(xt);
    }
    // Zero-size shapes still have to broadcast.
    expect(() => a.prelu(new Float32Array(0), new Float32Array(2), { shape: [2, 0, 3], slopeShape: [2] })).toThrow(RangeError);
  });

  it('every length 0..67 on every layout path', async () => {
    const a = await act();
    for (let n = 0; n <= 67; n++) {
      expect(mismatch(a, [n], [1], n)).toBeUndefined();
      expect(mismatch(a, [n], [n], n + 100)).toBeUndefined();
      expect(mismatch(a, [2, n], [n], n + 200)).toBeUndefined(); // tiled (n < 256)
      expect(mismatch(a, [n, 2], [n, 1], n + 300)).toBeUndefined(); // runs of 2, one slope each
      expect(mismatch(a, [3, n, 2], [3, 1, 2], n + 400)).toBeUndefined(); // vector runs of 2
      expect(mismatch(a, [n, 260], [260], n + 500)).toBeUndefined(); // long vector runs
    }
  });

  it('views of wasm memory as x and slope stay right when the call grows memory', async () => {
    const a = await act();
    const rows = 1 << 12;
    const channels = 64;
    const n = rows * channels; // 1 MiB of floats
    const xData = testData(n, 4);
    const slopeData = testData(channels, 5, 2);
    const want = preluReference(xData, [rows, channels], slopeData, [channels]);
    using xt = a.tensor(xData, [rows, channels]);
    using st = a.tensor(slopeData);
    const before = a.memory.buffer.byteLength;
    // Float32Array views (not tensors): the result and the scratch copies need new memory.
    const y = a.prelu(xt.data, st.data, { shape: [rows, channels], slopeShape: [channels] });
    const y2 = a.prelu(xt.data, st.data, { shape: [rows, channels], slopeShape: [1, channels] });
    expect(firstBitMismatch(y, want, xData)).toBeUndefined();
    expect(firstBitMismatch(y2, want, xData)).toBeUndefined();
    expect(a.memory.buffer.byteLength).toBeGreaterThanOrEqual(before);
    a.releaseScratch();
  });

  describe('errors', () => {
    it('non-broadcastable shapes name both shapes', async () => {
      const a = await act();
      const cases: [number[], number[]][] = [
        [[2, 3], [2]],
        [[3, 2], [2, 3]],
        [[3], [1, 3]],
        [[3, 2, 5, 4], [2, 5, 1, 4]],
        [[1, 2, 3], [2, 1, 1, 1]],
        [[4, 4], [2, 2, 4]],
        [[2, 3], [3, 3]],
      ];
      for (const [xShape, slopeShape] of cases) {
        const shapeRe = (s: number[]) => new RegExp(`\\[\\s*${s.join(',\\s*')}\\s*\\]`);
        const out = new Float32Array(product(xShape)).fill(7);
        const call = () =>
          a.prelu(new Float32Array(product(xShape)), new Float32Array(product(slopeShape)), { shape: xShape, slopeShape, out });
        expect(call).toThrow(RangeError);
        expect(call).toThrow(shapeRe(xShape));
        expect(call).toThrow(shapeRe(slopeShape));
        expect(out.every((v) => v === 7)).toBe(true);
        // The same with tensors, whose shapes are the defaults.
        using xt = a.tensor(product(xShape), xShape);
        using st = a.tensor(product(slopeShape), slopeShape);
        expect(() => a.prelu(xt, st)).toThrow(shapeRe(slopeShape));
      }
      // A tensor x with a plain slope defaults the slope to one axis: it must match the last one.
      using xt = a.tensor(6, [3, 2]);
      expect(() => a.prelu(xt, new Float32Array(3))).toThrow(RangeError);
    });

    it('shape products that do not match the data', async () => {
      const a = await act();
      expect(() => a.prelu(new Float32Array(5), new Float32Array(1), { shape: [2, 2] })).toThrow(/shape/);
      expect(() => a.prelu(new Float32Array(5), new Float32Array(1), { shape: [2, 2] })).toThrow(RangeError);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { shape: [2, 3], slopeShape: [2] })).toThrow(/slopeShape/);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { shape: [2, 3], slopeShape: [1, 2, 3] })).toThrow(RangeError);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { shape: [2, -3] })).toThrow(TypeError);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { shape: [2, 1.5, 2] })).toThrow(TypeError);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { shape: 6 as never })).toThrow(TypeError);
      expect(() => a.prelu(new Float32Array(6), new Float32Array(3), { out: new Float32Array(5) })).toThrow(RangeError);
    });

    it('axis with slopeShape, bad axes, and a slope that does not match the axis', async () => {
      const a = await act();
      const x = new Float32Array(24);
      const shape = [2, 3, 4];
      expect(() => a.prelu(x, new Float32Array(3), { shape, axis: 1, slopeShape: [3, 1] })).toThrow(TypeError);
      expect(() => a.prelu(x, new Float32Array(3), { shape, axis: 1, slopeShape: [3, 1] })).toThrow(/axis.*slopeShape|slopeShape.*axis/);
      for (const axis of [3, -4, 1.5, NaN, Infinity, '1', null]) {
        expect(() => a.prelu(x, new Float32Array(3), { shape, axis: axis as number }), `axis ${String(axis)}`).toThrow(/axis/);
      }
      // Any axis is out of range for a scalar.
      expect(() => a.prelu(new Float32Array(1), new Float32Array(1), { shape: [], axis: 0 })).toThrow(RangeError);
      expect(() => a.prelu(x, new Float32Array(4), { shape, axis: 1 })).toThrow(RangeError);
      expect(() => a.prelu(x, new Float32Array(4), { shape, axis: 1 })).toThrow(/channels/);
      expect(() => a.prelu(x, new Float32Array(1), { shape, axis: -1 })).toThrow(RangeError);
      // The valid neighbours do not throw.
      expect(a.prelu(x, new Float32Array(4), { shape, axis: 2 }).length).toBe(24);
      expect(a.prelu(x, new Float32Array(2), { shape, axis: -3 }).length).toBe(24);
    });

    it('wrong argument kinds and unknown options', async () => {
      const a = await act();
      const prelu = preluOf(a);
      expect(() => prelu([1, 2], new Float32Array(1))).toThrow(TypeError);
      expect(() => prelu(new Float32Array(2), [1])).toThrow(TypeError);
      expect(() => prelu(new Float32Array(2), new Float64Array(1))).toThrow(TypeError);
      expect(() => prelu(new Float32Array(2), new Float32Array(1), { slope: 1 })).toThrow(/unknown option/);
      const t = a.tensor(2);
      t.dispose();
      expect(() => prelu(new Float32Array(2), t)).toThrow(/disposed/);
      const other = await build(!simd);
      using foreign = other.tensor(1);
      expect(() => prelu(new Float32Array(2), foreign)).toThrow(/different/);
    });
  });
});

it('both builds agree bit for bit on random shapes and bit patterns', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  const next = random(7);
  for (let trial = 0; trial < 300; trial++) {
    const rank = Math.floor(next() * 5);
    const xShape = Array.from({ length: rank }, () => 1 + Math.floor(next() * 9));
    const options = slopeShapesFor(xShape);
    const slopeShape = options[Math.floor(next() * options.length)];
    const x = testData(product(xShape), trial);
    const slope = testData(product(slopeShape), trial + 1000, 3);
    const p = simd.prelu(x, slope, { shape: xShape, slopeShape });
    const q = scalar.prelu(x, slope, { shape: xShape, slopeShape });
    expect(firstBitMismatch(p, q, x), `x ${JSON.stringify(xShape)} slope ${JSON.stringify(slopeShape)}`).toBeUndefined();
  }
});
