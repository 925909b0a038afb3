// What an accuracy sweep feeds a kernel and how it keeps score, shared by test/accuracy.test.ts (a
// small sweep) and scripts/accuracy.ts (`npm run accuracy`: a dense or an exhaustive sweep). The
// error itself is measured by ulpError in test/helpers.ts.
import { ALONG_AXIS, type AlongAxisName, ELEMENTWISE, type ElementwiseName } from '../dist/index.js';
import { axisReference, layoutOf } from './axis-reference.js';
import { SPECIALS, hex, random, show, ulpError, zeroSignMismatch } from './helpers.js';
import { PARAM_CASES, REFERENCE, REQUIRED_PARAMS } from './reference.js';

/** Resolved parameters as REFERENCE receives them (a choice parameter by its name). */
export type ParamValues = Record<string, number | string>;

const NAMES = Object.keys(ELEMENTWISE) as ElementwiseName[];
const maxUlpOf = (name: ElementwiseName): number => ELEMENTWISE[name].maxUlp;
/** Kernels with an accuracy contract against a float64 reference (maxUlp > 0), in registry order. */
export const ULP_KERNELS: readonly ElementwiseName[] = NAMES.filter((name) => maxUlpOf(name) > 0);
/** Kernels bit-exact against a float32 reference (maxUlp 0). */
export const BIT_EXACT_KERNELS: readonly ElementwiseName[] = NAMES.filter((name) => maxUlpOf(name) === 0);

/**
 * The parameter sets a kernel is measured with: its defaults, then PARAM_CASES, each over
 * REQUIRED_PARAMS (values for parameters without a default).
 */
export function paramCases(name: ElementwiseName): ParamValues[] {
  const required = (REQUIRED_PARAMS as Partial<Record<ElementwiseName, ParamValues>>)[name];
  return [{}, ...((PARAM_CASES[name] ?? []) as ParamValues[])].map((params) => ({ ...required, ...params }));
}

/** `params` over the kernel's defaults. */
export function resolveParams(name: ElementwiseName, params: ParamValues): ParamValues {
  const specs = ELEMENTWISE[name].params as Record<string, { default: number | string }>;
  const defaults = Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.default]));
  return { ...defaults, ...params };
}

/** "defaults" or "beta=2, threshold=10". */
export function describeParams(params: ParamValues): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? 'defaults' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/**
 * REFERENCE[name] at every x into `out`: float64 values for a maxUlp > 0 kernel, float32-exact
 * ones for a bit-exact kernel.
 */
export function evaluateReference(
  name: ElementwiseName,
  params: ParamValues,
  x: Float32Array,
  out: Float32Array | Float64Array,
): void {
  const reference = REFERENCE[name] as (x: number, p: ParamValues) => number;
  const resolved = resolveParams(name, params);
  for (let i = 0; i < x.length; i++) out[i] = reference(x[i], resolved);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (value: number): number => {
  f32[0] = value;
  return u32[0];
};

/**
 * Every special class as bit patterns: signed zeros and infinities, NaNs (quiet, signalling,
 * negative, all-ones payload), the extremes of each binade class (smallest and largest
 * subnormal, smallest normal, FLT_MAX) and the floats next to 1.
 */
export const SPECIAL_BITS: Uint32Array = Uint32Array.from(
  new Set([
    ...SPECIALS.map(bitsOf),
    ...[0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff, 0x7fa00000],
    ...[0x00000001, 0x00000002, 0x007fffff, 0x00800000, 0x00800001, 0x7f7ffffe, 0x7f7fffff],
    ...[0x80000001, 0x80000002, 0x807fffff, 0x80800000, 0x80800001, 0xff7ffffe, 0xff7fffff],
    ...[0x3f7fffff, 0x3f800001, 0xbf7fffff, 0xbf800001],
  ]),
);

/**
 * Magnitudes (taken with both signs) where exp-based kernels switch formulas, saturate, overflow
 * or underflow: a sweep packs consecutive floats around each.
 */
export const BREAKPOINTS: readonly number[] = [
  2 ** -12, // small-|x| branches (tanh(x) ≈ x, expm1(x) ≈ x)
  0.34657359, // ln2 / 2: the edge of exp's reduced range
  0.5,
  0.625, // a common tanh small/large switch
  1,
  2,
  9.0109134, // tanh(x) rounds to ±1 beyond
  10, // gelu (tanh form): the negative tail turns subnormal
  13.1, // gelu (erf form): the negative tail turns subnormal
  14.4, // ... and rounds to zero
  15.942385, // sigmoid(x) rounds to 1 beyond (ln 2^23)
  16.635532, // ln 2^24
  17.328680, // ln 2^25
  20, // softplus' default threshold
  87.336544, // ln FLT_MIN: exp(-x) turns subnormal
  88.722839, // ln FLT_MAX: exp(x) overflows
  103.27893, // exp(-x) below the smallest subnormal
  103.97208, // exp(-x) rounds to zero
];

/**
 * `count` distinct-ish float32 inputs spread over the whole range, deterministic for a seed:
 * every special (SPECIAL_BITS); 1/8 consecutive floats around each breakpoint (±BREAKPOINTS);
 * 3/8 stratified over the core |x| in [2^-12, 2^7) where the approximations work hardest (one
 * pattern drawn from each equal slice of the bit range, per sign); 1/2 stratified the same way
 * over all 2^32 bit patterns (every sign, binade and NaN payload class, log-uniform in value).
 */
export function sweepInputs(count: number, seed = 1): Float32Array {
  const bits = new Uint32Array(count);
  const next = random(seed);
  bits.set(SPECIAL_BITS.subarray(0, count));
  let filled = Math.min(count, SPECIAL_BITS.length);
  const remaining = count - filled;

  const stretch = Math.max(1, Math.floor(remaining / 8 / (2 * BREAKPOINTS.length)));
  for (const magnitude of BREAKPOINTS) {
    for (const sign of [0, 0x80000000]) {
      const center = (bitsOf(magnitude) | sign) >>> 0;
      for (let k = 0; k < stretch && filled < count; k++) bits[filled++] = center - (stretch >> 1) + k;
    }
  }

  // One pattern from each of `n` equal slices of [lo, hi).
  const stratified = (lo: number, hi: number, n: number) => {
    const slice = (hi - lo) / n;
    for (let k = 0; k < n && filled < count; k++) bits[filled++] = lo + Math.floor((k + next()) * slice);
  };
  const core = Math.floor((remaining * 3) / 8);
  const [coreLo, coreHi] = [bitsOf(2 ** -12), bitsOf(2 ** 7)];
  stratified(coreLo, coreHi, core >> 1);
  stratified((coreLo | 0x80000000) >>> 0, (coreHi | 0x80000000) >>> 0, core - (core >> 1));
  stratified(0, 2 ** 32, count - filled);
  return new Float32Array(bits.buffer);
}

/** A result of interest: the input, what the kernel returned and the reference. */
export interface Sample {
  readonly x: number;
  readonly got: number;
  readonly ref: number;
  /** Its position among the inputs fed to the meter. */
  readonly index?: number;
  /** Where the input was (along-axis kernels: the layout and the row). */
  readonly where?: string;
}

/**
 * The score of one kernel (one parameter set, one build) over a sweep, fed chunk by chunk.
 * Against a float64 reference: the largest ulpError, how many results are correctly rounded, and
 * sign-of-zero errors at zero inputs (zeroSignMismatch). In bit-exact mode (a float32 reference):
 * results whose bits differ (any NaN matches any NaN), the largest ulp distance among them.
 */
export class UlpMeter {
  inputs = 0;
  maxError = 0;
  /** Correctly rounded results (bit-exact mode: results with the reference's bits). */
  correct = 0;
  /** The first input with the largest error. */
  worst: Sample | undefined;
  zeroSignErrors = 0;
  firstZeroSignError: Sample | undefined;

  /**
   * `zeroSigns`: check the sign of zero at zero inputs (elementwise kernels; an along-axis
   * kernel's result depends on its whole row, and its contract leaves the sign of zero free).
   */
  constructor(
    readonly bitExact: boolean,
    readonly zeroSigns = !bitExact,
  ) {}

  add(x: Float32Array, got: Float32Array, ref: Float32Array | Float64Array): void {
    const n = x.length;
    const offset = this.inputs;
    this.inputs += n;
    const gotBits = new Uint32Array(got.buffer, got.byteOffset, n);
    let { maxError, correct } = this;
    for (let i = 0; i < n; i++) {
      const g = got[i];
      const r = ref[i];
      if (this.bitExact) {
        if (g !== g && r !== r) {
          correct++;
          continue;
        }
        f32[0] = r;
        if (gotBits[i] === u32[0]) {
          correct++;
          continue;
        }
      } else {
        if (this.zeroSigns && zeroSignMismatch(x[i], g, r)) {
          if (this.zeroSignErrors++ === 0) this.firstZeroSignError = { x: x[i], got: g, ref: r, index: offset + i };
        }
        // A correctly rounded result is at most 0.5 ulp off: measure it only while that could be the max.
        if (g === Math.fround(r) || (g !== g && r !== r)) {
          correct++;
          if (maxError >= 0.5) continue;
        }
      }
      const error = ulpError(g, r);
      if (error > maxError || this.worst === undefined) {
        if (error > maxError) maxError = error;
        this.worst = { x: x[i], got: g, ref: r, index: offset + i };
      }
    }
    this.maxError = maxError;
    this.correct = correct;
  }

  /** Adds another meter's score; `where` says where its samples come from. */
  absorb(other: UlpMeter, where: (sample: Sample) => string): void {
    const at = (sample: Sample | undefined) => sample && { ...sample, where: where(sample) };
    if (other.worst !== undefined && (this.worst === undefined || other.maxError > this.maxError)) {
      this.maxError = other.maxError;
      this.worst = at(other.worst);
    }
    if (this.zeroSignErrors === 0 && other.zeroSignErrors > 0) this.firstZeroSignError = at(other.firstZeroSignError);
    this.inputs += other.inputs;
    this.correct += other.correct;
    this.zeroSignErrors += other.zeroSignErrors;
  }

  /** True when every result is within `maxUlp` (bit-exact mode: identical) with right zero signs. */
  meets(maxUlp: number): boolean {
    if (this.bitExact) return this.correct === this.inputs;
    return this.maxError <= maxUlp && this.zeroSignErrors === 0;
  }

  /** "x = ... (0x...): got ... (0x...), reference ..." for the worst input. */
  describeWorst(): string {
    return this.worst === undefined ? 'no inputs' : describeSample(this.worst);
  }

  /** Why the bound is broken, for a failure message. */
  failure(maxUlp: number): string | undefined {
    if (this.meets(maxUlp)) return undefined;
    if (this.bitExact) {
      return `${this.inputs - this.correct} of ${this.inputs} results differ from the float32 reference, e.g. ${this.describeWorst()}`;
    }
    const reasons: string[] = [];
    if (this.maxError > maxUlp) reasons.push(`max error ${this.maxError.toPrecision(4)} ulp > ${maxUlp} at ${this.describeWorst()}`);
    if (this.zeroSignErrors > 0) {
      reasons.push(`${this.zeroSignErrors} wrong signs of zero at zero inputs, e.g. ${describeSample(this.firstZeroSignError!)}`);
    }
    return reasons.join('; ');
  }
}

/** The shortest decimal that reads back as the same float32 (in exponent form outside [1e-4, 1e6)). */
export function float32Text(value: number): string {
  if (Object.is(value, -0)) return '-0';
  if (!Number.isFinite(value) || value === 0) return String(value);
  const plain = Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6;
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toExponential(digits - 1);
    if (Math.fround(Number(text)) === value) return plain ? String(Number(text)) : text;
  }
  return String(value);
}

export function describeSample({ x, got, ref, where }: Sample): string {
  const at = where === undefined ? '' : ` (${where})`;
  return `x = ${show(x)} (${hex(x)})${at}: got ${show(got)} (${hex(got)}), reference ${show(ref)} (rounds to ${hex(ref)})`;
}

// Kernels along an axis (ALONG_AXIS): rows of many kinds in contiguous and strided layouts,
// against the float64 references of test/axis-reference.ts (softmax and logSoftmax: on the float32
// shifted inputs x - max, the one rounding the contract accepts).

/** Along-axis kernels with an accuracy contract (maxUlp > 0), in registry order. */
export const AXIS_ULP_KERNELS: readonly AlongAxisName[] = (Object.keys(ALONG_AXIS) as AlongAxisName[]).filter(
  (name) => ALONG_AXIS[name].maxUlp > 0,
);

/** One input of an along-axis sweep: floats of `shape`, worked along `axis`. */
export interface AxisCase {
  readonly shape: readonly number[];
  readonly axis: number;
  readonly x: Float32Array;
}

/** Row extents: one, the v128 loop edges (3..5, 15..17), short and long rows. */
export const CONTIGUOUS_EXTENTS = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33, 64, 255, 1000];
/** [extent, inner] with inner > 1: column groups of four rows and the rows left over. */
const STRIDED_LAYOUTS: readonly [number, number][] = [
  [1, 5],
  [3, 5],
  [8, 4],
  [17, 6],
  [100, 9],
  [64, 2],
];

/**
 * One row of `n` floats of a kind drawn at random: uniform at several scales, one entry
 * dominating the rest by 8 to 120 (the terms of the sum underflow, logSoftmax's max entry is
 * tiny), near ties a few ulps apart, -Inf entries, arbitrary finite bit patterns (x - max may
 * overflow), and now and then a NaN, +Inf or all -Inf row. Every row is offset by a random
 * amount, as softmax is shift-invariant but x - max rounds.
 */
function fillRow(row: Float32Array, next: () => number): void {
  const n = row.length;
  const kind = Math.floor(next() * 6);
  const offset = next() < 0.5 ? 0 : (next() * 2 - 1) * 10 ** Math.floor(next() * 5);
  const scale = [0.5, 4, 30, 200][Math.floor(next() * 4)];
  for (let k = 0; k < n; k++) {
    switch (kind) {
      case 0:
        row[k] = offset + (next() * 2 - 1) * scale;
        break;
      case 1:
        row[k] = offset - 8 - next() * 112;
        break;
      case 2:
        row[k] = offset + Math.floor(next() * 4) * 2 ** -20 * Math.max(1, Math.abs(offset));
        break;
      case 3:
        row[k] = next() < 0.25 ? -Infinity : offset + (next() * 2 - 1) * scale;
        break;
      case 4: {
        const bits = Math.floor(next() * 2 ** 32);
        row[k] = (bits & 0x7f800000) === 0x7f800000 ? offset : new Float32Array(new Uint32Array([bits]).buffer)[0];
        break;
      }
      default:
        row[k] = offset + (next() * 2 - 1) * scale;
    }
  }
  if (kind === 1) row[Math.floor(next() * n)] = offset;
  if (next() < 1 / 32) {
    const special = Math.floor(next() * 3);
    if (special === 2) row.fill(-Infinity);
    else row[Math.floor(next() * n)] = special === 0 ? NaN : Infinity;
  }
}

/**
 * About `total` floats of along-axis inputs: every contiguous extent (axis -1) and strided layout
 * (a middle or first axis), rows filled by fillRow. Odd extents are left out for a kernel that
 * halves its axis (glu).
 */
export function axisSweep(total: number, halvesAxis: boolean, seed = 1): AxisCase[] {
  const next = random(seed);
  const layouts = [...CONTIGUOUS_EXTENTS.map((extent) => [extent, 1]), ...STRIDED_LAYOUTS].filter(
    ([extent]) => !halvesAxis || extent % 2 === 0,
  );
  const perLayout = total / layouts.length;
  return layouts.map(([extent, inner]) => {
    const rows = Math.max(1, Math.floor(perLayout / (extent * inner)));
    const shape = inner === 1 ? [rows, extent] : [rows, extent, inner];
    const axis = inner === 1 ? -1 : 1;
    const { outer: o, inner: i } = layoutOf(shape, axis);
    const x = new Float32Array(o * extent * i);
    const row = new Float32Array(extent);
    for (let r = 0; r < o; r++) {
      for (let j = 0; j < i; j++) {
        fillRow(row, next);
        for (let k = 0; k < extent; k++) x[(r * extent + k) * i + j] = row[k];
      }
    }
    return { shape, axis, x };
  });
}

type AxisFunction = (x: Float32Array, options: object) => Float32Array;

/**
 * Measures an along-axis kernel over `cases` in each build (`kernels`, one per build): one meter
 * per build over every case, its worst sample located by layout and row, and how many results
 * the builds disagree on (with two builds).
 */
export function measureAxis(name: AlongAxisName, kernels: AxisFunction[], cases: readonly AxisCase[]) {
  const totals = kernels.map(() => new UlpMeter(false, false));
  let disagreements = 0;
  for (const { shape, axis, x } of cases) {
    const layout = layoutOf(shape, axis);
    const ref = axisReference(name, x, layout);
    const results = kernels.map((kernel) => kernel(x, { shape, axis }));
    const resultExtent = ref.length / (layout.outer * layout.inner);
    // The input that produced result `index`: glu's result k comes from its row's entry k (a).
    const inputs = resultExtent === layout.extent ? x : Float32Array.from(ref, (_, index) => {
      const j = index % layout.inner;
      const k = Math.floor(index / layout.inner) % resultExtent;
      const o = Math.floor(index / (layout.inner * resultExtent));
      return x[(o * layout.extent + k) * layout.inner + j];
    });
    const where = (sample: Sample) => {
      const j = sample.index! % layout.inner;
      const o = Math.floor(sample.index! / (layout.inner * resultExtent));
      let [min, max] = [Infinity, -Infinity];
      for (let k = 0; k < layout.extent; k++) {
        const v = x[(o * layout.extent + k) * layout.inner + j];
        [min, max] = [Math.min(min, v), Math.max(max, v)];
      }
      return `shape [${shape.join(', ')}], axis ${axis}, in a row from ${float32Text(min)} to ${float32Text(max)}`;
    };
    results.forEach((y, b) => {
      const meter = new UlpMeter(false, false);
      meter.add(inputs, y, ref);
      totals[b].absorb(meter, where);
    });
    if (results.length === 2) {
      const [a, b] = results.map((y) => new Uint32Array(y.buffer, y.byteOffset, y.length));
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(results[0][i]) && Number.isNaN(results[1][i]))) disagreements++;
    }
  }
  return { meters: totals, disagreements };
}
