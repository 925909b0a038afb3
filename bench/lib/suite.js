// What the benchmark measures, as data: kernel cases (every ELEMENTWISE entry plus PReLU
// variants), implementations (the two wasm builds through the public API, zero-copy and copying,
// the raw SIMD export, a plain JS loop, and the memory.copy roofline) and the default sizes.
//
// An implementation is an object
//   { id, label, async init(), supports(kernelCase) -> boolean,
//     prepare(kernelCase, n, reps) -> { inputs(): Float32Array[], output(k): Float32Array,
//                                       run(k): void, dispose(): void },
//     async close?() }
// `inputs()` returns views the harness refills before each timed batch (called again every time,
// so a view re-derived after wasm memory growth is picked up); `run(k)` computes output k from
// input k. An implementation hosted in a child process (a peer library such as tfjs-wasm or
// onnxruntime-web, isolated from this process's heap and JIT state) is made with
// `childProcess()` in ./child.js: its module exports an implementation object of this same shape,
// and the child runs the same harness.
import { readFile } from 'node:fs/promises';
import { ELEMENTWISE, loadActivations } from '../../dist/index.js';

export const DEFAULT_SIZES = ['1K', '16K', '256K', '1M', '4M'];
/** Kernel cases benched by default; `--all` takes every case. */
export const DEFAULT_KERNELS = ['leakyRelu', 'relu', 'prelu-c64', 'prelu-1'];

/**
 * Values for parameters the registry marks required (no default), e.g. PyTorch's Threshold.
 * A required parameter not listed here is benched at 0 (and the case says so in its params).
 */
const REQUIRED_PARAM_VALUES = {
  threshold: { threshold: 0, value: 0 },
};

/**
 * The parameters a kernel is benched with: the registry's defaults, and for required parameters
 * the values above. `given` holds only the latter: the options a call has to pass.
 */
export function benchParams(name) {
  const params = {};
  const given = {};
  for (const [k, spec] of Object.entries(ELEMENTWISE[name].params)) {
    if (spec.required) {
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
// Plain JS loops, the same math on Float32Arrays, written the way one would (ternaries; the
// parameters taken as float32 like the kernels take them). Keyed by ELEMENTWISE name; a kernel
// without an entry here is still benched for the wasm implementations, with no JS column.
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
 * the range is uniform in [-scale, scale). A kernel not listed gets scale 1.
 */
const DATA_SCALE = { relu6: 12, thresholdedRelu: 2, hardSigmoid: 5, hardSwish: 6, hardTanh: 2 };

/** Fixed per-channel slopes in [0.05, 0.3] (PReLU's learned slopes are small and positive). */
function channelSlopes(c) {
  const s = new Float32Array(c);
  for (let j = 0; j < c; j++) s[j] = 0.05 + (0.25 * ((j * 37) % c)) / Math.max(1, c - 1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Kernel cases. `api.setup(act, n, zeroCopy)` makes what the calls share (a slope, as a tensor
// when zero-copy); `api.bind(act, shared, x, out)` returns a thunk computing out from x through
// the public API. `raw` calls the wasm export directly (no API layer), where that is simple.
// `js()` and `jsBranchless()` return a JS loop (x, y) => void; either may be undefined.

function elementwiseCase(name) {
  const { params, given } = benchParams(name);
  const specs = ELEMENTWISE[name].params;
  const values = Object.keys(specs).map((k) => wasmValue(specs[k], params[k]));
  const makeJs = JS_LOOPS[name];
  const makeBranchless = JS_BRANCHLESS[name];
  return {
    id: name,
    label: name,
    kernel: name,
    params,
    scale: DATA_SCALE[name] ?? 1,
    multipleOf: 1,
    api: {
      setup: () => ({ dispose() {} }),
      // The registry's defaults apply; pass only `out` (and any required parameter), as a typical call does.
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

/** Every kernel case, in table order: each ELEMENTWISE kernel, then the PReLU variants. */
export const KERNEL_CASES = [...Object.keys(ELEMENTWISE).map(elementwiseCase), preluCase(64), preluCase(1)];

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
      const xs = [];
      const outs = [];
      for (let k = 0; k < reps; k++) {
        xs.push(zeroCopy ? act.tensor(n) : new Float32Array(n));
        outs.push(zeroCopy ? act.tensor(n) : new Float32Array(n));
      }
      const thunks = xs.map((x, k) => kcase.api.bind(act, shared, x, outs[k]));
      return {
        // A tensor's .data is re-derived if memory grew (the copying path's scratch can grow it).
        inputs: zeroCopy ? () => xs.map((t) => t.data) : () => xs,
        output: (k) => (zeroCopy ? outs[k].data : outs[k]),
        run: (k) => thunks[k](),
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
 * Buffers in a raw instance: reps (src, dst) pairs of n floats, with views re-derived after
 * memory growth. The layout is fixed: each src starts on a 4 KiB boundary and its dst starts
 * 2 KiB past one (dst - src = 2048 mod 4096). The allocator's natural layout, consecutive blocks
 * 16 bytes of header apart, puts dst 16 bytes past a multiple of 4 KiB from src, which on some
 * CPUs (AMD Zen 3 here) sends memory.copy's `rep movsb` down a 4K-aliasing slow path, ~20x slower
 * at 4-64 KiB; the roofline must be the fastest the bytes can be streamed, not that.
 */
function rawBuffers(raw, n, reps, layout = 'aligned') {
  if (layout === 'adjacent') return adjacentBuffers(raw, n, reps);
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
  return bufferPairs(raw, n, src, dst, () => raw.wasm.free(block));
}

/** The allocator's natural layout: src and dst allocated one after the other, as tensors are. */
function adjacentBuffers(raw, n, reps) {
  const src = [];
  const dst = [];
  for (let k = 0; k < reps; k++) {
    src.push(raw.wasm.alloc(n * 4) >>> 0);
    dst.push(raw.wasm.alloc(n * 4) >>> 0);
  }
  return bufferPairs(raw, n, src, dst, () => {
    for (const p of [...src, ...dst]) raw.wasm.free(p);
  });
}

/** Input/output views over src[k]/dst[k], the input views re-derived when memory has grown. */
function bufferPairs(raw, n, src, dst, dispose) {
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
    output: (k) => new Float32Array(raw.memory.buffer, dst[k], n),
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
      const b = rawBuffers(raw, n, reps);
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
      const xs = [];
      const ys = [];
      for (let k = 0; k < reps; k++) {
        xs.push(new Float32Array(n));
        ys.push(new Float32Array(n));
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
      const b = rawBuffers(raw, n, reps, layout);
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
