// The name registry: every canonical name (each registry kernel, prelu, rrelu) has an entry and
// every entry names a kernel; every Keras, PyTorch, ONNX and tfjs spelling resolves to the right
// function (the very function where nothing is preset, the framework's constants where they
// differ); apply() runs it; unknown names throw a TypeError suggesting the nearest spellings.
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, ALONG_AXIS, type Activations, CANONICAL_NAMES, ELEMENTWISE, type PresetAlias } from '../dist/index.js';
import { BUILDS, build, firstBitMismatch, randomBits, testData } from './helpers.js';
import { REFERENCE, REQUIRED_PARAMS } from './reference.js';

const TABLE = ACTIVATION_NAMES as unknown as Record<string, { aliases: readonly (string | PresetAlias)[]; note?: string }>;
const SPECIAL_FUNCTIONS = ['prelu', 'rrelu'];
const aliasName = (alias: string | PresetAlias) => (typeof alias === 'string' ? alias : alias.name);

/** Every spelling in the table: [spelling, canonical name, preset options or undefined]. */
const SPELLINGS: [string, string, Readonly<Record<string, unknown>> | undefined][] = Object.entries(TABLE).flatMap(
  ([canonical, entry]) => [
    [canonical, canonical, undefined] as [string, string, undefined],
    ...entry.aliases.map((alias) =>
      typeof alias === 'string' ? ([alias, canonical, undefined] as [string, string, undefined]) : ([alias.name, canonical, alias.options] as [string, string, Readonly<Record<string, unknown>>]),
    ),
  ],
);

/** The spellings the issue names (Keras, PyTorch, ONNX), with the canonical name each must mean. */
const REQUIRED_SPELLINGS: Record<string, string> = {
  leaky_relu: 'leakyRelu',
  LeakyReLU: 'leakyRelu',
  LeakyRelu: 'leakyRelu',
  hard_silu: 'hardSwish',
  hard_swish: 'hardSwish',
  Hardswish: 'hardSwish',
  HardSwish: 'hardSwish',
  swish: 'swish',
  SiLU: 'silu',
  log_softmax: 'logSoftmax',
  LogSoftmax: 'logSoftmax',
  ThresholdedRelu: 'thresholdedRelu',
  relu6: 'relu6',
  ReLU6: 'relu6',
  relu: 'relu',
  ReLU: 'relu',
  Relu: 'relu',
  Softplus: 'softplus',
  gelu: 'gelu',
  GELU: 'gelu',
  Gelu: 'gelu',
  elu: 'elu',
  ELU: 'elu',
  selu: 'selu',
  CELU: 'celu',
  Tanh: 'tanh',
  tanh: 'tanh',
  Sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  HardSigmoid: 'hardSigmoid',
  Hardsigmoid: 'hardSigmoid',
  Hardtanh: 'hardTanh',
  hard_tanh: 'hardTanh',
  Softmax: 'softmax',
  softmin: 'softmin',
  Softmin: 'softmin',
  GLU: 'glu',
  glu: 'glu',
  Mish: 'mish',
  mish: 'mish',
  softsign: 'softsign',
  Softsign: 'softsign',
  LogSigmoid: 'logSigmoid',
  log_sigmoid: 'logSigmoid',
  Tanhshrink: 'tanhShrink',
  tanh_shrink: 'tanhShrink',
  Softshrink: 'softShrink',
  soft_shrink: 'softShrink',
  Hardshrink: 'hardShrink',
  hard_shrink: 'hardShrink',
  Shrink: 'shrink',
  Threshold: 'threshold',
  RReLU: 'rrelu',
  exponential: 'exp',
  linear: 'identity',
  Identity: 'identity',
  PReLU: 'prelu',
  PRelu: 'prelu',
  prelu: 'prelu',
  sparsemax: 'sparsemax',
  Sparsemax: 'sparsemax',
};

type Loose = (...args: unknown[]) => unknown;
const fnOf = (act: Activations, name: string) => (act as unknown as Record<string, Loose>)[name];

/** Options a kernel can run with: its required parameters (threshold's), else none. */
const baseOptions = (canonical: string): Record<string, unknown> => ({ ...REQUIRED_PARAMS[canonical as keyof typeof REQUIRED_PARAMS] });

/** Calls the function a spelling stands for on x, as each family takes its arguments. */
function run(fn: Loose, canonical: string, x: Float32Array, options: Record<string, unknown> = {}): Float32Array {
  if (canonical === 'prelu') return fn(x, Float32Array.of(0.25), options) as Float32Array;
  return fn(x, { ...baseOptions(canonical), ...options }) as Float32Array;
}

describe('the table', () => {
  it('has an entry for every canonical name: every kernel of both registries, prelu and rrelu', () => {
    const registry = [...Object.keys(ELEMENTWISE), ...Object.keys(ALONG_AXIS), ...SPECIAL_FUNCTIONS];
    expect([...CANONICAL_NAMES].sort()).toEqual([...registry].sort());
    const missing = CANONICAL_NAMES.filter((name) => !(name in TABLE));
    expect(missing, 'canonical names without an entry in src/names.ts').toEqual([]);
  });

  it('names no kernel that does not exist', () => {
    const dangling = Object.keys(TABLE).filter((name) => !CANONICAL_NAMES.includes(name));
    expect(dangling, 'entries of src/names.ts without a kernel').toEqual([]);
  });

  it('gives each spelling one meaning, and no alias repeats its canonical name', () => {
    const seen = new Map<string, string>();
    for (const [spelling, canonical] of SPELLINGS) {
      expect(seen.get(spelling), `'${spelling}' means both ${seen.get(spelling)} and ${canonical}`).toBeUndefined();
      seen.set(spelling, canonical);
    }
  });

  it("has every spelling the issue lists, meaning the right function", () => {
    const meaning = new Map(SPELLINGS.map(([spelling, canonical]) => [spelling, canonical]));
    for (const [spelling, canonical] of Object.entries(REQUIRED_SPELLINGS)) {
      expect(meaning.get(spelling), spelling).toBe(canonical);
    }
  });

  it('presets only options the kernel has, and says why', () => {
    for (const [canonical, entry] of Object.entries(TABLE)) {
      for (const alias of entry.aliases) {
        if (typeof alias === 'string') continue;
        expect(alias.note.length, alias.name).toBeGreaterThan(10);
        const params = ({ ...ELEMENTWISE, ...ALONG_AXIS } as Record<string, { params: object }>)[canonical]?.params ?? {};
        for (const option of Object.keys(alias.options)) expect(params, `${alias.name}: ${option}`).toHaveProperty(option);
      }
    }
  });
});

describe.each(BUILDS)('$name build', ({ simd }) => {
  const act = () => build(simd);
  const x = Float32Array.from([...randomBits(300, 4), ...testData(302, 5, 8)]);
  const present = SPELLINGS.filter(([, canonical]) => CANONICAL_NAMES.includes(canonical));

  it('a spelling without presets is the very function of its canonical name', async () => {
    const a = await act();
    for (const [spelling, canonical, preset] of present) {
      if (preset === undefined) expect(a.activation(spelling as 'relu'), spelling).toBe(fnOf(a, canonical));
    }
  });

  it('a preset spelling computes its canonical function with the preset options, which a call can override', async () => {
    const a = await act();
    for (const [spelling, canonical, preset] of present) {
      if (preset === undefined) continue;
      const fn = a.activation(spelling as string) as unknown as Loose;
      const kernel = fnOf(a, canonical);
      expect(firstBitMismatch(run(fn, canonical, x), run(kernel, canonical, x, { ...preset }), x), spelling).toBeUndefined();
      // An option given at the call wins over the preset; `out` passes through.
      const override = Object.fromEntries(Object.keys(preset).map((key) => [key, (ELEMENTWISE as Record<string, { params: Record<string, { default: unknown }> }>)[canonical].params[key].default]));
      const out = new Float32Array(x.length);
      expect(fn(x, { ...override, out })).toBe(out);
      expect(firstBitMismatch(out, run(kernel, canonical, x), x), `${spelling} overridden`).toBeUndefined();
    }
  });

  it("PyTorch's and Keras 3's hard sigmoid is relu6(x + 3) / 6; ONNX's and tfjs' is 0.2x + 0.5", async () => {
    const a = await act();
    const v = testData(2000, 8, 5);
    const relu6Form = (t: number) => Math.min(Math.max(t + 3, 0), 6) / 6;
    for (const spelling of ['Hardsigmoid', 'hardsigmoid', 'hard_sigmoid']) {
      const got = a.activation(spelling as 'hard_sigmoid')(v);
      for (let i = 0; i < v.length; i++) {
        if (Number.isNaN(v[i])) continue;
        expect(Math.abs(got[i] - relu6Form(v[i])), `${spelling}(${v[i]})`).toBeLessThan(1e-7);
      }
    }
    const onnx = a.activation('HardSigmoid')(v);
    expect(firstBitMismatch(onnx, Float32Array.from(v, (t) => REFERENCE.hardSigmoid(t, { alpha: 0.2, beta: 0.5 })), v)).toBeUndefined();
    expect(a.activation('HardSigmoid')).toBe(a.hardSigmoid);
  });

  it('apply(name, x, options) runs the named function; prelu takes its slope first', async () => {
    const a = await act();
    for (const [spelling, canonical] of present) {
      const viaActivation = run(a.activation(spelling as string) as unknown as Loose, canonical, x);
      const viaApply =
        canonical === 'prelu' ? a.apply(spelling as 'prelu', x, Float32Array.of(0.25)) : a.apply(spelling, x, baseOptions(canonical));
      expect(firstBitMismatch(viaApply as Float32Array, viaActivation, x), spelling).toBeUndefined();
    }
    const out = new Float32Array(x.length);
    expect(a.apply('LeakyReLU', x, { alpha: 0.2, out })).toBe(out);
    expect(firstBitMismatch(out, a.leakyRelu(x, { alpha: 0.2 }), x)).toBeUndefined();
    using t = a.tensor(x);
    using y = a.apply('RReLU', t, { training: true, seed: 4 });
    expect(firstBitMismatch(y.data, a.rrelu(x, { training: true, seed: 4 }), x)).toBeUndefined();
    expect(firstBitMismatch(a.apply('PReLU', x, Float32Array.of(0.5)), a.leakyRelu(x, { alpha: 0.5 }), x)).toBeUndefined();
  });

  it('names lists every canonical name with its aliases, frozen', async () => {
    const a = await act();
    expect(Object.isFrozen(a.names)).toBe(true);
    expect(Object.keys(a.names).sort()).toEqual([...CANONICAL_NAMES].sort());
    for (const canonical of CANONICAL_NAMES) {
      expect(a.names[canonical]).toEqual((TABLE[canonical]?.aliases ?? []).map(aliasName));
      expect(Object.isFrozen(a.names[canonical])).toBe(true);
    }
    expect(a.names.leakyRelu).toEqual(['leaky_relu', 'LeakyReLU', 'LeakyRelu']);
  });

  it('an unknown name is a TypeError suggesting the nearest spellings', async () => {
    const a = await act();
    const message = (name: unknown, via: 'activation' | 'apply' = 'activation') => {
      try {
        if (via === 'activation') a.activation(name as string);
        else a.apply(name as string, x);
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        return (error as Error).message;
      }
      throw new Error(`'${String(name)}' resolved`);
    };
    expect(message('Leaky_ReLU')).toBe(
      "activation: unknown activation 'Leaky_ReLU'; did you mean 'leakyRelu', 'leaky_relu', 'LeakyReLU', 'LeakyRelu'? (act.names lists every name)",
    );
    expect(message('leakyrelu', 'apply')).toMatch(/^apply: unknown activation 'leakyrelu'; did you mean 'leakyRelu', 'leaky_relu', 'LeakyReLU', 'LeakyRelu'\?/);
    // One edit away (a transposition counts as one).
    expect(message('relu7')).toMatch(/did you mean 'relu', 'ReLU', 'Relu', 'relu6', 'ReLU6'\?/);
    expect(message('hadrTanh')).toMatch(/did you mean 'hardTanh', 'Hardtanh', 'hardtanh', 'hard_tanh'\?/);
    expect(message('Thresold')).toMatch(/did you mean 'threshold', 'Threshold'\?/);
    // The same letters with different meanings are all offered, so the caller picks.
    expect(message('HARD_SIGMOID')).toMatch(/did you mean 'hardSigmoid', 'HardSigmoid', 'Hardsigmoid', 'hardsigmoid', 'hard_sigmoid'\?/);
    // Nothing near: no guess.
    expect(message('xyzzy')).toBe("activation: unknown activation 'xyzzy' (act.names lists every name)");
    expect(message('')).toBe("activation: unknown activation '' (act.names lists every name)");
    // Not a spelling of an activation, though the API object has it.
    expect(message('tensor')).toMatch(/^activation: unknown activation 'tensor'/);
    expect(message('toString')).toMatch(/^activation: unknown activation 'toString'/);
    for (const [name, got] of [[undefined, 'undefined'], [null, 'null'], [5, 'number'], [{}, 'object']] as [unknown, string][]) {
      expect(message(name)).toBe(`activation: name must be a string, got ${got}`);
    }
  });

  it("a preset spelling reports bad options in the kernel's words", async () => {
    const a = await act();
    const fn = a.activation('Hardsigmoid') as unknown as Loose;
    expect(() => fn(x, 5)).toThrow(/^hardSigmoid: options must be an object, got number$/);
    expect(() => fn(x, { aplha: 1 })).toThrow(/^hardSigmoid: unknown option 'aplha'; hardSigmoid takes 'alpha', 'beta', 'out'/);
    expect(() => fn(x, Object.create({ aplha: 1 }))).toThrow(/unknown option 'aplha'/);
    expect(() => fn(x, { alpha: NaN })).toThrow(/^hardSigmoid: alpha must be a finite float32 number/);
    expect(() => a.apply('Threshold', x)).toThrow(/^threshold: the option 'threshold' is required/);
  });
});
