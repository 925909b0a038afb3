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

/** Length of one window of paired rounds, in ms: short against the host's phases, which last seconds. */
export const PAIRED_WINDOW_MS = 100;
/**
 * A window counts as uncontended when the plain v128 copy loop ran at >= this fraction of
 * memmove in it. On this host the copy loop's speed relative to memmove at 16K is bimodal from one
 * second to the next in one process (101-104 % or 74-86 %), whatever runs on our own other core.
 */
export const UNCONTENDED_LOOP_VS_COPY = 0.95;

/**
 * Times a prepared case and a plain copy of the same bytes between the same buffers (a typed
 * array `set`, which V8 runs as memmove, the routine behind memory.copy) alternately, round after
 * round, each on fresh data. With `prepared.copyLoop(k)` (the identity kernel through the same
 * API: the same v128 loop with no arithmetic, the fastest any wasm SIMD128 kernel can stream)
 * each round times that too. The order rotates from round to round, and the first tenth of the
 * rounds is a warmup. This host's speed drifts by tens of percent over seconds (other guests share
 * the cores), so a ratio of two medians taken at different times varies from run to run; the three
 * timings of a round see the same conditions and, using the same buffers, the same cache state.
 *
 * Returns the per-round ratio time(copy) / time(case) over all rounds (median and quartiles), and
 * with a copy loop: the case against the loop, the loop against memmove, and the case against
 * memmove over the windows of PAIRED_WINDOW_MS where the loop kept up with memmove (uncontended).
 */
export function measurePaired(prepared, source, n, settings, { ms = 2 * settings.time } = {}) {
  const { reps, iterations } = settings;
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
  const contenders = [(k) => prepared.run(k), (k, inputs) => prepared.output(k).set(inputs[k])];
  if (prepared.copyLoop) contenders.push((k) => prepared.copyLoop(k));
  const rounds = [];
  const start = performance.now();
  for (let round = 0; round < 2 * iterations || performance.now() - start < ms; round++) {
    const t = new Array(contenders.length);
    for (let j = 0; j < contenders.length; j++) {
      const which = (round + j) % contenders.length;
      t[which] = timed(contenders[which]);
    }
    rounds.push({ at: performance.now() - start, tCase: t[0], tCopy: t[1], tLoop: t[2] });
  }
  const measured = rounds.slice(Math.floor(rounds.length / 10));
  const summary = (values) => {
    const sorted = values.sort((p, q) => p - q);
    return { median: quantile(sorted, 0.5), p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75) };
  };
  const result = { rounds: measured.length, ...summary(measured.map((r) => r.tCopy / r.tCase)) };
  if (!prepared.copyLoop) return result;
  const windows = new Map();
  for (const r of measured) {
    const w = Math.floor(r.at / PAIRED_WINDOW_MS);
    if (!windows.has(w)) windows.set(w, []);
    windows.get(w).push(r);
  }
  const uncontended = [...windows.values()].filter((rs) => summary(rs.map((r) => r.tCopy / r.tLoop)).median >= UNCONTENDED_LOOP_VS_COPY);
  const calm = uncontended.flat();
  return {
    ...result,
    /** Case against the v128 copy loop (time(loop) / time(case)). */
    vsLoop: summary(measured.map((r) => r.tLoop / r.tCase)),
    /** The v128 copy loop against memmove (time(copy) / time(loop)). */
    loopVsCopy: summary(measured.map((r) => r.tCopy / r.tLoop)),
    windows: windows.size,
    uncontendedWindows: uncontended.length,
    /** Case against memmove in the uncontended windows only (undefined when there were none). */
    uncontended: calm.length ? summary(calm.map((r) => r.tCopy / r.tCase)) : undefined,
  };
}

/** Prepares `impl` on `kcase` at n floats and measures it paired with a copy of the same bytes (see measurePaired). */
export async function measurePairedCase(impl, kcase, n, { dist = 'mixed', settings, ms }) {
  const prepared = await impl.prepare(kcase, n, settings.reps);
  try {
    return measurePaired(prepared, pool(dist, kcase.scale ?? 1, n), n, settings, { ms });
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
