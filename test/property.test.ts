// Property tests (fast-check): every kernel of the ELEMENTWISE registry and prelu on arbitrary
// float32 data (NaN, -0, ±Inf, denormals included) and arbitrary finite float32 parameters (within
// each parameter's rules), against test/reference.ts in both builds: bit-exact for a kernel with
// maxUlp 0, within maxUlp of the float64 reference otherwise; and the two builds bit for bit.
// On failure fast-check prints the seed and the shrunk counterexample; pass them back through
// fc.assert's { seed, path } to replay it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activations, ELEMENTWISE, type ElementwiseName, WasmTensor } from '../dist/index.js';
import { BUILDS, FLT_DENORM_MIN, FLT_MAX, PARAM_EDGES, build, firstBitMismatch, firstUlpMismatch } from './helpers.js';
import { preluReference, product } from './prelu-reference.js';
import { REFERENCE } from './reference.js';

const NAMES = Object.keys(ELEMENTWISE) as ElementwiseName[];
const RUNS = 1000;

type Spec = {
  default?: number | string;
  required?: true;
  allowPositiveInfinity?: boolean;
  positive?: boolean;
  nonNegative?: boolean;
  atMost?: string;
  choices?: readonly string[];
};
const specsOf = (name: ElementwiseName) => ELEMENTWISE[name].params as Record<string, Spec>;

/**
 * Any finite float32 (±0, denormals and ±FLT_MAX included), with the values where kernels pick
 * a different loop (0, 1, the breakpoints) drawn often.
 */
const finiteFloat32 = fc.oneof(
  fc.float({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...PARAM_EDGES),
);

/** Any float32 > 0, from the smallest denormal to FLT_MAX, edges drawn often. */
const positiveFloat32 = fc.oneof(
  fc.float({ min: FLT_DENORM_MIN, max: FLT_MAX, noNaN: true }),
  fc.constantFrom(...PARAM_EDGES.filter((v) => v > 0)),
);

/**
 * Parameters of a transcendental kernel (maxUlp > 0) for which its ulp bound is promised:
 * magnitudes in [2^-8, 2^8], and zero. Beyond that (say beta = 1e-30) intermediate products
 * under- or overflow; such values are accepted but outside the contract (see README).
 */
export const CONTRACT_PARAM_MAGNITUDE = { min: 2 ** -8, max: 2 ** 8 };
const contractFloat32 = fc.oneof(
  fc.float({ min: Math.fround(CONTRACT_PARAM_MAGNITUDE.min), max: Math.fround(CONTRACT_PARAM_MAGNITUDE.max), noNaN: true }),
  fc.float({ min: Math.fround(-CONTRACT_PARAM_MAGNITUDE.max), max: Math.fround(-CONTRACT_PARAM_MAGNITUDE.min), noNaN: true }),
  fc.constantFrom(...PARAM_EDGES.filter((v) => v === 0 || (Math.abs(v) >= CONTRACT_PARAM_MAGNITUDE.min && Math.abs(v) <= CONTRACT_PARAM_MAGNITUDE.max))),
);

/**
 * A subset of a kernel's parameters (the required ones always), each an arbitrary finite float32
 * (or +Infinity where allowed, >= 0 where required), an ordered pair in order.
 */
function paramsArb(name: ElementwiseName): fc.Arbitrary<Record<string, number>> {
  const specs = Object.entries(specsOf(name));
  const entries = specs.map(([key, spec]) => {
    if (spec.choices) return [key, fc.constantFrom(...spec.choices)];
    let value = ELEMENTWISE[name].maxUlp > 0 ? contractFloat32 : finiteFloat32;
    if (spec.positive) value = ELEMENTWISE[name].maxUlp > 0 ? contractFloat32.map(Math.abs).filter((v) => v > 0) : positiveFloat32;
    if (spec.allowPositiveInfinity) value = fc.oneof(value, fc.constant(Infinity));
    return [key, spec.nonNegative ? value.map(Math.abs) : value];
  });
  const requiredKeys = specs.filter(([, spec]) => spec.required).map(([key]) => key);
  return fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<number>>, { requiredKeys }).map((params) => inOrder(name, params));
}

/** Swaps the ends of an ordered pair (hardTanh's min <= max) that came out of order, defaults included. */
function inOrder(name: ElementwiseName, params: Record<string, number>): Record<string, number> {
  const specs = specsOf(name);
  for (const [low, spec] of Object.entries(specs)) {
    if (spec.atMost === undefined) continue;
    const high = spec.atMost;
    const [a, b] = [params[low] ?? (spec.default as number), params[high] ?? (specs[high].default as number)];
    if (a > b) return { ...params, [low]: b, [high]: a };
  }
  return params;
}

/** Arbitrary float32 data as a view at an arbitrary (often unaligned) offset of a larger array. */
const dataArb = fc
  .tuple(fc.float32Array({ maxLength: 150, size: 'max' }), fc.nat({ max: 5 }))
  .map(([values, offset]) => {
    const backing = new Float32Array(values.length + offset);
    backing.set(values, offset);
    return backing.subarray(offset);
  });

/** The reference at each x: float32 for a bit-exact kernel (maxUlp 0), float64 otherwise. */
function expected(name: ElementwiseName, x: Float32Array, params: Record<string, number>): Float32Array | Float64Array {
  const resolved = Object.fromEntries(Object.entries(specsOf(name)).map(([key, spec]) => [key, params[key] ?? spec.default]));
  const reference = (v: number) => REFERENCE[name](v, resolved as Record<string, number>);
  return ELEMENTWISE[name].maxUlp === 0 ? Float32Array.from(x, reference) : Float64Array.from(x, reference);
}

/** The first result that breaks the kernel's contract (see expected), with a message. */
function mismatch(name: ElementwiseName, got: Float32Array, want: Float32Array | Float64Array, x: Float32Array): string | undefined {
  const { maxUlp } = ELEMENTWISE[name] as { maxUlp: number };
  return maxUlp === 0 ? firstBitMismatch(got, want, x) : firstUlpMismatch(got, want, maxUlp, x);
}

const call = (act: Activations, name: ElementwiseName, x: Float32Array, params: object) =>
  (act[name] as (x: Float32Array, o: object) => Float32Array)(x, params);

describe.each(BUILDS)('$name build', ({ simd }) => {
  it.each(NAMES)('%s matches the reference on arbitrary data and parameters', async (name) => {
    const act = await build(simd);
    fc.assert(
      fc.property(dataArb, paramsArb(name), (x, params) => {
        const got = call(act, name, x, params);
        expect(mismatch(name, got, expected(name, x, params), x), JSON.stringify(params)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});

it.each(NAMES)('%s: the SIMD and scalar builds agree bit for bit', async (name) => {
  const [simd, scalar] = [await build(true), await build(false)];
  fc.assert(
    fc.property(dataArb, paramsArb(name), (x, params) => {
      expect(firstBitMismatch(call(simd, name, x, params), call(scalar, name, x, params), x)).toBeUndefined();
    }),
    { numRuns: RUNS },
  );
});

/** An x shape (rank 0..5, extents 0..6) and a slope shape that broadcasts to it one way. */
const shapePairArb = fc
  .array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 })
  .chain((xShape) =>
    fc
      .tuple(fc.integer({ min: 0, max: xShape.length }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }))
      .map(([rank, ones]) => {
        const slopeShape = xShape.slice(xShape.length - rank).map((extent, j) => (ones[j] ? 1 : extent));
        return { xShape, slopeShape };
      }),
  );

/** Long and short last axes (the tiled path below 256 channels, the general path above). */
const lastAxisPairArb = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom('last', 'last2', 'rows'))
  .map(([rows, channels, kind]) => ({
    xShape: [rows, channels],
    slopeShape: kind === 'last' ? [channels] : kind === 'last2' ? [1, channels] : [rows, 1],
  }));

/** A shape pair with arbitrary float32 data of the right lengths, and how to pass each argument. */
const preluCaseArb = fc.oneof(shapePairArb, lastAxisPairArb).chain(({ xShape, slopeShape }) => {
  const n = product(xShape);
  const m = product(slopeShape);
  return fc.record({
    xShape: fc.constant(xShape),
    slopeShape: fc.constant(slopeShape),
    x: fc.float32Array({ minLength: n, maxLength: n }),
    slope: fc.float32Array({ minLength: m, maxLength: m }),
    xKind: fc.constantFrom('array', 'tensor'),
    slopeKind: fc.constantFrom('array', 'tensor'),
    // 'slope': out is the slope tensor itself (used where the slope is a tensor as long as x).
    outKind: fc.constantFrom('none', 'array', 'tensor', 'in place', 'slope'),
  });
});

type PreluCase = typeof preluCaseArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs prelu with the arguments as the case says and returns a JS copy of the result. */
function runPrelu(act: Activations, c: PreluCase): Float32Array {
  const n = c.x.length;
  const x = c.xKind === 'tensor' ? act.tensor(c.x, c.xShape) : c.x.slice();
  const slope = c.slopeKind === 'tensor' ? act.tensor(c.slope, c.slopeShape) : c.slope;
  const out =
    c.outKind === 'array' ? new Float32Array(n)
    : c.outKind === 'tensor' ? act.tensor(n)
    : c.outKind === 'in place' ? x
    : c.outKind === 'slope' && slope instanceof WasmTensor && slope.length === n ? slope
    : undefined;
  try {
    // Tensors carry their shapes; plain arrays get them as options.
    const options: Record<string, unknown> = { out };
    if (c.xKind === 'array') options.shape = c.xShape;
    if (c.slopeKind === 'array') options.slopeShape = c.slopeShape;
    const result = (act.prelu as (x: unknown, s: unknown, o: object) => unknown)(x, slope, options);
    if (out !== undefined) expect(result).toBe(out);
    if (result instanceof WasmTensor) {
      const copy = result.toArray();
      if (result !== x && result !== out) result.dispose();
      return copy;
    }
    return (result as Float32Array).slice();
  } finally {
    for (const t of [x, slope, out]) if (t instanceof WasmTensor) t.dispose();
  }
}

describe.each(BUILDS)('prelu, $name build', ({ simd }) => {
  it('matches the broadcasting reference on arbitrary shapes, data and argument kinds', async () => {
    const act = await build(simd);
    fc.assert(
      fc.property(preluCaseArb, (c) => {
        const want = preluReference(c.x, c.xShape, c.slope, c.slopeShape);
        expect(firstBitMismatch(runPrelu(act, c), want, c.x)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});

it('prelu: the SIMD and scalar builds agree bit for bit', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  fc.assert(
    fc.property(preluCaseArb, (c) => {
      expect(firstBitMismatch(runPrelu(simd, c), runPrelu(scalar, c), c.x)).toBeUndefined();
    }),
    { numRuns: RUNS },
  );
});

it('the generators reach the values that matter', () => {
  // Guards the properties above against a generator that silently stopped producing specials.
  const seen = { nan: false, negZero: false, inf: false, denormal: false, long: false };
  for (const x of fc.sample(dataArb, { numRuns: 500, seed: 1 })) {
    if (x.length >= 16) seen.long = true;
    for (const v of x) {
      if (Number.isNaN(v)) seen.nan = true;
      if (Object.is(v, -0)) seen.negZero = true;
      if (Math.abs(v) === Infinity) seen.inf = true;
      if (v !== 0 && Math.abs(v) < 1.1754943508222875e-38) seen.denormal = true;
    }
  }
  expect(seen).toEqual({ nan: true, negZero: true, inf: true, denormal: true, long: true });
  const pairs = fc.sample(fc.oneof(shapePairArb, lastAxisPairArb), { numRuns: 500, seed: 2 });
  expect(pairs.some(({ xShape }) => product(xShape) === 0)).toBe(true);
  expect(pairs.some(({ xShape }) => xShape.length === 0)).toBe(true);
  expect(pairs.some(({ slopeShape }) => slopeShape.length > 1 && product(slopeShape) > 1)).toBe(true);
  expect(pairs.some(({ xShape, slopeShape }) => xShape.length === 2 && slopeShape.length === 1 && slopeShape[0] > 256)).toBe(true);
  const cases = fc.sample(preluCaseArb, { numRuns: 500, seed: 3 });
  expect(cases.some((c) => c.outKind === 'slope' && c.slopeKind === 'tensor' && c.slope.length === c.x.length && c.x.length > 0)).toBe(true);
});
