// The measurement core, shared by the main process and by child processes that host peer
// libraries: random input pools, per-size settings, one tinybench task per case, statistics.
//
// A measured case is (implementation, kernel case, size, data distribution). Its task function
// calls the implementation `reps` times on `reps` distinct input/output pairs and times the batch
// itself (a batch keeps the timer's own cost small at small n); before every batch, outside the
// timed region, tinybench's beforeEach hook refills every input from a pool of random floats at a
// random offset, so the data changes from sample to sample and no branch predictor can learn it.
import { Bench, calibrateTimerOverhead, hrtimeNowTimestampProvider } from 'tinybench';

/** Parses "1K", "16k", "4M", "1000": K = 1024, M = 1024 * 1024. */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(text).trim());
  if (!m) throw new Error(`bad size '${text}' (expected e.g. 1K, 16K, 1M, 4096)`);
  const n = Math.round(Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]) ? 1024 : 1024 * 1024));
  if (!(n >= 1)) throw new Error(`bad size '${text}'`);
  return n;
}

export function formatSize(n) {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n >> 20}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n >> 10}K`;
  return String(n);
}

/**
 * Per-size measurement settings. `reps` distinct input/output pairs per timed batch keep a batch
 * >= ~4 us at small n while the working set (reps * 8n bytes) stays inside L2. The warmup is
 * sized so every task runs its code many times before measuring: wasm tiers up from Liftoff to
 * TurboFan and JS loops to TurboFan early (and the run primes every function before any task),
 * so the per-task warmup mostly faults in pages and settles caches.
 */
export function settingsFor(n, { timeScale = 1 } = {}) {
  const reps = Math.max(1, Math.min(16, Math.floor(32768 / n)));
  const time = n <= 16384 ? 200 : n <= 262144 ? 250 : n <= 1 << 20 ? 300 : 400;
  const warmupTime = n <= 262144 ? 80 : 120;
  const warmupIterations = n <= 16384 ? 50 : n <= 262144 ? 20 : 5;
  const iterations = n <= 262144 ? 50 : 15;
  return {
    reps,
    time: time * timeScale,
    warmupTime: warmupTime * timeScale,
    warmupIterations: Math.max(3, Math.round(warmupIterations * Math.min(1, timeScale))),
    iterations: Math.max(5, Math.round(iterations * Math.min(1, timeScale))),
  };
}

/** Data distributions: uniform in [-s, s) (half negative), [0, s) or (-s, 0]. */
export const DISTRIBUTIONS = {
  mixed: (u, s) => (u * 2 - 1) * s,
  positive: (u, s) => u * s,
  negative: (u, s) => -u * s,
};

const pools = new Map();
/** Extra pool length beyond the largest n, so that even the largest n has many distinct offsets. */
const POOL_SLACK = 1 << 16;

/** A pool of random floats for (distribution, scale) long enough for `n` floats at many offsets. */
export function pool(dist, scale, n) {
  const key = `${dist}:${scale}`;
  let p = pools.get(key);
  if (p === undefined || p.length < n + POOL_SLACK) {
    const make = DISTRIBUTIONS[dist];
    if (!make) throw new Error(`unknown distribution '${dist}'`);
    p = new Float32Array(Math.max(n, p?.length ?? 0) + POOL_SLACK);
    for (let i = 0; i < p.length; i++) p[i] = make(Math.random(), scale);
    pools.set(key, p);
  }
  return p;
}

/** Refills each view with n random floats from `source` at a random offset. */
export function refill(views, source, n) {
  const span = source.length - n;
  for (const view of views) {
    const at = Math.floor(Math.random() * (span + 1));
    view.set(source.subarray(at, at + n));
  }
}

/** The p-th quantile (0..1) of sorted samples, linearly interpolated. */
export function quantile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Compares an output with the reference output: undefined when equal within tolerance, else a message. */
export function mismatch(got, want, input) {
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    if (Math.abs(a - b) <= 1e-6 + 1e-6 * Math.abs(b)) continue;
    return `element ${i}: x = ${input[i]}, got ${a}, expected ${b}`;
  }
  return undefined;
}

const hr = hrtimeNowTimestampProvider;
let timerOverheadMs;
/** The cost of one pair of timer reads, subtracted from every timed batch. */
export function timerOverhead() {
  timerOverheadMs ??= calibrateTimerOverhead(hr, { estimator: 'median', pairs: 4096, warmupPairs: 256 });
  return timerOverheadMs;
}

/**
 * Calls every rep of a prepared case for at least `ms` milliseconds and `minCalls` batches, on
 * fresh data: runs each function through the tiers before any measurement. With `async`, each
 * run(k) returns a promise and is awaited.
 */
export async function prime(prepared, source, n, reps, { ms = 40, minCalls = 30, async: isAsync = false } = {}) {
  const start = performance.now();
  for (let i = 0; i < minCalls || performance.now() - start < ms; i++) {
    if (i % 8 === 0) refill(prepared.inputs(), source, n);
    if (isAsync) for (let k = 0; k < reps; k++) await prepared.run(k);
    else for (let k = 0; k < reps; k++) prepared.run(k);
  }
}

/**
 * Measures one prepared case with tinybench: one Bench per case, so the case's warmup runs right
 * before its measurement. Returns latency statistics per call (ms) and throughput (G elem/s).
 * `prepared` is `{ inputs(): Float32Array[], run(k): void }`; `source` the pool to refill from.
 * With `async`, run(k) returns a promise: the timed batch awaits each run in turn.
 */
export async function measure(name, prepared, source, n, settings, { retainSamples = false, async: isAsync = false } = {}) {
  const { reps, time, warmupTime, warmupIterations, iterations } = settings;
  const overhead = timerOverhead();
  const now = hr.fn;
  const toMs = hr.toMs;
  const run = prepared.run;
  const bench = new Bench({
    name,
    time,
    iterations,
    warmup: true,
    warmupTime,
    warmupIterations,
    timestampProvider: hr,
    retainSamples: true,
    throws: true,
  });
  bench.add(
    name,
    isAsync
      ? async () => {
          const t0 = now();
          for (let k = 0; k < reps; k++) await run(k);
          const raw = toMs(now() - t0);
          return { overriddenDuration: Math.max(raw - overhead, 0) / reps, overriddenIterationCost: raw };
        }
      : () => {
          const t0 = now();
          for (let k = 0; k < reps; k++) run(k);
          const raw = toMs(now() - t0);
          return { overriddenDuration: Math.max(raw - overhead, 0) / reps, overriddenIterationCost: raw };
        },
    {
      async: isAsync,
      beforeEach() {
        refill(prepared.inputs(), source, n);
      },
    },
  );
  const wallStart = performance.now();
  await bench.run();
  const wallMs = performance.now() - wallStart;
  const task = bench.tasks[0];
  const result = task.result;
  if (result.state !== 'completed') {
    throw new Error(`${name}: tinybench task ended in state '${result.state}'${result.error ? `: ${result.error.message}` : ''}`);
  }
  const latency = result.latency;
  const sorted = latency.samples;
  const p25 = quantile(sorted, 0.25);
  const p50 = quantile(sorted, 0.5);
  const p75 = quantile(sorted, 0.75);
  const gelem = (ms) => n / (ms * 1e6);
  return {
    samples: latency.samplesCount,
    reps,
    wallMs,
    latencyMs: {
      median: p50,
      p25,
      p75,
      min: latency.min,
      max: latency.max,
      mean: latency.mean,
      sd: latency.sd,
      rme: latency.rme,
    },
    // Throughput per sample is n / latency, so its p25 comes from the latency p75 and vice versa.
    gElemPerS: { median: gelem(p50), p25: gelem(p75), p75: gelem(p25), best: gelem(latency.min) },
    /** Half the interquartile range relative to the median, in percent. */
    spreadPct: (100 * (p75 - p25)) / 2 / p50,
    ...(retainSamples ? { latencySamplesMs: Array.from(sorted) } : {}),
  };
}

/**
 * Times a prepared case and a plain copy of the same bytes between the same buffers (a typed
 * array `set`, which V8 runs as memmove, the routine behind memory.copy) alternately, round after
 * round, each on fresh data, and returns the per-round ratio time(copy) / time(case): its median
 * and quartiles. This host's speed drifts by tens of percent over seconds (other guests share the
 * cores), so a ratio of two medians taken at different times varies from run to run; both sides
 * of a round see the same conditions and, using the same buffers, the same cache state. The order
 * alternates from round to round, and the first tenth of the rounds is a warmup.
 */
export function measurePaired(prepared, source, n, settings) {
  const { reps, time, iterations } = settings;
  const overhead = timerOverhead();
  const now = hr.fn;
  const toMs = hr.toMs;
  const timed = (run) => {
    const inputs = prepared.inputs();
    refill(inputs, source, n);
    const t0 = now();
    for (let k = 0; k < reps; k++) run(k, inputs);
    return Math.max(toMs(now() - t0) - overhead, 1e-9);
  };
  const runCase = (k) => prepared.run(k);
  const runCopy = (k, inputs) => prepared.output(k).set(inputs[k]);
  const ratios = [];
  const start = performance.now();
  for (let round = 0; round < 2 * iterations || performance.now() - start < 2 * time; round++) {
    let tCase;
    let tCopy;
    if (round % 2 === 0) {
      tCase = timed(runCase);
      tCopy = timed(runCopy);
    } else {
      tCopy = timed(runCopy);
      tCase = timed(runCase);
    }
    ratios.push(tCopy / tCase);
  }
  const measured = ratios.slice(Math.floor(ratios.length / 10)).sort((p, q) => p - q);
  return { rounds: measured.length, median: quantile(measured, 0.5), p25: quantile(measured, 0.25), p75: quantile(measured, 0.75) };
}

/** Prepares `impl` on `kcase` at n floats and measures it paired with a copy of the same bytes (see measurePaired). */
export async function measurePairedCase(impl, kcase, n, { dist = 'mixed', settings }) {
  const prepared = await impl.prepare(kcase, n, settings.reps);
  try {
    return measurePaired(prepared, pool(dist, kcase.scale ?? 1, n), n, settings);
  } finally {
    prepared.dispose();
  }
}

const primed = new Set();
/** Gives background (TurboFan) compilation jobs a moment to finish and install their code. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Prepares, validates and measures one case: `impl` (see suite.js) on `kcase` at n floats of
 * distribution `dist`. The first time an (implementation, kernel) pair is seen it is primed at a
 * small n so every function involved is optimized before anything is measured. The outputs of
 * the first batch are checked against `reference(x, y)` (the JS loop; undefined: not checked).
 * An implementation with `async: true` (a peer whose API is asynchronous, e.g. ORT's session.run)
 * may return a promise from prepare() and from run(k); each is awaited, in the timed batch too.
 */
/**
 * Fewer minimum iterations for very slow calls (a JS-backend softmax of 16M floats takes seconds):
 * at least 5 samples, and the minimum count no longer than about 3 time budgets. The median of
 * such few samples is reported with its spread like any other.
 */
function capIterations(settings, callMs) {
  const affordable = Math.floor((3 * settings.time) / Math.max(callMs, 1e-6));
  if (affordable >= settings.iterations) return settings;
  return { ...settings, iterations: Math.max(5, affordable), warmupIterations: Math.min(settings.warmupIterations, 2) };
}

export async function measureCase(impl, kcase, n, { dist = 'mixed', settings, reference, name, retainSamples = false }) {
  const scale = kcase?.scale ?? 1;
  const key = `${impl.id}/${kcase?.id ?? '-'}/${dist}`;
  const isAsync = impl.async === true;
  if (!primed.has(key)) {
    primed.add(key);
    const small = 4096;
    const p = await impl.prepare(kcase, small, 2);
    try {
      await prime(p, pool(dist, scale, small), small, 2, { ms: 60, minCalls: 300, async: isAsync });
    } finally {
      p.dispose();
    }
    await settle();
  }
  const source = pool(dist, scale, n);
  const prepared = await impl.prepare(kcase, n, settings.reps);
  try {
    let check = 'not checked (no reference)';
    refill(prepared.inputs(), source, n);
    const firstStart = performance.now();
    for (let k = 0; k < settings.reps; k++) await prepared.run(k);
    const firstCallMs = (performance.now() - firstStart) / settings.reps;
    if (reference) {
      const inputs = prepared.inputs();
      // An along-axis case may write fewer floats than it reads (glu halves its rows).
      const want = new Float32Array(kcase?.outLength ? kcase.outLength(n) : n);
      for (let k = 0; k < settings.reps; k++) {
        reference(inputs[k], want);
        const bad = mismatch(prepared.output(k), want, inputs[k]);
        if (bad) throw new Error(`${name}: output differs from the JS reference at ${bad}`);
      }
      check = 'matches the JS reference';
    }
    const stats = await measure(name, prepared, source, n, capIterations(settings, firstCallMs), { retainSamples, async: isAsync });
    return { ...stats, check };
  } finally {
    prepared.dispose();
  }
}
