// Every Keras, PyTorch, ONNX and TensorFlow.js spelling of every activation, mapped to our
// functions. The canonical names are the kernel registries' keys (plus prelu and rrelu, which
// have their own signatures); this table only adds spellings, and a canonical name without an
// entry, or an entry without a kernel, does not compile. Spellings are exact: case and underscores
// count, because the same letters can mean different functions (Keras 3's `hard_sigmoid` and
// PyTorch's `Hardsigmoid` are relu6(x + 3) / 6, ONNX's `HardSigmoid` is 0.2x + 0.5 clipped).
// Where a spelling means fixed constants of one framework, it presets our options to them; where
// a spelling is shared by frameworks that disagree, it means our function with our (ONNX's, else
// PyTorch's) defaults, and the note says what differs. Options keep our names (alpha, not
// PyTorch's negative_slope); the notes give the correspondence.
import { ALONG_AXIS, type AlongAxisName, ELEMENTWISE, type ElementwiseName } from './kernels.js';

/** A spelling that means a kernel with some options preset to one framework's constants. */
export interface PresetAlias {
  readonly name: string;
  /** Defaults this spelling gives; options passed at the call still win. */
  readonly options: Readonly<Record<string, number | string>>;
  readonly note: string;
}

export type Alias = string | PresetAlias;

export interface NameEntry {
  /** Other spellings of the canonical name. */
  readonly aliases: readonly Alias[];
  /** Where frameworks' functions of these names differ from ours: defaults, option names, rounding. */
  readonly note?: string;
}

/** PyTorch's and Keras 3's hard sigmoid, relu6(x + 3) / 6, as our hardSigmoid's alpha and beta. */
const RELU6_FORM = { alpha: 1 / 6, beta: 0.5 } as const;

/** The functions that are not registry kernels: they take more than x and options. */
export const SPECIAL_FUNCTIONS = ['prelu', 'rrelu'] as const;

/** Every function's own name: the registries' keys and the special functions. */
export type CanonicalName = ElementwiseName | AlongAxisName | (typeof SPECIAL_FUNCTIONS)[number];

/**
 * Canonical name -> its other spellings. Typed to hold exactly the canonical names: a kernel added
 * to a registry without an entry here, or an entry without a kernel, does not compile.
 */
export const NAME_TABLE = {
  leakyRelu: {
    aliases: ['leaky_relu', 'LeakyReLU', 'LeakyRelu'],
    note:
      "Our alpha is PyTorch's negative_slope and Keras' negative_slope / alpha. Its default, 0.01, is ONNX's and PyTorch's; " +
      "Keras' leaky_relu defaults to 0.2, its LeakyReLU layer to 0.3, tfjs' leakyRelu to 0.2: pass { alpha } to match those.",
  },
  relu: {
    aliases: ['ReLU', 'Relu'],
    note: "Keras' relu(negative_slope, max_value, threshold) with camelCase option names; plain ReLU by default.",
  },
  relu6: { aliases: ['ReLU6'] },
  thresholdedRelu: {
    aliases: ['ThresholdedRelu', 'ThresholdedReLU', 'thresholded_relu'],
    note: "Keras 2's ThresholdedReLU calls our alpha theta (default 1, as ONNX). A NaN x gives NaN (ONNX's literal formula would give 0).",
  },
  hardSigmoid: {
    aliases: [
      'HardSigmoid',
      { name: 'Hardsigmoid', options: RELU6_FORM, note: 'PyTorch nn.Hardsigmoid: relu6(x + 3) / 6' },
      { name: 'hardsigmoid', options: RELU6_FORM, note: 'PyTorch F.hardsigmoid: relu6(x + 3) / 6' },
      {
        name: 'hard_sigmoid',
        options: RELU6_FORM,
        note: 'Keras 3: relu6(x + 3) / 6 (Keras 2 and tf.keras used 0.2x + 0.5, our default: call hardSigmoid for that)',
      },
    ],
    note:
      "ONNX HardSigmoid and tfjs' hardSigmoid: max(0, min(1, 0.2x + 0.5)). The relu6(x + 3) / 6 spellings multiply by " +
      'float32 1/6 where PyTorch and Keras divide by 6, so results can differ by about 6e-8.',
  },
  hardSwish: {
    aliases: ['HardSwish', 'Hardswish', 'hardswish', 'hard_swish', 'hard_silu'],
    note:
      'x * relu6(x + 3) / 6 everywhere. We multiply by float32 1/6 as ONNX does; PyTorch and Keras divide by 6, ' +
      'which can differ in the last bits.',
  },
  hardTanh: {
    aliases: ['Hardtanh', 'hardtanh', 'hard_tanh'],
    note: "PyTorch's min_val / max_val are our min / max (default -1, 1); Keras' hard_tanh takes no options.",
  },
  softShrink: {
    aliases: ['Softshrink', 'softshrink', 'soft_shrink'],
    note: "PyTorch's lambd and Keras' threshold are our lambda (default 0.5). The zero in [-lambda, lambda] is +0.",
  },
  hardShrink: {
    aliases: ['Hardshrink', 'hardshrink', 'hard_shrink'],
    note: "PyTorch's lambd and Keras' threshold are our lambda (default 0.5).",
  },
  shrink: {
    aliases: ['Shrink'],
    note: "ONNX Shrink; its lambd is our lambda (default 0.5), bias defaults to 0. A NaN x gives NaN (ONNX's formula would give 0).",
  },
  threshold: {
    aliases: ['Threshold'],
    note:
      "PyTorch's Threshold(threshold, value), both required; Keras 3's threshold(x, threshold, default_value) with " +
      "default_value as our value. A NaN x gives NaN, as PyTorch's kernel (x <= threshold ? value : x) does.",
  },
  exp: { aliases: ['Exp', 'exponential'] },
  sigmoid: { aliases: ['Sigmoid'] },
  tanh: { aliases: ['Tanh'] },
  elu: {
    aliases: ['Elu', 'ELU'],
    note: 'alpha defaults to 1 everywhere (tfjs fixes it at 1).',
  },
  selu: {
    aliases: ['Selu', 'SELU'],
    note: "ONNX's float32 alpha and gamma: PyTorch's and Keras' float64 constants rounded to float32.",
  },
  celu: { aliases: ['Celu', 'CELU'], note: 'alpha defaults to 1 everywhere.' },
  gelu: {
    aliases: [
      'Gelu',
      'GELU',
      { name: 'gelu_new', options: { approximate: 'tanh' }, note: "tfjs' and Hugging Face's tanh-form GELU" },
    ],
    note:
      "The exact erf form by default, as ONNX (approximate 'none'), PyTorch and Keras 3 (approximate=False); " +
      "Keras' approximate=True is our approximate: 'tanh'.",
  },
  softplus: {
    aliases: ['Softplus'],
    note:
      "PyTorch's beta and threshold (1, 20). ONNX Softplus and Keras' softplus are log(1 + exp(x)) without a threshold, " +
      'which gives the same float32 results above x = 20.',
  },
  softsign: { aliases: ['Softsign'] },
  silu: {
    aliases: ['SiLU'],
    note: "x * sigmoid(x): PyTorch's SiLU, Keras' silu (also spelt swish there, which is our swish with beta 1).",
  },
  swish: {
    aliases: [
      'Swish',
      { name: 'quick_gelu', options: { beta: 1.702 }, note: "Hugging Face's QuickGELU (CLIP): x * sigmoid(1.702x)" },
    ],
    note: "x * sigmoid(beta * x), ONNX Swish's alpha being our beta; with beta 1 (the default) it is silu, as Keras' and tfjs' swish are.",
  },
  mish: { aliases: ['Mish'] },
  logSigmoid: { aliases: ['LogSigmoid', 'logsigmoid', 'log_sigmoid'] },
  tanhShrink: { aliases: ['Tanhshrink', 'tanhshrink', 'tanh_shrink'] },
  softmax: {
    aliases: ['Softmax'],
    note:
      "Along axis -1 by default, as ONNX (opset 13 on), Keras and tfjs; PyTorch's dim has no usable default (pass axis). " +
      'ONNX before opset 13 flattened the trailing axes into one.',
  },
  logSoftmax: {
    aliases: ['LogSoftmax', 'log_softmax'],
    note: 'Along axis -1 by default, as Softmax.',
  },
  softmin: { aliases: ['Softmin'], note: 'softmax(-x) along axis -1 by default.' },
  glu: {
    aliases: ['GLU'],
    note: "a * sigmoid(b) with a, b the halves of the axis: PyTorch's dim and Keras' axis both default to -1, as ours.",
  },
  sparsemax: { aliases: ['Sparsemax'], note: "Keras 3's sparsemax, along axis -1 by default." },
  identity: {
    aliases: ['Identity', 'linear'],
    note: "PyTorch and ONNX Identity, Keras' and tfjs' linear: a copy (nothing to do when out is x).",
  },
  prelu: {
    aliases: ['PReLU', 'PRelu'],
    note:
      'The slope is the second argument. PyTorch PReLU learns one slope per channel on axis 1 (pass { axis: 1 }) or one ' +
      'in all; Keras PReLU and tfjs prelu broadcast from the last axis, as ONNX PRelu does (the default).',
  },
  rrelu: {
    aliases: ['RReLU'],
    note: 'PyTorch RReLU; { training: true, seed } draws the slopes (our generator, not PyTorch\'s, so not the same draws).',
  },
} as const satisfies Record<CanonicalName, NameEntry>;

/** The canonical names: every kernel of both registries, then the special functions. */
export const CANONICAL_NAMES: readonly string[] = [...Object.keys(ELEMENTWISE), ...Object.keys(ALONG_AXIS), ...SPECIAL_FUNCTIONS];

type Table = typeof NAME_TABLE;
type AliasName<A> = A extends string ? A : A extends { readonly name: infer N extends string } ? N : never;
/** The spellings of one canonical name. */
export type SpellingsOf<C extends keyof Table> = C | AliasName<Table[C]['aliases'][number]>;

/** Every spelling `activation()` takes. */
export type ActivationSpelling = { [C in keyof Table]: SpellingsOf<C> }[keyof Table];

/** The canonical name a spelling stands for. */
export type CanonicalOf<S extends string> = { [C in keyof Table]: S extends SpellingsOf<C> ? C : never }[keyof Table];

type Fn = (...args: unknown[]) => unknown;

const aliasName = (alias: Alias) => (typeof alias === 'string' ? alias : alias.name);

/** Options with a preset's defaults under them (inherited keys included, as the kernels read them). */
function withPreset(preset: Readonly<Record<string, unknown>>, options: unknown): unknown {
  if (options === undefined) return preset;
  if (typeof options !== 'object' || options === null) return options; // the kernel reports it
  const merged: Record<string, unknown> = { ...preset };
  for (const key in options) merged[key] = (options as Record<string, unknown>)[key];
  return merged;
}

/** Lower case without separators: how suggestions compare spellings. */
const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Edit distance counting an adjacent transposition as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** At most this many suggestions (a whole group of spellings that differ only in case fits). */
const MAX_SUGGESTIONS = 6;

export interface NameRegistry {
  /** The function for a spelling, or throws a TypeError suggesting the nearest spellings. */
  resolve(fn: string, name: unknown): Fn;
  /** Canonical name -> its aliases, frozen. */
  readonly names: Readonly<Record<string, readonly string[]>>;
}

/**
 * The spellings of every canonical name that `api` has, bound to its functions: an alias without
 * presets is the very function of its canonical name; a preset alias wraps it.
 */
export function createNameRegistry(api: Readonly<Record<string, unknown>>): NameRegistry {
  const table = NAME_TABLE as Readonly<Record<string, NameEntry>>;
  const functions = new Map<string, Fn>();
  const names: Record<string, readonly string[]> = {};
  for (const canonical of CANONICAL_NAMES) {
    const fn = api[canonical] as Fn;
    functions.set(canonical, fn);
    const aliases = table[canonical].aliases;
    for (const alias of aliases) {
      if (typeof alias === 'string') {
        functions.set(alias, fn);
      } else {
        const preset = alias.options;
        functions.set(alias.name, (x, options, ...rest) => fn(x, withPreset(preset, options), ...rest));
      }
    }
    names[canonical] = Object.freeze(aliases.map(aliasName));
  }
  const spellings = [...functions.keys()];
  const normalized = spellings.map(normalize);

  function suggest(name: string): string[] {
    const target = normalize(name);
    const distances = normalized.map((s) => editDistance(target, s));
    const best = Math.min(...distances);
    // Beyond a third of the name's length the nearest spelling is a guess, not a correction.
    if (best > Math.max(2, Math.floor(target.length / 3))) return [];
    return spellings.filter((_, i) => distances[i] === best).slice(0, MAX_SUGGESTIONS);
  }

  return {
    names: Object.freeze(names),
    resolve(fn, name) {
      if (typeof name !== 'string') {
        throw new TypeError(`${fn}: name must be a string, got ${name === null ? 'null' : typeof name}`);
      }
      const found = functions.get(name);
      if (found !== undefined) return found;
      const near = suggest(name);
      const hint = near.length > 0 ? `; did you mean ${near.map((s) => `'${s}'`).join(', ')}?` : '';
      throw new TypeError(`${fn}: unknown activation '${name}'${hint} (act.names lists every name)`);
    },
  };
}
