// Bad input everywhere, both builds: a TypeError or RangeError naming the argument and what was
// expected (never a wasm trap, never a silent result), and the module works right after it.
import { describe, expect, it } from 'vitest';
import { type Activations, ELEMENTWISE, type ElementwiseName, loadActivations } from '../dist/index.js';
import { BUILDS, FLT_MAX, build, firstBitMismatch, testData } from './helpers.js';
import { REFERENCE, REQUIRED_PARAMS } from './reference.js';

const NAMES = Object.keys(ELEMENTWISE) as ElementwiseName[];

/** The shape of a parameter spec of the registry (a number, or one of a few names). */
interface Spec {
  readonly default?: number | string;
  readonly required?: true;
  readonly allowPositiveInfinity?: boolean;
  readonly positive?: boolean;
  readonly nonNegative?: boolean;
  readonly atMost?: string;
  readonly choices?: readonly string[];
}

const paramsOf = (name: ElementwiseName) => Object.entries(ELEMENTWISE[name].params) as [string, Spec][];

type Loose = (...args: unknown[]) => unknown;
const fnOf = (act: Activations, name: string) => (act as unknown as Record<string, Loose>)[name];

/**
 * A registry kernel with the test values of its required parameters (REQUIRED_PARAMS) under
 * whatever options a call gives (inherited keys included); non-object options pass through.
 */
function kernelOf(act: Activations, name: ElementwiseName): Loose {
  const fn = fnOf(act, name);
  const required = REQUIRED_PARAMS[name];
  if (required === undefined) return fn;
  return (x, options, ...rest) => {
    if (options !== undefined && (typeof options !== 'object' || options === null)) return fn(x, options, ...rest);
    const merged: Record<string, unknown> = { ...required };
    for (const key in options as object) merged[key] = (options as Record<string, unknown>)[key];
    return fn(x, merged, ...rest);
  };
}

/** The other end of an ordered pair (hardTanh's min <= max) set to `value` too, so `value` is in order. */
function pairedWith(name: ElementwiseName, p: string, value: number): Record<string, number> {
  const specs = paramsOf(name);
  const partner = specs.find(([q]) => q === p)![1].atMost ?? specs.find(([, spec]) => spec.atMost === p)?.[0];
  return partner === undefined ? {} : { [partner]: value };
}

/** Calls `call`, expects it to throw `type` with a message matching every pattern, and returns the error. */
function expectError(call: () => unknown, type: typeof TypeError | typeof RangeError, ...patterns: RegExp[]): Error {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a throw').toBeDefined();
  expect(error).not.toBeInstanceOf(WebAssembly.RuntimeError);
  expect(error, String(error)).toBeInstanceOf(type);
  for (const pattern of patterns) expect((error as Error).message).toMatch(pattern);
  return error as Error;
}

async function expectRejection(promise: Promise<unknown>, type: typeof Error, ...patterns: RegExp[]): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeDefined();
  expect(error, String(error)).toBeInstanceOf(type);
  for (const pattern of patterns) expect((error as Error).message).toMatch(pattern);
}

/** A literal-free regex for a parameter or option name. */
const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const X = testData(67, 101);
const LEAKY_WANT = Float32Array.from(X, (v) => REFERENCE.leakyRelu(v, { alpha: 0.3 }));

describe.each(BUILDS)('$name build', ({ simd }) => {
  /** Checks the instance still computes right (through both the copying and the tensor path). */
  async function expectUsable(act: Activations, name?: ElementwiseName, baseline?: Float32Array): Promise<void> {
    expect(firstBitMismatch(act.leakyRelu(X, { alpha: 0.3 }), LEAKY_WANT, X)).toBeUndefined();
    using t = act.tensor(X);
    using y = act.leakyRelu(t, { alpha: 0.3 });
    expect(firstBitMismatch(y.data, LEAKY_WANT, X)).toBeUndefined();
    if (name !== undefined && baseline !== undefined) {
      expect(firstBitMismatch(kernelOf(act, name)(X) as Float32Array, baseline, X)).toBeUndefined();
    }
  }

  describe.each(NAMES)('%s', (name) => {
    const setup = async () => {
      const act = await build(simd);
      const fn = kernelOf(act, name);
      // The kernel's own result with its defaults, before any error, to compare with afterwards.
      const baseline = fn(X) as Float32Array;
      return { act, fn, baseline, usable: () => expectUsable(act, name, baseline) };
    };

    it('x that is not a Float32Array or WasmTensor', async () => {
      const { fn, usable } = await setup();
      const cases: [unknown, RegExp][] = [
        [[1, 2, 3], /got an Array \(convert it with Float32Array\.from\(x\)\)/],
        [new Float64Array(3), /got a Float64Array \(convert it with Float32Array\.from\(x\)\)/],
        [new Uint8Array(3), /got a Uint8Array/],
        [null, /got null/],
        [undefined, /got undefined/],
        [5, /got number 5/],
        ['abc', /got string abc/],
        [{ length: 3 }, /got an object \(Object\)/],
        [new ArrayBuffer(12), /got an object \(ArrayBuffer\)/],
      ];
      for (const [x, detail] of cases) {
        expectError(() => fn(x), TypeError, new RegExp(`^${name}: x must be a Float32Array or a WasmTensor`), detail);
        await usable();
      }
    });

    it('out of the wrong type or length, left untouched', async () => {
      const { act, fn, usable } = await setup();
      const x = testData(8, 3);
      for (const [out, detail] of [
        [[0, 0, 0, 0, 0, 0, 0, 0], /got an Array \(convert it with Float32Array\.from\(out\)\)/],
        [new Float64Array(8), /got a Float64Array/],
        ['abcdefgh', /got string abcdefgh/],
        [null, /got null/],
        [8, /got number 8/],
      ] as [unknown, RegExp][]) {
        expectError(() => fn(x, { out }), TypeError, new RegExp(`^${name}: out must be a Float32Array or a WasmTensor`), detail);
      }
      for (const length of [0, 7, 9, 16]) {
        const out = new Float32Array(length).fill(7);
        expectError(() => fn(x, { out }), RangeError, new RegExp(`^${name}: out has length ${length} but x has length 8`));
        expect(out.every((v) => v === 7), 'out was not written').toBe(true);
        using t = act.tensor(length);
        expectError(() => fn(x, { out: t }), RangeError, new RegExp(`out has length ${length} but x has length 8`));
      }
      using tx = act.tensor(x);
      expectError(() => fn(tx, { out: new Float32Array(9) }), RangeError, /out has length 9 but x has length 8/);
      await usable();
    });

    it('options that are not an object', async () => {
      const { fn, usable } = await setup();
      for (const [options, got] of [
        [5, 'number'],
        ['alpha', 'string'],
        [true, 'boolean'],
        [null, 'null'],
        [() => 0, 'function'],
        [1n, 'bigint'],
      ] as [unknown, string][]) {
        expectError(() => fn(X, options), TypeError, new RegExp(`^${name}: options must be an object, got ${got}`));
        await usable();
      }
    });

    it('unknown option names (typos) are rejected, listing the known ones', async () => {
      const { fn, usable } = await setup();
      const typos = ['aplha', 'Out', 'output', ...paramsOf(name).map(([p]) => p.toUpperCase()), ...paramsOf(name).map(([p]) => `${p}s`)];
      for (const typo of typos) {
        const out = new Float32Array(X.length).fill(7);
        const error = expectError(() => fn(X, { [typo]: 1, out }), TypeError, new RegExp(`^${name}: unknown option '${quote(typo)}'`));
        for (const [p] of paramsOf(name)) expect(error.message).toContain(`'${p}'`);
        expect(error.message).toContain(`'out'`);
        expect(out.every((v) => v === 7), 'out was not written').toBe(true);
      }
      // Inherited enumerable keys are options too.
      expectError(() => fn(X, Object.create({ aplha: 1 })), TypeError, /unknown option 'aplha'/);
      await usable();
    });

    const numberParams = paramsOf(name).filter(([, spec]) => spec.choices === undefined);
    const choiceParams = paramsOf(name).filter(([, spec]) => spec.choices !== undefined);

    if (numberParams.length > 0) it('number parameters: non-numbers are TypeErrors naming the parameter', async () => {
      const { fn, usable } = await setup();
      for (const [p] of numberParams) {
        for (const [value, got] of [
          ['0.5', 'string'],
          [null, 'null'],
          [1n, 'bigint'],
          [{ valueOf: () => 0.5 }, 'object'],
          [[0.5], 'object'],
          [true, 'boolean'],
        ] as [unknown, string][]) {
          const out = new Float32Array(X.length).fill(7);
          expectError(() => fn(X, { [p]: value, out }), TypeError, new RegExp(`^${name}: ${p} must be a number, got ${got}`));
          expect(out.every((v) => v === 7), 'out was not written').toBe(true);
        }
        await usable();
      }
    });

    if (numberParams.length > 0) it('number parameters: NaN, infinities and values beyond float32 are RangeErrors', async () => {
      const { act, fn, usable } = await setup();
      for (const [p, spec] of numberParams) {
        const bad = [NaN, -Infinity, 1e39, -1e39, 3.5e38, -Number.MAX_VALUE];
        if (!spec.allowPositiveInfinity) bad.push(Infinity);
        for (const value of bad) {
          const out = new Float32Array(X.length).fill(7);
          expectError(
            () => fn(X, { [p]: value, out }),
            RangeError,
            new RegExp(`^${name}: ${p} must be a finite float32 number${spec.allowPositiveInfinity ? ' or \\+Infinity' : ''}, got ${quote(String(value))}$`),
          );
          expect(out.every((v) => v === 7), 'out was not written').toBe(true);
          // The tensor path checks the same way.
          using t = act.tensor(X);
          expectError(() => fn(t, { [p]: value }), RangeError, new RegExp(`${p} must be a finite float32 number`));
        }
        // The largest finite float32 values are accepted (where the sign is allowed).
        for (const value of spec.positive || spec.nonNegative ? [FLT_MAX] : [FLT_MAX, -FLT_MAX]) {
          expect(() => fn(X, { ...pairedWith(name, p, value), [p]: value }), `${p}=${value}`).not.toThrow();
        }
        await usable();
      }
    });

    if (numberParams.some(([, spec]) => spec.allowPositiveInfinity)) it('+Infinity where the parameter allows it', async () => {
      const { act, fn, usable } = await setup();
      for (const [p, spec] of numberParams.filter(([, s]) => s.allowPositiveInfinity)) {
        const result = fn(X, { [p]: Infinity }) as Float32Array;
        expect(result).toHaveLength(X.length);
        if (spec.default === Infinity) expect(firstBitMismatch(result, fn(X) as Float32Array, X)).toBeUndefined();
      }
      if (name === 'relu') {
        // maxValue: +Infinity means no clipping; -Infinity is rejected.
        expect(firstBitMismatch(act.relu(X, { maxValue: Infinity }), act.relu(X), X)).toBeUndefined();
        expectError(() => act.relu(X, { maxValue: -Infinity }), RangeError, /relu: maxValue must be a finite float32 number or \+Infinity, got -Infinity/);
        expectError(() => act.relu(X, { threshold: Infinity }), RangeError, /relu: threshold must be a finite float32 number, got Infinity/);
        expectError(() => act.relu(X, { negativeSlope: Infinity }), RangeError, /negativeSlope must be a finite float32 number, got Infinity/);
      }
      await usable();
    });

    if (numberParams.some(([, spec]) => spec.positive)) it('positive parameters reject 0, negatives and values that round to 0', async () => {
      const { fn, usable } = await setup();
      for (const [p] of numberParams.filter(([, s]) => s.positive)) {
        for (const value of [0, -0, -1, -FLT_MAX, 1e-50]) {
          expectError(() => fn(X, { [p]: value }), RangeError, new RegExp(`^${name}: ${p} must be greater than 0`));
        }
        expect(() => fn(X, { [p]: 1e-30 })).not.toThrow();
        await usable();
      }
    });

    if (choiceParams.length > 0) it('choice parameters: anything but one of the names is a TypeError listing them', async () => {
      const { fn, usable } = await setup();
      for (const [p, spec] of choiceParams) {
        for (const value of [0, 1, null, true, 'nope', spec.choices![0].toUpperCase() + '!', {}]) {
          const error = expectError(() => fn(X, { [p]: value }), TypeError, new RegExp(`^${name}: ${p} must be one of`));
          for (const choice of spec.choices!) expect(error.message).toContain(`'${choice}'`);
        }
        for (const choice of spec.choices!) expect(() => fn(X, { [p]: choice })).not.toThrow();
        await usable();
      }
    });

    if (numberParams.some(([, spec]) => spec.nonNegative)) it('non-negative parameters reject negatives, accept 0', async () => {
      const { fn, usable } = await setup();
      for (const [p] of numberParams.filter(([, s]) => s.nonNegative)) {
        for (const value of [-1, -1e-30, -FLT_MAX]) {
          const out = new Float32Array(X.length).fill(7);
          expectError(() => fn(X, { [p]: value, out }), RangeError, new RegExp(`^${name}: ${p} must be greater than or equal to 0, got ${quote(String(value))}$`));
          expect(out.every((v) => v === 7), 'out was not written').toBe(true);
        }
        for (const value of [0, -0, 1e-30]) expect(() => fn(X, { [p]: value })).not.toThrow();
        await usable();
      }
    });

    if (numberParams.some(([, spec]) => spec.atMost !== undefined)) it('ordered pairs: a lower end above the upper one is a RangeError naming both', async () => {
      const { fn, usable } = await setup();
      for (const [p, spec] of numberParams.filter(([, s]) => s.atMost !== undefined)) {
        const q = spec.atMost!;
        for (const [low, high] of [[2, 1], [1e-30, 0], [FLT_MAX, -FLT_MAX]]) {
          const out = new Float32Array(X.length).fill(7);
          expectError(() => fn(X, { [p]: low, [q]: high, out }), RangeError, new RegExp(`^${name}: ${p} \\(${quote(String(low))}\\) must not be greater than ${q} \\(${quote(String(high))}\\)$`));
          expect(out.every((v) => v === 7), 'out was not written').toBe(true);
        }
        // Against the other end's default too, and equal ends are in order.
        const upperDefault = paramsOf(name).find(([r]) => r === q)![1].default as number;
        expectError(() => fn(X, { [p]: upperDefault + 1 }), RangeError, new RegExp(`^${name}: ${p} .* must not be greater than ${q}`));
        expect(() => fn(X, { [p]: 0.5, [q]: 0.5 })).not.toThrow();
        await usable();
      }
    });

    if (numberParams.some(([, spec]) => spec.required)) it('required parameters: leaving one out is a TypeError naming it', async () => {
      const { act, usable } = await setup();
      const raw = fnOf(act, name);
      const required = REQUIRED_PARAMS[name]!;
      for (const [p] of numberParams.filter(([, s]) => s.required)) {
        const { [p]: _left, ...rest } = required;
        const message = new RegExp(`^${name}: the option '${p}' is required \\(it has no default\\)$`);
        expectError(() => raw(X, { ...rest }), TypeError, message);
        expectError(() => raw(X, { ...rest, [p]: undefined }), TypeError, message);
        using t = act.tensor(X);
        expectError(() => raw(t, { ...rest }), TypeError, message);
      }
      expectError(() => raw(X), TypeError, new RegExp(`^${name}: the option '.*' is required`));
      expectError(() => raw(X, {}), TypeError, new RegExp(`^${name}: the option '.*' is required`));
      await usable();
    });

    it('a view of a detached buffer is a TypeError, not an empty result', async () => {
      const { act, fn, usable } = await setup();
      const buffer = new ArrayBuffer(32);
      const view = new Float32Array(buffer);
      structuredClone(buffer, { transfer: [buffer] });
      expect(view.length).toBe(0);
      expectError(() => fn(view), TypeError, new RegExp(`^${name}: x is a view of a detached ArrayBuffer`));
      expectError(() => fn(new Float32Array(0), { out: view }), TypeError, new RegExp(`^${name}: out is a view of a detached ArrayBuffer`));
      // A stale t.data after memory growth (in a fresh instance, so memory stays small): the
      // message says to read .data again.
      const own = await loadActivations({ simd });
      const ownFn = kernelOf(own, name);
      using t = own.tensor(testData(16));
      const stale = t.data;
      using big = own.tensor(own.memory.buffer.byteLength / 4 + 16);
      expect(stale.length).toBe(0);
      expectError(() => ownFn(stale), TypeError, /x is a view of a detached ArrayBuffer.*read WasmTensor\.data again/);
      expectError(() => ownFn(new Float32Array(0), { out: stale }), TypeError, /out is a view of a detached ArrayBuffer/);
      expect(big.length).toBeGreaterThan(0);
      // The fresh view works.
      expect(ownFn(t.data)).toHaveLength(16);
      await expectUsable(own);
      await usable();
    });
  });

  describe('prelu', () => {
    const x6 = new Float32Array([-1, 2, -3, 4, -5, 6]);
    const slope3 = new Float32Array([0.5, 0.25, 2]);
    const want = Float32Array.from(x6, (v, i) => REFERENCE.leakyRelu(v, { alpha: slope3[i % 3] }));
    const usable = async (act: Activations) => {
      expect(firstBitMismatch(act.prelu(x6, slope3, { shape: [2, 3] }), want, x6)).toBeUndefined();
      expect(firstBitMismatch(act.prelu(x6, slope3, { shape: [2, 3], axis: 1 }), want, x6)).toBeUndefined();
      await expectUsable(act);
    };

    it('x, slope and out of the wrong type', async () => {
      const act = await build(simd);
      const prelu = fnOf(act, 'prelu');
      expectError(() => prelu([1, 2], slope3), TypeError, /^prelu: x must be a Float32Array or a WasmTensor, got an Array \(convert it with Float32Array\.from\(x\)\)/);
      expectError(() => prelu(x6, [0.5]), TypeError, /^prelu: slope must be a Float32Array or a WasmTensor, got an Array \(convert it with Float32Array\.from\(slope\)\)/);
      expectError(() => prelu(x6, 0.5), TypeError, /^prelu: slope must be a Float32Array or a WasmTensor, got number 0.5/);
      expectError(() => prelu(x6, null), TypeError, /^prelu: slope must be .*got null/);
      expectError(() => prelu(x6, new Float64Array(3)), TypeError, /^prelu: slope must be .*got a Float64Array/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], out: [0, 0, 0, 0, 0, 0] }), TypeError, /^prelu: out must be a Float32Array/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], out: new Float32Array(5) }), RangeError, /^prelu: out has length 5 but x has length 6/);
      expectError(() => prelu(x6, slope3, 'axis'), TypeError, /^prelu: options must be an object, got string/);
      expectError(() => prelu(x6, slope3, null), TypeError, /^prelu: options must be an object, got null/);
      expectError(() => prelu(x6, slope3, { axes: 1 }), TypeError, /^prelu: unknown option 'axes'; prelu takes 'shape', 'slopeShape', 'axis', 'out'/);
      const buffer = new ArrayBuffer(12);
      const detached = new Float32Array(buffer);
      structuredClone(buffer, { transfer: [buffer] });
      expectError(() => prelu(x6, detached), TypeError, /^prelu: slope is a view of a detached ArrayBuffer/);
      await usable(act);
    });

    it('shapes: product mismatch, non-broadcastable (naming both shapes), bad dims', async () => {
      const act = await build(simd);
      const prelu = fnOf(act, 'prelu');
      expectError(() => prelu(x6, slope3, { shape: [2, 2] }), RangeError, /^prelu: shape \[2, 2\] holds 4 elements but x has 6/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], slopeShape: [2] }), RangeError, /^prelu: slopeShape \[2\] holds 2 elements but slope has 3/);
      expectError(() => prelu(x6, new Float32Array(2), { shape: [2, 3] }), RangeError, /^prelu: slope of shape \[2\] cannot be broadcast to x of shape \[2, 3\]/);
      expectError(() => prelu(x6, new Float32Array(6), { shape: [2, 3], slopeShape: [3, 2] }), RangeError, /slope of shape \[3, 2\] cannot be broadcast to x of shape \[2, 3\]/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], slopeShape: [1, 1, 3] }), RangeError, /slope of shape \[1, 1, 3\] cannot be broadcast to x of shape \[2, 3\]/);
      expectError(() => prelu(x6, slope3), RangeError, /slope of shape \[3\] cannot be broadcast to x of shape \[6\]/);
      for (const shape of [[2.5, 2.4], [-2, -3], [NaN, 6], ['2', 3], [Infinity, 0]]) {
        expectError(() => prelu(x6, slope3, { shape }), TypeError, /^prelu: shape must be an array of non-negative integers, got \[/);
      }
      expectError(() => prelu(x6, slope3, { shape: [2, 3], slopeShape: [-3] }), TypeError, /^prelu: slopeShape must be an array of non-negative integers/);
      expectError(() => prelu(x6, slope3, { shape: 6 }), TypeError, /^prelu: shape must be an array of non-negative integers, got number/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], slopeShape: '3' }), TypeError, /^prelu: slopeShape must be an array/);
      await usable(act);
    });

    it('axis: out of range, fractional, with slopeShape, wrong channel count', async () => {
      const act = await build(simd);
      const prelu = fnOf(act, 'prelu');
      for (const axis of [2, -3, 1.5, NaN, '1']) {
        expectError(() => prelu(x6, slope3, { shape: [2, 3], axis }), RangeError, /^prelu: axis must be an integer in \[-2, 1\] for shape \[2, 3\], got /);
      }
      expectError(() => prelu(x6, slope3, { shape: [2, 3], axis: 1, slopeShape: [3] }), TypeError, /^prelu: give either axis or slopeShape, not both/);
      expectError(() => prelu(x6, slope3, { shape: [2, 3], axis: 0 }), RangeError, /^prelu: axis 0 of shape \[2, 3\] has 2 channels but slope has 3 values/);
      await usable(act);
    });
  });

  describe('tensor()', () => {
    it('a length that is negative, fractional, NaN, infinite or unsafe', async () => {
      const act = await build(simd);
      for (const length of [-1, -0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 53]) {
        expectError(() => act.tensor(length), RangeError, new RegExp(`^tensor: length must be a non-negative integer, got ${quote(String(length))}`));
      }
      await expectUsable(act);
    });

    it('a shape that does not match, or is not an array of non-negative integers', async () => {
      const act = await build(simd);
      expectError(() => act.tensor(5, [2, 2]), RangeError, /^tensor: shape \[2, 2\] holds 4 elements but the tensor has 5/);
      expectError(() => act.tensor([1, 2, 3], [1, 2]), RangeError, /^tensor: shape \[1, 2\] holds 2 elements but data has 3/);
      expectError(() => act.tensor(4, [2, -2, -1]), TypeError, /^tensor: shape must be an array of non-negative integers, got \[2, -2, -1\]/);
      expectError(() => act.tensor(4, [0.5, 8]), TypeError, /^tensor: shape must be an array of non-negative integers/);
      expectError(() => act.tensor(4, '4' as unknown as number[]), TypeError, /^tensor: shape must be an array of non-negative integers, got string/);
      expectError(() => act.tensor(4, null as unknown as number[]), TypeError, /got null/);
      await expectUsable(act);
    });

    it('data that is not an array of numbers', async () => {
      const act = await build(simd);
      const tensor = act.tensor as unknown as Loose;
      expectError(() => tensor([1, '2', 3]), TypeError, /^tensor: data\[1\] must be a number, got string/);
      expectError(() => tensor([1, 2, null]), TypeError, /^tensor: data\[2\] must be a number, got object/);
      expectError(() => tensor([0n]), TypeError, /^tensor: data\[0\] must be a number, got bigint/);
      // eslint-disable-next-line no-sparse-arrays
      expectError(() => tensor([1, , 3]), TypeError, /^tensor: data\[1\] must be a number, got undefined/);
      expectError(() => tensor({ length: 2, 0: 1, 1: {} }), TypeError, /^tensor: data\[1\] must be a number, got object/);
      expectError(() => tensor(new BigInt64Array(2)), TypeError, /^tensor: data must hold numbers, not bigints/);
      for (const [value, got] of [
        [null, 'null'],
        [undefined, 'undefined'],
        ['abc', 'string'],
        [{}, 'object'],
        [true, 'boolean'],
        [5n, 'bigint'],
      ] as [unknown, string][]) {
        expectError(() => tensor(value), TypeError, new RegExp(`^tensor: expected a length or an array of numbers \\(e\\.g\\. a Float32Array\\), got ${got}`));
      }
      await expectUsable(act);
    });

    it('a view of a detached buffer is a TypeError, not an empty tensor', async () => {
      const act = await build(simd);
      const buffer = new ArrayBuffer(16);
      const view = new Float32Array(buffer);
      structuredClone(buffer, { transfer: [buffer] });
      expectError(() => act.tensor(view), TypeError, /^tensor: data is a view of a detached ArrayBuffer/);
      await expectUsable(act);
      const own = await loadActivations({ simd });
      using t = own.tensor(testData(4));
      const stale = t.data;
      using big = own.tensor(own.memory.buffer.byteLength / 4 + 16);
      expect(stale.length).toBe(0);
      expectError(() => own.tensor(stale), TypeError, /^tensor: data is a view of a detached ArrayBuffer/);
      expect(big.length).toBeGreaterThan(0);
      await expectUsable(own);
    });
  });
});

describe('loadActivations()', () => {
  const works = async (act: Activations) => expect(firstBitMismatch(act.leakyRelu(X, { alpha: 0.3 }), LEAKY_WANT, X)).toBeUndefined();

  it('options that are not an object, and unknown options', async () => {
    const load = loadActivations as unknown as (o?: unknown) => Promise<Activations>;
    for (const options of [null, 5, 'simd', true]) {
      await expectRejection(load(options), TypeError, /^loadActivations: options must be an object/);
    }
    await expectRejection(load({ simdd: true }), TypeError, /^loadActivations: unknown option 'simdd'; it takes 'simd', 'wasm', 'maxMemory'/);
    await expectRejection(load({ maxmemory: 1e6 }), TypeError, /unknown option 'maxmemory'/);
    await works(await load({}));
  });

  it('simd that is not a boolean', async () => {
    const load = loadActivations as unknown as (o?: unknown) => Promise<Activations>;
    for (const [simd, got] of [
      ['true', 'string'],
      [1, 'number'],
      [null, 'object'],
      [{}, 'object'],
    ] as [unknown, string][]) {
      await expectRejection(load({ simd }), TypeError, new RegExp(`^loadActivations: simd must be a boolean, got ${got}`));
    }
  });

  it('maxMemory too small, too large, NaN or not a number', async () => {
    const load = loadActivations as unknown as (o?: unknown) => Promise<Activations>;
    for (const maxMemory of [0, 1000, 131071, -1, 2 ** 32 + 1, 2 ** 33, NaN, Infinity, '8388608', null]) {
      await expectRejection(
        load({ maxMemory }),
        RangeError,
        new RegExp(`^loadActivations: maxMemory must be a number of bytes from 128 KiB to 4 GiB, got ${quote(String(maxMemory))}$`),
      );
    }
    // The bounds themselves are accepted.
    const smallest = await load({ maxMemory: 131072, simd: false });
    expect(smallest.maxMemory).toBe(131072);
    await works(smallest);
    expect((await load({ maxMemory: 2 ** 32 })).maxMemory).toBe(2 ** 32);
  });

  it('wasm of a wrong type', async () => {
    for (const wasm of [42, true, null, {}, [0, 97, 115, 109], Symbol('wasm')]) {
      await expectRejection(
        loadActivations({ wasm: wasm as never }),
        TypeError,
        /^loadActivations: wasm must be bytes \(ArrayBuffer or a view\), a WebAssembly\.Module, a URL or path string, or a Response/,
      );
    }
  });
});
