// ONNX backend node-test vectors (../shared/conformance/onnx/ from the repo root, see its
// README.md): every case of an op we implement, in both builds, within the ONNX runner's
// tolerance of the expected output AND against our reference on the case's inputs: bit-exact
// against the float32 reference for a bit-exact kernel (maxUlp 0), within the kernel's maxUlp of
// the float64 reference otherwise. The ops we run are the keys of ONNX_OPS; every other activation op of index.json must
// be listed in NOT_YET, so a coverage gap is always visible. Adding a kernel for one of them is
// one ONNX_OPS entry (and removing it from NOT_YET).
//
// Without the vectors the suite is skipped with a warning, except under CI=true, where their
// absence fails. ONNX_CONFORMANCE_DIR overrides where they are looked for.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALONG_AXIS, type Activations, type AlongAxisName, ELEMENTWISE, type ElementwiseName, WasmTensor } from '../dist/index.js';
import { axisReference, layoutOf } from './axis-reference.js';
import { BUILDS, ONNX_TOLERANCE, build, firstBitMismatch, firstToleranceMismatch, firstUlpMismatch } from './helpers.js';
import { preluReference } from './prelu-reference.js';
import { REFERENCE } from './reference.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ONNX_DIR = process.env.ONNX_CONFORMANCE_DIR
  ? resolve(process.env.ONNX_CONFORMANCE_DIR)
  : resolve(REPO_ROOT, '../shared/conformance/onnx');
const PRESENT = existsSync(join(ONNX_DIR, 'index.json'));
const IN_CI = process.env.CI === 'true';

type Options = Record<string, unknown>;

/** How to run one ONNX op with our API, and what our float32 reference says it gives. */
interface OpBinding {
  /** ONNX attribute name -> our option name. An attribute not listed here fails the case. */
  attributes: Record<string, string>;
  /** 0: bit-exact against a float32 reference; else the bound in ulps against a float64 reference. */
  maxUlp: number;
  run(act: Activations, inputs: Floats[], shapes: number[][], options: Options): Float32Array | WasmTensor;
  reference(inputs: Float32Array[], shapes: number[][], options: Options): Float32Array | Float64Array;
}
type Floats = Float32Array | WasmTensor;

function elementwise(name: ElementwiseName, attributes: Record<string, string> = {}): OpBinding {
  const specs = ELEMENTWISE[name].params as Record<string, { default: number }>;
  const { maxUlp } = ELEMENTWISE[name] as { maxUlp: number };
  return {
    attributes,
    maxUlp,
    run: (act, [x], _shapes, options) => (act[name] as (x: Floats, o: Options) => Float32Array | WasmTensor)(x, options),
    reference: ([x], _shapes, options) => {
      const resolved = Object.fromEntries(Object.entries(specs).map(([k, spec]) => [k, (options[k] as number) ?? spec.default]));
      const reference = (v: number) => REFERENCE[name](v, resolved);
      return maxUlp === 0 ? Float32Array.from(x, reference) : Float64Array.from(x, reference);
    },
  };
}

/** A kernel along an axis (ALONG_AXIS): the case's input shape and its axis attribute. */
function alongAxis(name: AlongAxisName): OpBinding {
  const { maxUlp, defaultAxis } = ALONG_AXIS[name];
  return {
    attributes: { axis: 'axis' },
    maxUlp,
    run: (act, [x], [shape], options) => (act[name] as (x: Floats, o: Options) => Float32Array | WasmTensor)(x, { ...options, shape }),
    reference: ([x], [shape], options) => axisReference(name, x, layoutOf(shape, (options.axis as number | undefined) ?? defaultAxis)),
  };
}

/** ONNX op_type -> how to call our kernel. */
const ONNX_OPS: Record<string, OpBinding> = {
  Softmax: alongAxis('softmax'),
  LogSoftmax: alongAxis('logSoftmax'),
  LeakyRelu: elementwise('leakyRelu', { alpha: 'alpha' }),
  Relu: elementwise('relu'),
  ThresholdedRelu: elementwise('thresholdedRelu', { alpha: 'alpha' }),
  HardSigmoid: elementwise('hardSigmoid', { alpha: 'alpha', beta: 'beta' }),
  HardSwish: elementwise('hardSwish'),
  // ONNX Softplus has no attributes: log(e^x + 1). Our threshold (20) returns x where that
  // differs from x by under e^-20 relative, below float32's resolution.
  Softplus: elementwise('softplus'),
  Softsign: elementwise('softsign'),
  Gelu: elementwise('gelu', { approximate: 'approximate' }),
  // ONNX's own Elu/Selu outputs use exp(x) - 1 and are up to ~30 ulp off near 0- (README of the
  // vectors): within the runner's rtol, and our float64 reference decides the rest.
  Elu: elementwise('elu', { alpha: 'alpha' }),
  Selu: elementwise('selu', { alpha: 'alpha', gamma: 'gamma' }),
  Celu: elementwise('celu', { alpha: 'alpha' }),
  Sigmoid: elementwise('sigmoid'),
  Tanh: elementwise('tanh'),
  Mish: elementwise('mish'),
  // ONNX Swish's alpha is our beta: x * sigmoid(alpha * x).
  Swish: elementwise('swish', { alpha: 'beta' }),
  PRelu: {
    attributes: {},
    maxUlp: 0,
    run: (act, [x, slope], [shape, slopeShape], options) =>
      (act.prelu as (x: Floats, slope: Floats, o: object) => Float32Array | WasmTensor)(x, slope, { ...options, shape, slopeShape }),
    reference: ([x, slope], [shape, slopeShape]) => preluReference(x, shape, slope, slopeShape),
  },
};

/** Activation ops of the vectors that we do not implement yet. */
const NOT_YET = new Set<string>([]);

interface OnnxTensor {
  name: string;
  dims: number[];
  dtype: string;
  data: (number | string)[];
  bits: string[];
}
interface OnnxCase {
  name: string;
  op: string;
  attributes: Record<string, unknown>;
  effective_attributes: Record<string, unknown>;
  defaults_applied: string[];
  inputs: OnnxTensor[];
  outputs: OnnxTensor[];
  onnx_runner_tolerance: { rtol: number; atol: number };
}
interface IndexEntry {
  name: string;
  file: string;
  op: string;
  dtype: string;
  effective_attributes: Record<string, unknown>;
  input_shapes: number[][];
  output_shapes: number[][];
}
interface OnnxIndex {
  onnx_runner_tolerance: { rtol: number; atol: number };
  ops_in_scope: string[];
  cases: IndexEntry[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ONNX_DIR, file), 'utf8')) as T;

const decodeNumber = (v: number | string) => (typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number.NaN);

/** A tensor's float32 values, exactly, from its hex bit patterns. */
function float32Of(tensor: OnnxTensor): Float32Array {
  expect(tensor.dtype).toBe('float32');
  return new Float32Array(Uint32Array.from(tensor.bits, (hex) => parseInt(hex, 16)).buffer);
}

/** Our options from a case's attributes: every attribute must have a mapping. */
function optionsOf(op: string, attributes: Record<string, unknown>): Options {
  const binding = ONNX_OPS[op];
  const options: Options = {};
  for (const [key, value] of Object.entries(attributes)) {
    const ours = binding.attributes[key];
    if (ours === undefined) throw new Error(`${op}: attribute '${key}' has no mapping to an option of ours`);
    options[ours] = value;
  }
  return options;
}

if (!PRESENT) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! ONNX conformance vectors not found at ${ONNX_DIR}\n` +
      `!! ${IN_CI ? 'CI=true: this FAILS the run.' : 'The ONNX conformance tests are SKIPPED.'}\n${'!'.repeat(78)}\n`,
  );
}

describe.runIf(!PRESENT && IN_CI)('ONNX conformance vectors in CI', () => {
  it('are present', () => {
    expect.fail(`CI=true but the ONNX conformance vectors are missing: ${join(ONNX_DIR, 'index.json')} does not exist`);
  });
});

describe.skipIf(!PRESENT)('ONNX conformance', () => {
  const index = PRESENT ? readJson<OnnxIndex>('index.json') : undefined;
  const entries = index?.cases ?? [];
  const mapped = entries.filter((entry) => entry.op in ONNX_OPS);

  it('every activation op of the vectors is either run or listed in NOT_YET', () => {
    const inScope = new Set([...index!.ops_in_scope, ...entries.map((entry) => entry.op)]);
    const unaccounted = [...inScope].filter((op) => !(op in ONNX_OPS) && !NOT_YET.has(op));
    expect(unaccounted, 'ops of index.json neither in ONNX_OPS nor in NOT_YET').toEqual([]);
    expect(Object.keys(ONNX_OPS).filter((op) => NOT_YET.has(op)), 'ops both run and listed as not yet').toEqual([]);
    expect([...NOT_YET].filter((op) => !inScope.has(op)), 'NOT_YET ops that index.json does not have').toEqual([]);
    for (const op of Object.keys(ONNX_OPS)) expect(mapped.some((entry) => entry.op === op), `no case for ${op}`).toBe(true);
    // At least the ops of the first release, with every case of each (13).
    for (const op of ['LeakyRelu', 'PRelu', 'Relu', 'ThresholdedRelu', 'HardSigmoid', 'HardSwish']) expect(op in ONNX_OPS, op).toBe(true);
    expect(mapped.length).toBeGreaterThanOrEqual(13);
  });

  it("the vectors' tolerance is the ONNX runner's (test/helpers.ts ONNX_TOLERANCE)", () => {
    expect(index!.onnx_runner_tolerance).toEqual(ONNX_TOLERANCE);
  });

  it('each case file matches its index entry and its decimals match its bits', () => {
    for (const entry of mapped) {
      const c = readJson<OnnxCase>(entry.file);
      expect(c.name).toBe(entry.name);
      expect(c.op).toBe(entry.op);
      expect(c.effective_attributes).toEqual(entry.effective_attributes);
      expect(c.inputs.map((t) => t.dims)).toEqual(entry.input_shapes);
      expect(c.outputs.map((t) => t.dims)).toEqual(entry.output_shapes);
      expect(c.onnx_runner_tolerance).toEqual(ONNX_TOLERANCE);
      for (const t of [...c.inputs, ...c.outputs]) {
        const exact = float32Of(t);
        expect(exact.length).toBe(t.dims.reduce((a, b) => a * b, 1));
        expect(firstBitMismatch(Float32Array.from(t.data, decodeNumber), exact), `${c.name} ${t.name}`).toBeUndefined();
      }
    }
  });

  describe.each(BUILDS)('$name build', ({ simd }) => {
    it.each(mapped.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
      const act = await build(simd);
      const c = readJson<OnnxCase>(entry.file);
      const binding = ONNX_OPS[c.op];
      const inputs = c.inputs.map(float32Of);
      const shapes = c.inputs.map((t) => t.dims);
      const [expected] = c.outputs.map(float32Of);
      const options = optionsOf(c.op, c.effective_attributes);

      const got = binding.run(act, inputs, shapes, options) as Float32Array;
      expect(got).toBeInstanceOf(Float32Array);
      expect(firstToleranceMismatch(got, expected, ONNX_TOLERANCE), `${c.name} vs ONNX's expected output`).toBeUndefined();
      const reference = binding.reference(inputs, shapes, options);
      const againstReference =
        binding.maxUlp === 0 ? firstBitMismatch(got, reference, inputs[0]) : firstUlpMismatch(got, reference, binding.maxUlp, inputs[0]);
      expect(againstReference, `${c.name} vs our reference (maxUlp ${binding.maxUlp})`).toBeUndefined();

      // Our defaults are ONNX's: only the attributes the model sets give the same bits.
      const explicitOnly = binding.run(act, inputs, shapes, optionsOf(c.op, c.attributes)) as Float32Array;
      expect(firstBitMismatch(explicitOnly, got, inputs[0]), `${c.name} with defaults ${c.defaults_applied}`).toBeUndefined();

      // The same through tensors: the result has the output's shape.
      const tensors = inputs.map((data, i) => act.tensor(data, shapes[i]));
      try {
        const result = binding.run(act, tensors, shapes, options) as WasmTensor;
        expect(result).toBeInstanceOf(WasmTensor);
        expect(result.shape).toEqual(c.outputs[0].dims);
        expect(firstBitMismatch(result.data, got, inputs[0])).toBeUndefined();
        result.dispose();
      } finally {
        for (const t of tensors) t.dispose();
      }
    });
  });
});
