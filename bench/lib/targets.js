// The speed targets the issues set, as data, and their evaluation on a run's results. Measured,
// never adjusted: a target that is missed is reported as MISSED with its number.
//
// A check compares implementation `impl` on `kernel` at size n with either the memory.copy
// roofline of the same bytes (`against: 'roofline'`, in % of it: the paired measurement when the
// run made one, else against the faster roofline run of that size), another implementation
// (`against: <id>`, as a ratio of median times, ×), or an absolute latency (`maxNs`).
//
// A roofline check that misses over the whole paired measurement but meets its bound in the
// windows where the host left the core uncontended (a bare v128 copy loop kept up with memmove;
// see measurePaired) is reported as such, 'met uncontended', never as MET.

const K = 1024;
const M = 1024 * 1024;
const PIECEWISE = ['leakyRelu', 'relu', 'relu6', 'prelu-1', 'prelu-c64', 'thresholdedRelu', 'hardSigmoid', 'hardSwish'];
/** Kernels whose work is dominated by exp (issue 3's "exp-based" targets). */
const EXP_BASED = ['exp', 'sigmoid', 'tanh', 'tanhShrink', 'elu', 'selu', 'celu', 'softplus', 'logSigmoid', 'silu', 'swish', 'mish', 'gelu', 'gelu-tanh', 'softmax', 'logSoftmax', 'softmin', 'glu'];

export const TARGETS = [
  { goal: 'piecewise-linear kernels, zero-copy SIMD >= 90% of the memory.copy roofline at 16K-4M', kernels: PIECEWISE, sizes: [16 * K, 256 * K, M, 4 * M], impl: 'simd', against: 'roofline', min: 90 },
  { goal: 'zero-copy leakyRelu SIMD >= 6x the scalar build at 16K', kernels: ['leakyRelu'], sizes: [16 * K], impl: 'simd', against: 'scalar', min: 6 },
  { goal: 'exp-based kernels SIMD >= 6x their scalar build at 16K', kernels: EXP_BASED, sizes: [16 * K], impl: 'simd', against: 'scalar', min: 6 },
  { goal: 'exp-based kernels SIMD >= 10x a plain JS loop with Math.exp at 16K', kernels: EXP_BASED, sizes: [16 * K], impl: 'simd', against: 'js', min: 10 },
  { goal: 'leakyRelu >= 20x tfjs-wasm at 1M', kernels: ['leakyRelu'], sizes: [M], impl: 'simd', against: 'tfjs-wasm', min: 20 },
  { goal: 'relu >= 1.0x tfjs-wasm (XNNPACK) at n >= 16K', kernels: ['relu'], sizes: [16 * K, 256 * K, M, 4 * M, 16 * M], impl: 'simd', against: 'tfjs-wasm', min: 1 },
  { goal: 'relu >= 20x tfjs-wasm at n <= 1K', kernels: ['relu'], sizes: [16, K], impl: 'simd', against: 'tfjs-wasm', min: 20 },
  { goal: 'prelu per-channel >= 1.3x tfjs-wasm at 1M', kernels: ['prelu-c64'], sizes: [M], impl: 'simd', against: 'tfjs-wasm', min: 1.3 },
  { goal: 'sigmoid >= 1.2x tfjs-wasm (XNNPACK) at 16K-1M', kernels: ['sigmoid'], sizes: [16 * K, 256 * K, M], impl: 'simd', against: 'tfjs-wasm', min: 1.2 },
  { goal: 'elu >= 1.2x tfjs-wasm at 16K-1M', kernels: ['elu'], sizes: [16 * K, 256 * K, M], impl: 'simd', against: 'tfjs-wasm', min: 1.2 },
  { goal: 'tanh >= 10x tfjs-wasm at 16K-1M', kernels: ['tanh'], sizes: [16 * K, 256 * K, M], impl: 'simd', against: 'tfjs-wasm', min: 10 },
  { goal: 'copying leakyRelu (Float32Array in and out) >= 5x the tfjs-wasm round trip at 1M', kernels: ['leakyRelu'], sizes: [M], impl: 'simd-copy', against: 'tfjs-wasm-rt', min: 5 },
  { goal: 'copying leakyRelu >= 5x ORT-web session.run at 1M', kernels: ['leakyRelu'], sizes: [M], impl: 'simd-copy', against: 'ort-web', min: 5 },
  { goal: 'fixed cost of one typed-API call at n = 16 <= 100 ns (zero-copy)', kernels: ['leakyRelu', 'relu', 'prelu-1', 'sigmoid', 'softmax'], sizes: [16], impl: 'simd', maxNs: 100 },
];

const formatSize = (n) => (n >= M ? `${n / M}M` : n >= K ? `${n / K}K` : String(n));

/**
 * Evaluates every target on `results` (run.js's rows of {kernel, n, impl, latencyMs}) and
 * `rooflineMs(n)`. A check whose cases were not measured in this run is 'not measured'.
 */
export function evaluateTargets(results, rooflineMs) {
  const find = (kernel, n, impl) => results.find((r) => r.kernel === kernel && r.n === n && r.impl === impl && !r.error && r.dist === 'mixed');
  return TARGETS.map((t) => {
    const checks = [];
    for (const kernel of t.kernels) {
      for (const n of t.sizes) {
        const ours = find(kernel, n, t.impl);
        let measured;
        let met;
        let paired;
        if (ours && t.maxNs !== undefined) {
          measured = ours.latencyMs.median * 1e6;
          met = measured <= t.maxNs;
        } else if (ours && t.against === 'roofline') {
          // The paired measurement where there is one (run.js: timed alternately with a copy of
          // the same bytes between the same buffers), else against the roofline runs.
          const roof = rooflineMs(n);
          paired = ours.pairedPctRoofline;
          if (paired) measured = paired.median;
          else if (Number.isFinite(roof)) measured = (100 * roof) / ours.latencyMs.median;
          if (measured !== undefined) met = measured >= t.min;
        } else if (ours) {
          const other = find(kernel, n, t.against);
          if (other) {
            measured = other.latencyMs.median / ours.latencyMs.median;
            met = measured >= t.min;
          }
        }
        const check = { kernel, size: formatSize(n), n, measured, met };
        if (paired?.vsLoop) {
          check.vsLoop = paired.vsLoop.median;
          check.windows = paired.windows;
          check.uncontendedWindows = paired.uncontendedWindows;
          check.uncontended = paired.uncontended?.median;
          check.metUncontended = check.uncontended !== undefined && check.uncontended >= t.min;
        }
        checks.push(check);
      }
    }
    const measuredChecks = checks.filter((c) => c.met !== undefined);
    const complete = measuredChecks.length === checks.length;
    const verdict =
      measuredChecks.length === 0 ? 'not measured'
      : measuredChecks.every((c) => c.met) ? (complete ? 'MET' : 'met where measured')
      : measuredChecks.every((c) => c.met || c.metUncontended) ? (complete ? 'met uncontended' : 'met uncontended where measured')
      : 'MISSED';
    const unit = t.maxNs !== undefined ? 'ns' : t.against === 'roofline' ? '%' : 'x';
    return { goal: t.goal, unit, verdict, checks };
  });
}

/** One line per target: verdict, goal, and every measured check with its number. */
export function formatTarget(t) {
  const value = (c) => (t.unit === 'ns' ? `${c.measured.toFixed(0)} ns` : t.unit === '%' ? `${c.measured.toFixed(0)}%` : `${c.measured >= 10 ? c.measured.toFixed(1) : c.measured.toFixed(2)}x`);
  const uncontended = (c) =>
    c.vsLoop === undefined ? ''
    : `; ${c.uncontended === undefined ? `none of ${c.windows} windows uncontended` : `${c.uncontended.toFixed(0)}% in the ${c.uncontendedWindows} of ${c.windows} windows uncontended`}, ${c.vsLoop.toFixed(0)}% of the v128 copy loop`;
  const parts = t.checks.filter((c) => c.met !== undefined).map((c) => `${c.kernel} ${c.size} ${value(c)}${c.met ? '' : ` (missed${uncontended(c)})`}`);
  return `${t.verdict.padEnd(18)} ${t.goal}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
