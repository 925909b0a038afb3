// Every kernel of ALONG_AXIS, in both builds, within its maxUlp of the float64 references of
// test/axis-reference.ts: every axis of shapes up to rank 4 with 1..67 floats along the axis,
// special values, large inputs, in place, tensors, and bad input. The two builds must agree bit
// for bit.
import { describe, expect, it } from 'vitest';
import { ALONG_AXIS, type Activations, type AlongAxisName, WasmTensor } from '../dist/index.js';
import { type AxisLayout, axisReference, layoutOf } from './axis-reference.js';
import {
  BUILDS, FLT_DENORM_MIN, FLT_MAX, FLT_MIN_NORMAL, build, firstBitMismatch, firstUlpMismatch, random, randomFloats, testData,
} from './helpers.js';

const NAMES = Object.keys(ALONG_AXIS) as AlongAxisName[];
type Floats = Float32Array | WasmTensor;
type Call = (x: Floats, options?: object) => Floats;
const fn = (act: Activations, name: AlongAxisName) => act[name] as unknown as Call;
const halves = (name: AlongAxisName) => ALONG_AXIS[name].halvesAxis;
const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The inputs the zero-sign check looks at, index for index with the result: x itself, or for
 * glu its first half a (y = a * sigmoid(b) has a's sign).
 */
function inputsOfResult(name: AlongAxisName, x: Float32Array, { outer, extent, inner }: AxisLayout): Float32Array {
  if (!halves(name)) return x;
  const a = new Float32Array(x.length / 2);
  const block = (extent / 2) * inner;
  for (let o = 0; o < outer; o++) a.set(x.subarray(2 * o * block, (2 * o + 1) * block), o * block);
  return a;
}

/** undefined when `got` is within the kernel's maxUlp of the float64 reference, else a message. */
function checkAgainstReference(name: AlongAxisName, got: ArrayLike<number>, x: Float32Array, shape: number[], axis: number) {
  const layout = layoutOf(shape, axis);
  const mismatch = firstUlpMismatch(got, axisReference(name, x, layout), ALONG_AXIS[name].maxUlp, inputsOfResult(name, x, layout));
  return mismatch && `${name} shape [${shape}] axis ${axis}: ${mismatch}`;
}

/** A shape of the given rank with `extent` floats along `axis` and 1..4 along the others. */
function shapeWith(rank: number, axis: number, extent: number, next: () => number): number[] {
  return Array.from({ length: rank }, (_, i) => (i === axis ? extent : 1 + Math.floor(next() * 4)));
}

const evenFor = (name: AlongAxisName, extent: number) => (halves(name) ? 2 * extent : extent);

describe.each(BUILDS)('$name build', ({ simd }) => {
  describe.each(NAMES)('%s', (name) => {
    it('every axis of shapes up to rank 4, with 1..67 floats along the axis', async () => {
      const act = await build(simd);
      const next = random(17);
      for (let rank = 1; rank <= 4; rank++) {
        for (let axis = 0; axis < rank; axis++) {
          for (let extent = 1; extent <= 67; extent++) {
            const shape = shapeWith(rank, axis, evenFor(name, extent), next);
            const x = testData(product(shape), extent * 31 + rank * 7 + axis, 8);
            for (const axisOption of [axis, axis - rank]) {
              const got = fn(act, name)(x, { shape, axis: axisOption }) as Float32Array;
              expect(got.length).toBe(halves(name) ? x.length / 2 : x.length);
              expect(checkAgainstReference(name, got, x, shape, axis)).toBeUndefined();
            }
          }
        }
      }
    });

    it('wide and narrow inner dimensions, many short rows, and long rows', async () => {
      const act = await build(simd);
      const cases: [number[], number][] = [
        [[3, 300], 0], // two chunks of columns, the second not a multiple of 4 wide
        [[2, 5, 600], 1], // three chunks
        [[7, 2], 0], // inner 2: too narrow for a v128
        [[5, 3, 3], 1],
        [[2, 9, 5], 1], // inner 5: one v128 and a scalar column
        [[1001, 6], -1], // short rows: 250 groups of four and one row left over
        [[13, 31], -1], // the longest short row
        [[3, 32], -1], // the shortest long row
        [[2, 1000], -1],
        [[16384], 0],
        [[4, 1, 3], 1], // an axis of extent 1 in the middle
        [[1, 1, 1, 1], 3],
      ];
      for (const [shape, axis] of cases) {
        const extent = shape.at(axis)!;
        const s = halves(name) && extent % 2 === 1 ? shape.map((e, i) => (i === (axis < 0 ? axis + shape.length : axis) ? 2 * e : e)) : shape;
        const x = testData(product(s), product(s), 20);
        const got = fn(act, name)(x, { shape: s, axis }) as Float32Array;
        expect(checkAgainstReference(name, got, x, s, axis)).toBeUndefined();
      }
    });

    it('special values: -Inf entries, rows of -Inf, +Inf, NaN, ±0, FLT_MAX, subnormals, tiny spreads', async () => {
      const act = await build(simd);
      const rows: number[][] = [
        [0, -Infinity, 1],
        [-Infinity, -Infinity, -Infinity],
        [-Infinity],
        [Infinity, 1, 2],
        [Infinity, Infinity],
        [-Infinity, Infinity],
        [NaN, 1, 2],
        [1, 2, NaN],
        [NaN],
        [0],
        [-0],
        [5],
        [-0, 0],
        [0, -0, -0, 0],
        [FLT_MAX, -FLT_MAX], // x - max overflows to -Inf: the accepted rounding
        [FLT_MAX, FLT_MAX],
        [-FLT_MAX, -FLT_MAX, -FLT_MAX],
        [FLT_DENORM_MIN, -FLT_DENORM_MIN, 0],
        [FLT_MIN_NORMAL, FLT_MIN_NORMAL / 3],
        [0, -100], // e^-100: a subnormal softmax
        [0, -87, -88, -90, -103, -104, -110],
        [1, 1 + 2 ** -23, 1 - 2 ** -24],
        [1e-30, -1e-30, 0],
        [1e30, 1e30, -1e30],
        [10003, 10002, 10001, 10000],
      ];
      for (const values of rows) {
        // Every row of the same length in one call, along the last axis and then along the first.
        const row = halves(name) ? [...values, ...values.map((v) => -v)] : values;
        const x = Float32Array.from(row);
        for (const [shape, axis] of [[[row.length], 0], [[row.length, 1], 0], [[1, row.length], 1]] as [number[], number][]) {
          const got = fn(act, name)(x, { shape, axis }) as Float32Array;
          expect(checkAgainstReference(name, got, x, shape, axis), `row [${row}]`).toBeUndefined();
        }
        // The same row repeated across columns and in groups of short rows.
        const wide = new Float32Array(row.length * 9);
        for (let k = 0; k < row.length; k++) wide.fill(row[k], k * 9, (k + 1) * 9);
        const gotWide = fn(act, name)(wide, { shape: [row.length, 9], axis: 0 }) as Float32Array;
        expect(checkAgainstReference(name, gotWide, wide, [row.length, 9], 0), `row [${row}] in columns`).toBeUndefined();
        const many = new Float32Array(row.length * 9);
        for (let r = 0; r < 9; r++) many.set(row, r * row.length);
        const gotMany = fn(act, name)(many, { shape: [9, row.length], axis: 1 }) as Float32Array;
        expect(checkAgainstReference(name, gotMany, many, [9, row.length], 1), `row [${row}] in groups`).toBeUndefined();
      }
    });

    it('large inputs: the max is subtracted', async () => {
      const act = await build(simd);
      for (const scale of [10003, 1e6, 1e20, 3e38]) {
        for (const n of [2, 4, 7, 40]) {
          const length = evenFor(name, n);
          const x = Float32Array.from(randomFloats(length * 5, n, 1), (v) => scale + v * (scale > 1e6 ? scale / 8 : 3));
          for (const [shape, axis] of [[[5, length], 1], [[length, 5], 0]] as [number[], number][]) {
            const got = fn(act, name)(x, { shape, axis }) as Float32Array;
            expect(checkAgainstReference(name, got, x, shape, axis), `scale ${scale}`).toBeUndefined();
            if (scale < 1e38 && !halves(name)) expect(got.every((v) => Number.isFinite(v))).toBe(true);
          }
        }
      }
    });

    it('in place, into out (JS memory or a tensor), at unaligned offsets', async () => {
      const act = await build(simd);
      const shape = halves(name) ? [2, 6, 10] : [3, 6, 5];
      const length = product(shape);
      const resultLength = halves(name) ? length / 2 : length;
      const big = testData(length + 8, 5, 6);
      for (const axis of [0, 1, 2]) {
        for (const offset of [0, 1, 3]) {
          const x = big.subarray(offset, offset + length);
          const want = fn(act, name)(x.slice(), { shape, axis }) as Float32Array;
          expect(checkAgainstReference(name, want, x, shape, axis)).toBeUndefined();
          const backing = new Float32Array(resultLength + 8).fill(12345);
          const out = backing.subarray(offset, offset + resultLength);
          expect(fn(act, name)(x, { shape, axis, out })).toBe(out);
          expect(firstBitMismatch(out, want)).toBeUndefined();
          expect(backing.subarray(0, offset).every((v) => v === 12345)).toBe(true);
          expect(backing.subarray(offset + resultLength).every((v) => v === 12345)).toBe(true);
          using into = act.tensor(resultLength);
          expect(fn(act, name)(x, { shape, axis, out: into })).toBe(into);
          expect(firstBitMismatch(into.data, want)).toBeUndefined();
          if (!halves(name)) {
            const inPlace = x.slice();
            expect(fn(act, name)(inPlace, { shape, axis, out: inPlace })).toBe(inPlace);
            expect(firstBitMismatch(inPlace, want)).toBeUndefined();
          }
          // In place in wasm memory: a tensor into itself, or glu into the first half of its input.
          using t = act.tensor(x, shape);
          const target = halves(name) ? t.data.subarray(0, resultLength) : t;
          fn(act, name)(t, { axis, out: target });
          expect(firstBitMismatch(t.data.subarray(0, resultLength), want)).toBeUndefined();
          // A partial overlap goes through scratch memory.
          using u = act.tensor(length + 4);
          u.data.set(x, 4);
          const source = u.data.subarray(4, 4 + length);
          const shifted = u.data.subarray(0, resultLength);
          fn(act, name)(source, { shape, axis, out: shifted });
          expect(firstBitMismatch(u.data.subarray(0, resultLength), want)).toBeUndefined();
        }
      }
    });

    it('a tensor in gives a tensor of the result shape; the input is untouched', async () => {
      const act = await build(simd);
      for (const shape of [[4, 6], [2, 6, 4], [6], [2, 2, 2, 2]]) {
        for (let axis = -shape.length; axis < shape.length; axis++) {
          const data = testData(product(shape), axis + 9, 4);
          using x = act.tensor(data, shape);
          using y = fn(act, name)(x, { axis }) as WasmTensor;
          expect(y).toBeInstanceOf(WasmTensor);
          const at = axis < 0 ? axis + shape.length : axis;
          expect(y.shape).toEqual(halves(name) ? shape.map((e, i) => (i === at ? e / 2 : e)) : shape);
          expect(firstBitMismatch(y.data, fn(act, name)(data, { shape, axis }) as Float32Array)).toBeUndefined();
          expect(firstBitMismatch(x.data, data)).toBeUndefined();
          // shape overrides the tensor's own shape.
          using flat = act.tensor(data);
          const z = fn(act, name)(flat, { shape, axis }) as WasmTensor;
          expect(firstBitMismatch(z.data, y.data)).toBeUndefined();
          z.dispose();
        }
      }
      // The default axis is the last.
      using x = act.tensor(testData(48, 1), [2, 6, 4]);
      using byDefault = fn(act, name)(x) as WasmTensor;
      using last = fn(act, name)(x, { axis: 2 }) as WasmTensor;
      expect(firstBitMismatch(byDefault.data, last.data)).toBeUndefined();
    });

    it('empty shapes give empty results', async () => {
      const act = await build(simd);
      for (const [shape, axis] of [[[0], 0], [[4, 0], 0], [[0, 4], 1], [[2, 0, 2], 2]] as [number[], number][]) {
        const got = fn(act, name)(new Float32Array(0), { shape, axis }) as Float32Array;
        expect(got.length).toBe(0);
      }
    });
  });

  it('softmax rows sum to 1, logSoftmax rows to log 1, sparsemax rows are on the simplex', async () => {
    const act = await build(simd);
    const x = testData(64 * 37, 3, 30).map((v) => (Number.isFinite(v) ? v : 0));
    const sums = (y: Float32Array, f: (v: number) => number = (v) => v) =>
      Array.from({ length: 64 }, (_, r) => y.subarray(r * 37, (r + 1) * 37).reduce((s, v) => s + f(v), 0));
    const shape = [64, 37];
    for (const s of sums(act.softmax(x, { shape }))) expect(s).toBeCloseTo(1, 5);
    for (const s of sums(act.softmin(x, { shape }))) expect(s).toBeCloseTo(1, 5);
    for (const s of sums(act.logSoftmax(x, { shape }), Math.exp)) expect(s).toBeCloseTo(1, 5);
    const sparse = act.sparsemax(x, { shape });
    expect(sparse.every((v) => v >= 0)).toBe(true);
    for (const s of sums(sparse)) expect(s).toBeCloseTo(1, 5);
  });

  it('documented specials', async () => {
    const act = await build(simd);
    const run = (name: AlongAxisName, values: number[]) => Array.from(fn(act, name)(Float32Array.from(values)) as Float32Array);
    expect(run('softmax', [0, -Infinity])).toEqual([1, 0]);
    expect(run('logSoftmax', [0, -Infinity])).toEqual([0, -Infinity]);
    expect(run('softmin', [0, Infinity])).toEqual([1, 0]);
    expect(run('sparsemax', [0, -Infinity])).toEqual([1, 0]);
    for (const name of ['softmax', 'logSoftmax', 'softmin', 'sparsemax'] as const) {
      for (const row of [[NaN, 0], [Infinity, 0], [-Infinity, -Infinity]]) {
        const flipped = name === 'softmin' ? row.map((v) => -v) : row;
        expect(run(name, flipped).every(Number.isNaN), `${name} [${flipped}]`).toBe(true);
      }
      expect(run(name, [7])).toEqual([name === 'logSoftmax' ? 0 : 1]);
    }
    expect(run('glu', [3, -0, Infinity, -Infinity])).toEqual([3, -0]);
    expect(run('glu', [Infinity, 1, -Infinity, 0]).map(String)).toEqual(['NaN', '0.5']);
    expect(Object.is(run('logSoftmax', [1])[0], 0)).toBe(true);
  });
});

it('both builds agree bit for bit', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  const next = random(5);
  for (const name of NAMES) {
    for (let trial = 0; trial < 60; trial++) {
      const rank = 1 + Math.floor(next() * 4);
      const axis = Math.floor(next() * rank);
      const shape = Array.from({ length: rank }, (_, i) => {
        const extent = 1 + Math.floor(next() * (trial % 3 === 0 ? 80 : 9));
        return i === axis && halves(name) ? 2 * extent : extent;
      });
      const x = testData(product(shape), trial + 1000, trial % 2 === 0 ? 10 : 200);
      const a = fn(simd, name)(x, { shape, axis }) as Float32Array;
      const b = fn(scalar, name)(x, { shape, axis }) as Float32Array;
      expect(firstBitMismatch(a, b, x), `${name} shape [${shape}] axis ${axis}`).toBeUndefined();
    }
    // Every way short last-axis rows are grouped: fewer than four rows, full groups of four, and
    // one to three rows left over (the SIMD build pads those into a group).
    for (let rows = 1; rows <= 9; rows++) {
      for (const extent of [1, 3, 4, 5, 16, 31, 32]) {
        const shape = [rows, halves(name) ? 2 * extent : extent];
        const x = testData(product(shape), rows * 100 + extent, 30);
        const a = fn(simd, name)(x, { shape, axis: 1 }) as Float32Array;
        const b = fn(scalar, name)(x, { shape, axis: 1 }) as Float32Array;
        expect(firstBitMismatch(a, b, x), `${name} shape [${shape}]`).toBeUndefined();
        expect(checkAgainstReference(name, a, x, shape, 1)).toBeUndefined();
      }
    }
  }
});

describe('bad input', () => {
  it('names the shape and the axis', async () => {
    const act = await build(true);
    const x = new Float32Array(6);
    for (const name of NAMES) {
      const f = fn(act, name);
      for (const axis of [2, -3, 1.5, NaN, '1', null]) {
        expect(() => f(x, { shape: [2, 3], axis }), `${name} axis ${String(axis)}`).toThrow(
          new RegExp(`^${name}: axis must be an integer in \\[-2, 1\\] for shape \\[2, 3\\], got `),
        );
        expect(() => f(x, { shape: [2, 3], axis })).toThrow(RangeError);
      }
      expect(() => f(new Float32Array(1), { shape: [] })).toThrow(new RegExp(`^${name}: axis -1 is out of range: shape \\[\\] \\(a scalar\\) has no axes`));
      expect(() => f(x, { shape: [4, 2] })).toThrow(new RegExp(`^${name}: shape \\[4, 2\\] holds 8 elements but x has 6`));
      expect(() => f(x, { shape: [2, -3] })).toThrow(TypeError);
      expect(() => f(x, { shape: '2,3' })).toThrow(TypeError);
      expect(() => f(x, { dim: 1 })).toThrow(new RegExp(`^${name}: unknown option 'dim'; ${name} takes 'shape', 'axis', 'out'`));
      expect(() => f(x, 1 as unknown as object)).toThrow(new RegExp(`^${name}: options must be an object`));
      expect(() => f([1, 2] as unknown as Float32Array)).toThrow(new RegExp(`^${name}: x must be a Float32Array or a WasmTensor, got an Array`));
      expect(() => f(new Float64Array(4) as unknown as Float32Array)).toThrow(TypeError);
      const wrongOut = new Float32Array(5);
      expect(() => f(x, { shape: [2, 3], axis: 0, out: wrongOut })).toThrow(RangeError);
      expect(() => f(x, { out: [] })).toThrow(TypeError);
    }
    expect(() => act.softmax(x, { shape: [2, 3], out: new Float32Array(3) })).toThrow(/^softmax: out has length 3 but x has length 6/);
    expect(() => act.glu(x, { shape: [2, 3] })).toThrow(/^glu: axis -1 of shape \[2, 3\] has extent 3, which is odd; glu splits it into two halves/);
    expect(() => act.glu(x, { shape: [2, 3], axis: 1 })).toThrow(RangeError);
    expect(act.glu(x, { shape: [2, 3], axis: 0 }).length).toBe(3);
    expect(() => act.glu(x, { shape: [6], out: new Float32Array(6) })).toThrow(
      /^glu: out has length 6 but the result has length 3 \(shape \[3\]\)/,
    );
    const disposed = act.tensor(6);
    disposed.dispose();
    expect(() => act.softmax(disposed)).toThrow(/^softmax: x is a WasmTensor that has been disposed/);
  });
});
