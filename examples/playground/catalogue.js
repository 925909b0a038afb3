// The playground's list of functions, read from the package's own registries rather than written
// here: every canonical name (CANONICAL_NAMES), its parameters (ELEMENTWISE / ALONG_AXIS params,
// RRELU_PARAMS) and its other spellings (ACTIVATION_NAMES). Each entry knows how to evaluate its
// function with the library on a vector of x values, and its derivative (central differences of
// library results, so every number plotted comes from the wasm kernels).
import * as lib from 'simd-activations';

const ELEMENTWISE = lib.ELEMENTWISE ?? {};
const ALONG_AXIS = lib.ALONG_AXIS ?? {};
const NAMES = lib.ACTIVATION_NAMES ?? {};

/** Parameters of the functions whose signature is not a registry kernel's. */
const SPECIAL = {
  // PReLU takes a slope tensor; the playground plots one shared slope (PyTorch's init, 0.25).
  prelu: { params: { slope: { default: 0.25 } } },
  // RReLU: its bounds come from the package (RRELU_PARAMS); `training` draws a slope per element.
  rrelu: { params: { ...(lib.RRELU_PARAMS ?? {}), training: { default: false, boolean: true }, seed: { default: 1, integer: true, nonNegative: true } } },
};

/** A registry ParamSpec as the page's controls need it. */
function describeParam(name, spec) {
  if (spec.choices) return { name, kind: 'choice', default: spec.default, choices: [...spec.choices] };
  if (spec.boolean) return { name, kind: 'boolean', default: spec.default };
  return {
    name,
    kind: 'number',
    // A required parameter (PyTorch's Threshold) has no default: the page starts it at 0.
    default: spec.required ? 0 : spec.default,
    required: !!spec.required,
    min: spec.positive || spec.nonNegative ? 0 : undefined,
    positive: !!spec.positive,
    integer: !!spec.integer,
    allowInfinity: !!spec.allowPositiveInfinity,
    atMost: spec.atMost,
  };
}

function kindOf(name) {
  if (Object.hasOwn(ELEMENTWISE, name)) return 'elementwise';
  if (Object.hasOwn(ALONG_AXIS, name)) return 'alongAxis';
  if (Object.hasOwn(SPECIAL, name)) return name;
  return undefined;
}

function specsOf(name, kind) {
  if (kind === 'elementwise') return ELEMENTWISE[name].params;
  if (kind === 'alongAxis') return ALONG_AXIS[name].params;
  return SPECIAL[name].params;
}

/** Every function the package names, in registry order; names the page cannot plot are listed apart. */
export function catalogue() {
  const canonical = lib.CANONICAL_NAMES ?? [...Object.keys(ELEMENTWISE), ...Object.keys(ALONG_AXIS), 'prelu'];
  const entries = [];
  const unsupported = [];
  for (const name of canonical) {
    const kind = kindOf(name);
    if (kind === undefined) {
      unsupported.push(name);
      continue;
    }
    const table = NAMES[name];
    entries.push({
      name,
      kind,
      params: Object.entries(specsOf(name, kind)).map(([param, spec]) => describeParam(param, spec)),
      aliases: (table?.aliases ?? []).map((alias) => (typeof alias === 'string' ? alias : alias.name)),
      note: table?.note,
      halvesAxis: kind === 'alongAxis' && !!ALONG_AXIS[name].halvesAxis,
      maxUlp: (ELEMENTWISE[name] ?? ALONG_AXIS[name])?.maxUlp,
    });
  }
  return { entries, unsupported };
}

/** The options object a call takes, from the control values (booleans and choices as they are). */
export function optionsOf(entry, values) {
  const options = {};
  for (const param of entry.params) {
    if (entry.kind === 'prelu' && param.name === 'slope') continue;
    if (entry.kind === 'rrelu' && param.name === 'seed' && !values.training) continue;
    options[param.name] = values[param.name];
  }
  return options;
}

/**
 * f at every x, through the library: elementwise kernels directly; an along-axis kernel over the
 * whole vector (softmax of the plotted x values), or, when it halves its axis (glu), on the pairs
 * (x, x); PReLU with one shared slope; RReLU with its options.
 */
export function evaluate(act, entry, xs, values) {
  const options = optionsOf(entry, values);
  switch (entry.kind) {
    case 'elementwise':
    case 'rrelu':
      return act[entry.name](xs, options);
    case 'prelu':
      return act.prelu(xs, new Float32Array([values.slope]));
    case 'alongAxis':
      if (entry.halvesAxis) {
        const pairs = new Float32Array(xs.length * 2);
        for (let i = 0; i < xs.length; i++) pairs[2 * i] = pairs[2 * i + 1] = xs[i];
        return act[entry.name](pairs, { ...options, shape: [xs.length, 2], axis: -1 });
      }
      return act[entry.name](xs, options);
    default:
      throw new Error(`no way to evaluate ${entry.name}`);
  }
}

/**
 * f'(x) by central differences of library results, (f(x + h) - f(x - h)) / 2h. For an along-axis
 * kernel over the whole vector this is the Jacobian's diagonal, dy_i/dx_i: row i of an n x n
 * batch has x_i moved by ±h, and one call per sign computes all n rows along the last axis.
 */
export function derivative(act, entry, xs, values, h) {
  const n = xs.length;
  if (entry.kind === 'alongAxis' && !entry.halvesAxis) {
    const options = optionsOf(entry, values);
    const side = (sign) => {
      const batch = new Float32Array(n * n);
      for (let row = 0; row < n; row++) {
        batch.set(xs, row * n);
        batch[row * n + row] += sign * h;
      }
      return act[entry.name](batch, { ...options, shape: [n, n], axis: -1 });
    };
    const plus = side(1);
    const minus = side(-1);
    return Float64Array.from({ length: n }, (_, i) => (plus[i * n + i] - minus[i * n + i]) / (2 * h));
  }
  const plus = evaluate(act, entry, Float32Array.from(xs, (x) => x + h), values);
  const minus = evaluate(act, entry, Float32Array.from(xs, (x) => x - h), values);
  return Float64Array.from({ length: n }, (_, i) => (plus[i] - minus[i]) / (2 * h));
}

/** The call a race times, on wasm tensors (nothing copied), writing into `out`. */
export function raceCall(act, entry, values, x, out) {
  const options = { ...optionsOf(entry, values), out };
  switch (entry.kind) {
    case 'prelu': {
      const slope = act.tensor([values.slope]);
      return { run: () => act.prelu(x, slope, { out }), dispose: () => slope.dispose() };
    }
    case 'alongAxis':
      if (entry.halvesAxis) {
        const n = x.length;
        return { run: () => act[entry.name](x, { ...options, shape: [n / 2, 2], axis: -1 }), dispose() {} };
      }
      return { run: () => act[entry.name](x, options), dispose() {} };
    default:
      return { run: () => act[entry.name](x, options), dispose() {} };
  }
}

/** How long the race's output is for an input of n floats. */
export function outputLength(entry, n) {
  return entry.halvesAxis ? n / 2 : n;
}
