// What the benchmark measures, as data: kernel cases (every ELEMENTWISE entry, one more per
// non-default choice of a parameter, the PReLU variants, RReLU in eval mode, and every ALONG_AXIS
// entry), implementations (the two wasm builds through the public API, zero-copy and copying, the
// raw SIMD export, a plain JS loop, and the memory.copy roofline). Which of them a run takes, and at
// which sizes, is run.js's business.
//
// An implementation is an object
//   { id, label, async init(), supports(kernelCase) -> boolean,
//     prepare(kernelCase, n, reps) -> { inputs(): Float32Array[], output(k): Float32Array,
//                                       run(k): void, copyLoop?(k): void, dispose(): void },
//     async close?() }
// `inputs()` returns views the harness refills before each timed batch (called again every time,
// so a view re-derived after wasm memory growth is picked up); `run(k)` computes output k from
// input k, which has `outputLength(kernelCase, n)` floats (n but for glu, which halves its rows).
// An implementation hosted in a child process (a peer library such as tfjs-wasm or
// onnxruntime-web, isolated from this process's heap and JIT state) is made with
// `childProcess()` in ./child.js: its module exports an implementation object of this same shape,
// and the child runs the same harness.
import { readFile } from 'node:fs/promises';
import erf from '@stdlib/math-base-special-erf';
import { ALONG_AXIS, ELEMENTWISE, RRELU_PARAMS, loadActivations } from '../../dist/index.js';

/**
 * Values for parameters the registry marks required (no default), e.g. PyTorch's Threshold.
 * A required parameter not listed here is benched at 0 (and the case says so in its params).
 */
const REQUIRED_PARAM_VALUES = {
  threshold: { threshold: 0, value: 0 },
};

/**
 * The parameters a kernel (ELEMENTWISE or ALONG_AXIS) is benched with: the registry's defaults, for required parameters the
 * values above, and `overrides` (a non-default choice). `given` holds the latter two: the options
 * a call has to pass.
 */
export function benchParams(name, overrides = {}) {
  const params = {};
  const given = {};
  for (const [k, spec] of Object.entries((ELEMENTWISE[name] ?? ALONG_AXIS[name]).params)) {
    if (k in overrides) {
      given[k] = overrides[k];
      params[k] = given[k];
    } else if (spec.required) {
      given[k] = REQUIRED_PARAM_VALUES[name]?.[k] ?? 0;
      params[k] = given[k];
    } else {
      params[k] = spec.default;
    }
  }
  return { params, given };
}

/** What the wasm export takes for a parameter: the number, or a choice's index. */
function wasmValue(spec, value) {
  return spec.choices ? spec.choices.indexOf(value) : value;
}

// ---------------------------------------------------------------------------------------------
// Plain JS loops, the same math on Float32Arrays, written the way one would (ternaries; Math.exp,
// Math.log1p, Math.expm1, Math.tanh in float64, stored to float32; the parameters taken as float32
// like the kernels take them). They are also the reference the outputs are checked against, so
// each uses a form that is accurate over the whole range (no overflow, no cancellation that the
// float32 result would show). Keyed by ELEMENTWISE name (and rrelu, eval mode); a kernel without
// an entry here is still benched for the wasm implementations, with no JS column.
const f32 = Math.fround;
export const JS_LOOPS = {
  leakyRelu: ({ alpha }) => {
    const a = f32(alpha);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= 0 ? v : a * v;
      }
    };
  },
  relu: ({ negativeSlope, maxValue, threshold }) => {
    const s = f32(negativeSlope);
    const m = f32(maxValue);
    const t = f32(threshold);
    if (s === 0 && t === 0 && m === Infinity) {
      return (x, y) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          y[i] = v >= 0 ? v : 0;
        }
      };
    }
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= m ? m : v >= t ? v : s === 0 ? 0 : s * (v - t);
      }
    };
  },
  relu6: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v >= 6 ? 6 : v >= 0 ? v : 0;
    }
  },
  thresholdedRelu: ({ alpha }) => {
    const a = f32(alpha);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v > a ? v : 0;
      }
    };
  },
  hardSigmoid: ({ alpha, beta }) => {
    const a = f32(alpha);
    const b = f32(beta);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const t = a * x[i] + b;
        y[i] = t <= 0 ? 0 : t >= 1 ? 1 : t;
      }
    };
  },
  hardSwish: () => {
    const a = f32(1 / 6);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const t = a * v + 0.5;
        y[i] = v * (t <= 0 ? 0 : t >= 1 ? 1 : t);
      }
    };
  },
  hardTanh: ({ min, max }) => {
    const lo = f32(min);
    const hi = f32(max);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v <= lo ? lo : v >= hi ? hi : v;
      }
    };
  },
  softShrink: ({ lambda }) => {
    const l = f32(lambda);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v > l ? v - l : v < -l ? v + l : 0;
      }
    };
  },
  hardShrink: ({ lambda }) => {
    const l = f32(lambda);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= -l && v <= l ? 0 : v;
      }
    };
  },
  shrink: ({ lambda, bias }) => {
    const l = f32(lambda);
    const b = f32(bias);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v < -l ? v + b : v > l ? v - b : 0;
      }
    };
  },
  threshold: ({ threshold, value }) => {
    const t = f32(threshold);
    const r = f32(value);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v > t ? v : r;
      }
    };
  },
  identity: () => (x, y) => {
    y.set(x);
  },
  /** PyTorch's form: log1p(e^(beta x)) / beta never overflows below the threshold (20 by default). */
  softplus: ({ beta, threshold }) => {
    const b = f32(beta);
    const t = f32(threshold);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const bv = b * v;
        y[i] = bv > t ? v : Math.log1p(Math.exp(bv)) / b;
      }
    };
  },
  /** min(x, 0) - log1p(e^-|x|), PyTorch's stable form (-log1p(e^-x) overflows for x < -709). */
  logSigmoid: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
    }
  },
  softsign: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v / (1 + Math.abs(v));
    }
  },
  /** JS has no Math.erf: the erf form uses stdlib's, as a user would; the tanh form Math.tanh. */
  gelu: ({ approximate }) => {
    if (approximate === 'tanh') {
      const k = Math.sqrt(2 / Math.PI);
      return (x, y) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          y[i] = 0.5 * v * (1 + Math.tanh(k * (v + 0.044715 * v * v * v)));
        }
      };
    }
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = 0.5 * v * (1 + erf(v * Math.SQRT1_2));
      }
    };
  },
  exp: () => (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = Math.exp(x[i]);
  },
  sigmoid: () => (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
  },
  tanh: () => (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  },
  /** x - tanh(x) cancels near 0, but in float64: its absolute error (~1e-17) is far below float32's. */
  tanhShrink: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v - Math.tanh(v);
    }
  },
  elu: ({ alpha }) => {
    const a = f32(alpha);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= 0 ? v : a * Math.expm1(v);
      }
    };
  },
  selu: ({ alpha, gamma }) => {
    const g = f32(gamma);
    const ga = g * f32(alpha);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= 0 ? g * v : ga * Math.expm1(v);
      }
    };
  },
  celu: ({ alpha }) => {
    const a = f32(alpha);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v >= 0 ? v : a * Math.expm1(v / a);
      }
    };
  },
  silu: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v / (1 + Math.exp(-v));
    }
  },
  swish: ({ beta }) => {
    const b = f32(beta);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v / (1 + Math.exp(-b * v));
      }
    };
  },
  mish: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v * Math.tanh(Math.log1p(Math.exp(v)));
    }
  },
  /** RReLU in eval mode (PyTorch's default outside training): a leaky ReLU with the mean slope. */
  rrelu: ({ lower, upper }) => JS_LOOPS.leakyRelu({ alpha: (lower + upper) / 2 }),
};

/**
 * The along-axis kernels on rows of `c` floats (the last axis), the way one writes them: the max
 * subtracted before e^x (softmax, logSoftmax; the min for softmin), e^x stored in y and then
 * scaled (two float32 roundings, well within the check's tolerance), sums in float64. glu writes
 * rows of c/2. Sparsemax is the sort-based algorithm of Martins & Astudillo (2016), Algorithm 1.
 */
export const JS_AXIS_LOOPS = {
  softmax: () => (x, y, c) => {
    for (let row = 0; row < x.length; row += c) {
      const end = row + c;
      let max = -Infinity;
      for (let i = row; i < end; i++) if (x[i] > max) max = x[i];
      let sum = 0;
      for (let i = row; i < end; i++) {
        const e = Math.exp(x[i] - max);
        y[i] = e;
        sum += e;
      }
      const inverse = 1 / sum;
      for (let i = row; i < end; i++) y[i] *= inverse;
    }
  },
  logSoftmax: () => (x, y, c) => {
    for (let row = 0; row < x.length; row += c) {
      const end = row + c;
      let max = -Infinity;
      for (let i = row; i < end; i++) if (x[i] > max) max = x[i];
      let sum = 0;
      for (let i = row; i < end; i++) sum += Math.exp(x[i] - max);
      const logSum = Math.log(sum);
      for (let i = row; i < end; i++) y[i] = x[i] - max - logSum;
    }
  },
  softmin: () => (x, y, c) => {
    for (let row = 0; row < x.length; row += c) {
      const end = row + c;
      let min = Infinity;
      for (let i = row; i < end; i++) if (x[i] < min) min = x[i];
      let sum = 0;
      for (let i = row; i < end; i++) {
        const e = Math.exp(min - x[i]);
        y[i] = e;
        sum += e;
      }
      const inverse = 1 / sum;
      for (let i = row; i < end; i++) y[i] *= inverse;
    }
  },
  glu: () => (x, y, c) => {
    const h = c / 2;
    for (let row = 0, out = 0; row < x.length; row += c, out += h) {
      for (let j = 0; j < h; j++) y[out + j] = x[row + j] / (1 + Math.exp(-x[row + h + j]));
    }
  },
  sparsemax: () => {
    let sorted = new Float64Array(0);
    return (x, y, c) => {
      if (sorted.length !== c) sorted = new Float64Array(c);
      for (let row = 0; row < x.length; row += c) {
        const end = row + c;
        sorted.set(x.subarray(row, end));
        sorted.sort();
        // Walk z in decreasing order: the support is the longest prefix with 1 + k z_k > z_1 + ... + z_k.
        let sum = 0;
        let tau = 0;
        for (let k = 1; k <= c; k++) {
          const z = sorted[c - k];
          sum += z;
          if (1 + k * z <= sum) break;
          tau = (sum - 1) / k;
        }
        for (let i = row; i < end; i++) {
          const t = x[i] - tau;
          y[i] = t > 0 ? t : 0;
        }
      }
    };
  },
};

/**
 * The same math without a select, so nothing depends on the sign of the data: V8 compiles a
 * float ternary (and Math.max/min) to a compare-and-branch, which mispredicts on mixed signs.
 * Rewritten with Math.abs (a bit mask): leakyRelu = c1*v + c2*|v| with c1 = (1+a)/2 and
 * c2 = (1-a)/2, relu = (v + |v|)/2, clamp(t, 0, m) = (|t| - |t - m| + m)/2. Equal to the ternary
 * form up to rounding in the last bit. Undefined where there is no such form (or for parameters
 * it does not cover).
 */
export const JS_BRANCHLESS = {
  leakyRelu: ({ alpha }) => {
    const a = f32(alpha);
    const c1 = (1 + a) / 2;
    const c2 = (1 - a) / 2;
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = c1 * v + c2 * Math.abs(v);
      }
    };
  },
  relu: ({ negativeSlope, maxValue, threshold }) => {
    if (negativeSlope !== 0 || threshold !== 0 || maxValue !== Infinity) return undefined;
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = (v + Math.abs(v)) * 0.5;
      }
    };
  },
  relu6: () => (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = (Math.abs(v) - Math.abs(v - 6) + 6) * 0.5;
    }
  },
  hardSigmoid: ({ alpha, beta }) => {
    const a = f32(alpha);
    const b = f32(beta);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const t = a * x[i] + b;
        y[i] = (Math.abs(t) - Math.abs(t - 1) + 1) * 0.5;
      }
    };
  },
  hardSwish: () => {
    const a = f32(1 / 6);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const t = a * v + 0.5;
        y[i] = v * (Math.abs(t) - Math.abs(t - 1) + 1) * 0.5;
      }
    };
  },
  hardTanh: ({ min, max }) => {
    const lo = f32(min);
    const hi = f32(max);
    return (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = (Math.abs(v - lo) - Math.abs(v - hi) + lo + hi) * 0.5;
      }
    };
  },
};

function jsPreluChannelsBranchless(slope) {
  const c = slope.length;
  const c1 = Float64Array.from(slope, (s) => (1 + s) / 2);
  const c2 = Float64Array.from(slope, (s) => (1 - s) / 2);
  return (x, y) => {
    for (let row = 0; row < x.length; row += c) {
      for (let j = 0; j < c; j++) {
        const v = x[row + j];
        y[row + j] = c1[j] * v + c2[j] * Math.abs(v);
      }
    }
  };
}

/** PReLU with one slope per channel along the last axis (channels-last rows of C floats). */
function jsPreluChannels(slope) {
  const c = slope.length;
  return (x, y) => {
    for (let row = 0; row < x.length; row += c) {
      for (let j = 0; j < c; j++) {
        const v = x[row + j];
        y[row + j] = v >= 0 ? v : slope[j] * v;
      }
    }
  };
}

/**
 * Half the data on each side of zero, spread so that each kernel's breakpoints are crossed often:
 * the range is uniform in [-scale, scale). A piecewise-linear kernel not listed gets scale 1.
 */
const DATA_SCALE = { relu6: 12, thresholdedRelu: 2, hardSigmoid: 5, hardSwish: 6, hardTanh: 2 };
/**
 * The scale of the smooth kernels (maxUlp > 0 in the registry) and the along-axis ones: about
 * three standard deviations of a unit-variance pre-activation (or logit), where these functions
 * bend; it also crosses the |x| = 1 branch of Math.tanh and Math.expm1 in the JS loops.
 */
const SMOOTH_SCALE = 3;

/**
 * The along-axis cases work on rows of AXIS_ROW_LENGTH floats, the last axis of x = [n / C, C]: a
 * 1000-class classifier's logits (or a transformer's attention row over 1K tokens), rounded to
 * 1024 so the power-of-two sizes split into whole rows. An n below that is one row of n.
 */
export const AXIS_ROW_LENGTH = 1024;

/** The row length C of an along-axis case at n floats. */
function rowLengthOf(n) {
  if (n <= AXIS_ROW_LENGTH) return n;
  if (n % AXIS_ROW_LENGTH !== 0) throw new RangeError(`n = ${n} is above ${AXIS_ROW_LENGTH} and not a multiple of it (the row length)`);
  return AXIS_ROW_LENGTH;
}

/** The floats kernel case `kcase` writes for n floats in: n, or what its `outLength` says (glu). */
export function outputLength(kcase, n) {
  return kcase?.outLength ? kcase.outLength(n) : n;
}

/** Fixed per-channel slopes in [0.05, 0.3] (PReLU's learned slopes are small and positive). */
function channelSlopes(c) {
  const s = new Float32Array(c);
  for (let j = 0; j < c; j++) s[j] = 0.05 + (0.25 * ((j * 37) % c)) / Math.max(1, c - 1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Kernel cases. `api.setup(act, n, zeroCopy)` makes what the calls share (a slope, as a tensor
// when zero-copy); `api.bind(act, shared, x, out)` returns a thunk computing out from x through
// the public API. `raw(wasm, src, dst, n)` returns a thunk calling the wasm export directly (no
// API layer), where that is simple. `js()` and `jsBranchless()` return a JS loop (x, y) => void;
// either may be undefined. Along-axis cases also have `shapeOf(n)`, x's shape [n / C, C] (the
// axis is the last), and `outLength(n)`.

/** One case of ELEMENTWISE kernel `name`; `choice` sets a parameter to a non-default choice. */
function elementwiseCase(name, choice) {
  const { params, given } = benchParams(name, choice);
  const specs = ELEMENTWISE[name].params;
  const values = Object.keys(specs).map((k) => wasmValue(specs[k], params[k]));
  const makeJs = JS_LOOPS[name];
  const makeBranchless = JS_BRANCHLESS[name];
  const variant = choice && Object.values(choice)[0];
  return {
    id: variant ? `${name}-${variant}` : name,
    label: variant ? `${name} (${variant})` : name,
    kernel: name,
    params,
    scale: DATA_SCALE[name] ?? (ELEMENTWISE[name].maxUlp > 0 ? SMOOTH_SCALE : 1),
    multipleOf: 1,
    api: {
      setup: () => ({ dispose() {} }),
      // The registry's defaults apply; pass only `out` (and any required or chosen parameter), as a typical call does.
      bind(act, _shared, x, out) {
        const f = act[name];
        const options = { ...given, out };
        return () => f(x, options);
      },
    },
    raw: (wasm, src, dst, n) => {
      const run = ELEMENTWISE[name].run;
      return () => run(wasm, src, dst, n, values);
    },
    js: makeJs ? () => makeJs(params) : undefined,
    jsBranchless: makeBranchless && makeBranchless(params) ? () => makeBranchless(params) : undefined,
  };
}

/** The cases of ELEMENTWISE kernel `name`: its defaults, then one per other choice of a parameter (gelu's 'tanh'). */
function elementwiseCases(name) {
  const variants = Object.entries(ELEMENTWISE[name].params).flatMap(([k, spec]) =>
    (spec.choices ?? []).filter((c) => c !== spec.default).map((c) => elementwiseCase(name, { [k]: c })),
  );
  return [elementwiseCase(name), ...variants];
}

function preluCase(channels) {
  const slope = channels === 1 ? Float32Array.of(0.25) : channelSlopes(channels);
  return {
    id: channels === 1 ? 'prelu-1' : `prelu-c${channels}`,
    label: channels === 1 ? 'prelu (1 slope)' : `prelu (C=${channels})`,
    kernel: 'prelu',
    params: channels === 1 ? { slope: slope[0] } : { channels, axis: -1, slopes: 'fixed, in [0.05, 0.3]' },
    /** The slopes themselves (peers build their own slope tensor from them); x is [n / C, C]. */
    slope,
    scale: 1,
    multipleOf: channels,
    api: {
      setup(act, _n, zeroCopy) {
        const s = zeroCopy ? act.tensor(slope) : slope.slice();
        return { slope: s, dispose: () => zeroCopy && s.dispose() };
      },
      bind(act, shared, x, out) {
        const n = x.length;
        const options = channels === 1 ? { out } : { shape: [n / channels, channels], axis: -1, out };
        return () => act.prelu(x, shared.slope, options);
      },
    },
    raw: undefined,
    js: () => (channels === 1 ? JS_LOOPS.leakyRelu({ alpha: slope[0] }) : jsPreluChannels(slope)),
    jsBranchless: () => (channels === 1 ? JS_BRANCHLESS.leakyRelu({ alpha: slope[0] }) : jsPreluChannelsBranchless(slope)),
  };
}

/** RReLU in eval mode (the default), with the default bounds: a leaky ReLU with their mean as the slope. */
function rreluCase() {
  const params = { lower: RRELU_PARAMS.lower.default, upper: RRELU_PARAMS.upper.default, training: false };
  const mean = (params.lower + params.upper) / 2;
  return {
    id: 'rrelu',
    label: 'rrelu (eval)',
    kernel: 'rrelu',
    params,
    scale: 1,
    multipleOf: 1,
    api: {
      setup: () => ({ dispose() {} }),
      bind(act, _shared, x, out) {
        const options = { out };
        return () => act.rrelu(x, options);
      },
    },
    // The export eval mode calls.
    raw: (wasm, src, dst, n) => () => wasm.leakyRelu(src, dst, n, mean),
    js: () => JS_LOOPS.rrelu(params),
    jsBranchless: () => JS_BRANCHLESS.leakyRelu({ alpha: mean }),
  };
}

/** ALONG_AXIS kernel `name` along the last axis of x = [n / C, C], C = AXIS_ROW_LENGTH (or n if smaller). */
function alongAxisCase(name) {
  const kernel = ALONG_AXIS[name];
  const { params, given } = benchParams(name);
  const values = Object.keys(kernel.params).map((k) => wasmValue(kernel.params[k], params[k]));
  const halves = kernel.halvesAxis;
  const makeJs = JS_AXIS_LOOPS[name];
  const shapeOf = (n) => [n / rowLengthOf(n), rowLengthOf(n)];
  return {
    id: name,
    label: name,
    kernel: name,
    params: { ...params, axis: -1, rowLength: `${AXIS_ROW_LENGTH} (n if smaller)` },
    scale: SMOOTH_SCALE,
    multipleOf: halves ? 2 : 1,
    shapeOf,
    outLength: (n) => (halves ? n / 2 : n),
    api: {
      setup: () => ({ dispose() {} }),
      bind(act, _shared, x, out) {
        const f = act[name];
        const options = { ...given, shape: shapeOf(x.length), axis: -1, out };
        return () => f(x, options);
      },
    },
    raw: (wasm, src, dst, n) => {
      const [rows, c] = shapeOf(n);
      return () => kernel.run(wasm, src, dst, rows, c, 1, values);
    },
    js: makeJs
      ? () => {
          const loop = makeJs(params);
          return (x, y) => loop(x, y, rowLengthOf(x.length));
        }
      : undefined,
    jsBranchless: undefined,
  };
}

/**
 * Every kernel case, in table order: each ELEMENTWISE kernel (and its choice variants), the PReLU
 * variants, RReLU, then each ALONG_AXIS kernel.
 */
export const KERNEL_CASES = [
  ...Object.keys(ELEMENTWISE).flatMap(elementwiseCases),
  preluCase(64),
  preluCase(1),
  rreluCase(),
  ...Object.keys(ALONG_AXIS).map(alongAxisCase),
];

/** The JS loop of a case, used both as an implementation and as the reference for validation. */
export function referenceOf(kcase) {
  return kcase.js?.();
}

// ---------------------------------------------------------------------------------------------
// Implementations.

/** A build of the package through its public API; each has its own instance and memory. */
function apiImplementation({ id, label, simd, zeroCopy }) {
  let act;
  return {
    id,
    label,
    group: simd ? 'simd' : 'scalar',
    mode: zeroCopy ? 'zero-copy' : 'copy',
    description: `${simd ? 'SIMD' : 'scalar'} build, ${zeroCopy ? 'WasmTensor in, WasmTensor out (nothing copied)' : 'Float32Array in, Float32Array out (copied in and out of wasm memory by the API)'}`,
    async init() {
      act = await loadActivations({ simd });
      if (act.simd !== simd) throw new Error(`${id}: loaded the wrong build`);
    },
    supports: (kcase) => kcase.api !== undefined,
    prepare(kcase, n, reps) {
      const shared = kcase.api.setup(act, n, zeroCopy);
      const m = outputLength(kcase, n);
      const xs = [];
      const outs = [];
      for (let k = 0; k < reps; k++) {
        xs.push(zeroCopy ? act.tensor(n) : new Float32Array(n));
        outs.push(zeroCopy ? act.tensor(m) : new Float32Array(m));
      }
      const thunks = xs.map((x, k) => kcase.api.bind(act, shared, x, outs[k]));
      return {
        // A tensor's .data is re-derived if memory grew (the copying path's scratch can grow it).
        inputs: zeroCopy ? () => xs.map((t) => t.data) : () => xs,
        output: (k) => (zeroCopy ? outs[k].data : outs[k]),
        run: (k) => thunks[k](),
        // The same bytes through the identity kernel: the bare v128 copy loop, the ceiling of any
        // memory-bound kernel of this build (see measurePaired).
        ...(zeroCopy && m === n ? { copyLoop: (k) => act.identity(xs[k], { out: outs[k] }) } : {}),
        dispose() {
          if (zeroCopy) for (const t of [...xs, ...outs]) t.dispose();
          shared.dispose();
          act.releaseScratch();
        },
      };
    },
  };
}

/** The SIMD module instantiated directly, as the roofline needs (the API exposes no raw exports). */
async function instantiateSimd() {
  const bytes = await readFile(new URL('../../dist/wasm/simd.wasm', import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      memory,
      abort() {
        throw new Error('abort');
      },
    },
  });
  return { memory, wasm: instance.exports };
}

/**
 * Buffers in a raw instance: reps (src, dst) pairs of n floats (dst views of m), with views
 * re-derived after memory growth. The layout is fixed: each src starts on a 4 KiB boundary and its dst starts
 * 2 KiB past one (dst - src = 2048 mod 4096). The allocator's natural layout, consecutive blocks
 * 16 bytes of header apart, puts dst 16 bytes past a multiple of 4 KiB from src, which on some
 * CPUs (AMD Zen 3 here) sends memory.copy's `rep movsb` down a 4K-aliasing slow path, ~20x slower
 * at 4-64 KiB; the roofline must be the fastest the bytes can be streamed, not that.
 */
function rawBuffers(raw, n, m, reps, layout = 'aligned') {
  if (layout === 'adjacent') return adjacentBuffers(raw, n, m, reps);
  const PAGE = 4096;
  const span = Math.ceil((n * 4) / PAGE) * PAGE;
  const pairBytes = 2 * span + PAGE;
  const block = raw.wasm.alloc(reps * pairBytes + PAGE) >>> 0;
  const base = Math.ceil(block / PAGE) * PAGE;
  const src = [];
  const dst = [];
  for (let k = 0; k < reps; k++) {
    src.push(base + k * pairBytes);
    dst.push(base + k * pairBytes + span + PAGE / 2);
  }
  return bufferPairs(raw, n, m, src, dst, () => raw.wasm.free(block));
}

/** The allocator's natural layout: src and dst allocated one after the other, as tensors are. */
function adjacentBuffers(raw, n, m, reps) {
  const src = [];
  const dst = [];
  for (let k = 0; k < reps; k++) {
    src.push(raw.wasm.alloc(n * 4) >>> 0);
    dst.push(raw.wasm.alloc(m * 4) >>> 0);
  }
  return bufferPairs(raw, n, m, src, dst, () => {
    for (const p of [...src, ...dst]) raw.wasm.free(p);
  });
}

/** Input/output views over src[k] (n floats) and dst[k] (m), the input views re-derived when memory has grown. */
function bufferPairs(raw, n, m, src, dst, dispose) {
  let buffer;
  let views;
  return {
    src,
    dst,
    inputs() {
      if (buffer !== raw.memory.buffer) {
        buffer = raw.memory.buffer;
        views = src.map((p) => new Float32Array(buffer, p, n));
      }
      return views;
    },
    output: (k) => new Float32Array(raw.memory.buffer, dst[k], m),
    dispose,
  };
}

/** The SIMD build's export called directly on pointers, without the API: the API's cost shows as the gap to 'simd'. */
function rawSimdImplementation() {
  let raw;
  return {
    id: 'simd-raw',
    label: 'SIMD raw',
    group: 'simd',
    mode: 'raw export',
    description: 'SIMD build, the wasm export called directly on pointers (no API layer): the kernel alone',
    async init() {
      raw = await instantiateSimd();
    },
    supports: (kcase) => kcase.raw !== undefined,
    prepare(kcase, n, reps) {
      const b = rawBuffers(raw, n, outputLength(kcase, n), reps);
      const thunks = b.src.map((src, k) => kcase.raw(raw.wasm, src, b.dst[k], n));
      return { inputs: b.inputs, output: b.output, run: (k) => thunks[k](), dispose: b.dispose };
    },
  };
}

/** A plain JS loop on Float32Arrays: `which` is 'js' (the ternary form) or 'jsBranchless'. */
function jsImplementation(which) {
  const ternary = which === 'js';
  return {
    id: ternary ? 'js' : 'js-abs',
    label: ternary ? 'JS' : 'JS abs',
    group: 'js',
    mode: 'js',
    description: ternary
      ? 'a plain JS loop over Float32Arrays, select written as a ternary (v >= 0 ? v : a * v)'
      : 'a plain JS loop over Float32Arrays, select-free with Math.abs (leakyRelu = c1*v + c2*|v|)',
    async init() {},
    supports: (kcase) => kcase[which] !== undefined,
    prepare(kcase, n, reps) {
      const loop = kcase[which]();
      const m = outputLength(kcase, n);
      const xs = [];
      const ys = [];
      for (let k = 0; k < reps; k++) {
        xs.push(new Float32Array(n));
        ys.push(new Float32Array(m));
      }
      return { inputs: () => xs, output: (k) => ys[k], run: (k) => loop(xs[k], ys[k]), dispose() {} };
    },
  };
}

/**
 * memory.copy of n*4 bytes from one buffer to another in the SIMD module: the fastest anything
 * can stream the same bytes (n*4 read, n*4 written) in this engine. Kernel-independent. With
 * layout 'adjacent' the buffers are placed as the allocator places consecutive tensors: not the
 * roofline, a diagnostic of the 4K-aliasing slow path described at rawBuffers.
 */
export function rooflineImplementation({ layout = 'aligned' } = {}) {
  let raw;
  const adjacent = layout === 'adjacent';
  return {
    id: adjacent ? 'copy-adjacent' : 'roofline',
    label: adjacent ? 'copy adjacent' : 'memory.copy',
    group: 'roofline',
    mode: 'raw export',
    description: adjacent
      ? 'memory.copy between buffers allocated one after the other, as consecutive tensors are (dst - src = 16 mod 4096): a diagnostic, not the roofline'
      : 'memory.copy of the same bytes (n*4 read, n*4 written) between two buffers, SIMD module, called directly; dst - src = 2048 mod 4096',
    async init() {
      raw = await instantiateSimd();
    },
    supports: () => true,
    prepare(_kcase, n, reps) {
      const b = rawBuffers(raw, n, n, reps, layout);
      const bytes = n * 4;
      const copy = raw.wasm.copy;
      const thunks = b.src.map((src, k) => {
        const dst = b.dst[k];
        return () => copy(dst, src, bytes);
      });
      return { inputs: b.inputs, output: b.output, run: (k) => thunks[k](), dispose: b.dispose };
    },
  };
}

/** The in-process implementations, in column order. */
export function implementations() {
  return [
    apiImplementation({ id: 'simd', label: 'SIMD', simd: true, zeroCopy: true }),
    apiImplementation({ id: 'simd-copy', label: 'SIMD copy', simd: true, zeroCopy: false }),
    apiImplementation({ id: 'scalar', label: 'scalar', simd: false, zeroCopy: true }),
    apiImplementation({ id: 'scalar-copy', label: 'scalar copy', simd: false, zeroCopy: false }),
    rawSimdImplementation(),
    jsImplementation('js'),
    jsImplementation('jsBranchless'),
  ];
}
