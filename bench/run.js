// The benchmark: implementations x kernel cases x sizes, each measured with tinybench against a
// memory.copy roofline of the same bytes in the same run. `npm run bench` builds, then runs this.
//
//   node bench/run.js [--full | --all] [--kernel=leakyRelu,relu] [--size=16K,1M] [--impl=simd,tfjs-wasm]
//                     [--quick | --time-scale=X] [--no-sign-check] [--details] [--raw] [--no-save]
//
// Prints a table to stdout (progress goes to stderr) and writes bench/results/latest.json (every
// number, machine info), bench/results/latest.md (the tables, for the README) and SVG charts in
// bench/results/latest-charts/ (full.* and full-charts/ for a --full run).
// What the cases, implementations and sizes are lives in lib/suite.js; how one case is measured
// in lib/harness.js; peer libraries in child processes in lib/child.js and peers/; the targets
// in lib/targets.js; the charts in lib/charts.js.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { writeCharts } from './lib/charts.js';
import { childProcess } from './lib/child.js';
import { PAIRED_WINDOW_MS, UNCONTENDED_LOOP_VS_COPY, formatSize, measureCase, measurePairedCase, parseSize, settingsFor, timerOverhead } from './lib/harness.js';
import { KERNEL_CASES, implementations, referenceOf, rooflineImplementation } from './lib/suite.js';
import { TARGETS, evaluateTargets, formatTarget } from './lib/targets.js';

/** Peer libraries, each hosted in a child process of its own (tfjs holds one backend per process). */
const PEERS = [
  { id: 'tfjs-wasm', label: 'tfjs-wasm', module: 'tfjs-wasm.js' },
  { id: 'tfjs-wasm-rt', label: 'tfjs-wasm RT', module: 'tfjs-wasm-roundtrip.js' },
  { id: 'tfjs-cpu', label: 'tfjs-cpu', module: 'tfjs-cpu.js' },
  { id: 'tfjs-cpu-rt', label: 'tfjs-cpu RT', module: 'tfjs-cpu-roundtrip.js' },
  { id: 'ort-web', label: 'ORT-web', module: 'onnxruntime-web.js' },
];

/**
 * What a run measures. The quick default (a few minutes): the kernels users ask about most
 * against the main peers at three sizes. --full: every kernel case, implementation and size.
 */
const PLANS = {
  quick: {
    kernels: ['leakyRelu', 'relu', 'prelu-c64', 'prelu-1', 'sigmoid', 'tanh', 'elu', 'softmax'],
    sizes: ['16', '16K', '1M'],
    impls: ['simd', 'simd-copy', 'scalar', 'js', 'tfjs-wasm', 'tfjs-wasm-rt', 'ort-web'],
  },
  full: {
    sizes: ['16', '1K', '16K', '256K', '1M', '4M', '16M'],
  },
};
/**
 * Diagnostics left out of --full (select them with --impl): the raw export (the API's cost), the
 * select-free JS variant and the JS loop hosted in a child process (a self-test of the peer path).
 */
const NOT_IN_FULL = ['simd-raw', 'js-abs', 'js-child'];
/** Kernels whose select could compile to a branch: the ones the sign-sensitivity check covers. */
const SIGN_KERNELS = ['leakyRelu', 'relu', 'relu6', 'thresholdedRelu', 'hardSigmoid', 'prelu-c64', 'prelu-1'];

const HELP = `Usage: npm run bench -- [options]    (or: node bench/run.js [options] after npm run build)

  --full              every kernel case and size (${PLANS.full.sizes.join(', ')}), every implementation
                      but the diagnostics ${NOT_IN_FULL.join(', ')}
  --all               every kernel case (with the default sizes and implementations)
  --kernel=a,b        kernel cases by id: ${KERNEL_CASES.map((k) => k.id).join(', ')}
                      ('prelu' selects both prelu cases); default: ${PLANS.quick.kernels.join(', ')}
  --size=16K,1M       sizes in floats (K = 1024, M = 1024^2); default: ${PLANS.quick.sizes.join(', ')}
  --impl=a,b          implementations: simd, simd-copy, scalar, scalar-copy, simd-raw, js, js-abs,
                      ${PEERS.map((p) => p.id).join(', ')}, js-child
                      (RT = the peer's round trip: tensor from a Float32Array, op, read back;
                      js-child: the JS loop hosted in a child process, to exercise the peer path);
                      default: ${PLANS.quick.impls.join(', ')}. The memory.copy roofline is always measured.
  --quick             short time budgets (x0.2): a smoke test, not a measurement
  --time-scale=X      multiply every time budget by X
  --no-sign-check     skip the random-sign vs all-positive vs all-negative comparison at 16K
  --details           also print the per-implementation detail table
  --raw               keep every latency sample in latest.json
  --no-save           do not write bench/results/latest.{json,md} (full.{json,md} with --full) and the charts
  --help              this text
`;

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = {
    all: false,
    full: false,
    kernels: undefined,
    sizes: undefined,
    impls: undefined,
    timeScale: 1,
    signCheck: true,
    details: false,
    raw: false,
    save: true,
  };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const need = () => {
      if (value === undefined || value === '') throw new UsageError(`${key} needs a value (${key}=...)`);
      return value;
    };
    switch (key) {
      case '--all': opts.all = true; break;
      case '--full': opts.full = true; break;
      case '--kernel': case '--kernels': opts.kernels = list(need()); break;
      case '--size': case '--sizes': opts.sizes = list(need()); break;
      case '--impl': case '--impls': opts.impls = list(need()); break;
      case '--quick': opts.timeScale = 0.2; break;
      case '--time-scale': opts.timeScale = Number(need()); if (!(opts.timeScale > 0)) throw new UsageError('--time-scale must be > 0'); break;
      case '--no-sign-check': opts.signCheck = false; break;
      case '--details': opts.details = true; break;
      case '--raw': opts.raw = true; break;
      case '--no-save': opts.save = false; break;
      case '--help': case '-h': opts.help = true; break;
      default: throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return opts;
}

function selectKernels(opts) {
  if (opts.all && opts.kernels) throw new UsageError('give --all or --kernel, not both');
  if (opts.all || (opts.full && !opts.kernels)) return KERNEL_CASES;
  const wanted = opts.kernels ?? PLANS.quick.kernels;
  const picked = [];
  for (const id of wanted) {
    const matches = KERNEL_CASES.filter((k) => k.id === id || k.kernel === id);
    if (matches.length === 0) throw new UsageError(`unknown kernel '${id}'; known: ${KERNEL_CASES.map((k) => k.id).join(', ')}`);
    for (const m of matches) if (!picked.includes(m)) picked.push(m);
  }
  return KERNEL_CASES.filter((k) => picked.includes(k));
}

function selectImplementations(opts) {
  const all = [
    ...implementations(),
    ...PEERS.map((p) => childProcess({ id: p.id, label: p.label, module: new URL(`./peers/${p.module}`, import.meta.url) })),
    childProcess({ id: 'js-child', label: 'JS (child)', builtin: 'js', description: 'the JS loop, hosted in a child process' }),
  ];
  const wanted = opts.impls ?? (opts.full ? all.filter((i) => !NOT_IN_FULL.includes(i.id)).map((i) => i.id) : PLANS.quick.impls);
  for (const id of wanted) {
    if (!all.some((i) => i.id === id)) throw new UsageError(`unknown implementation '${id}'; known: ${all.map((i) => i.id).join(', ')}`);
  }
  return all.filter((i) => wanted.includes(i.id));
}

// ---------------------------------------------------------------------------------------------
// Formatting.

const BYTES_PER_ELEMENT = 8; // 4 read + 4 written: the least any out-of-place kernel must move

const fmtG = (g) => (g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g >= 1 ? g.toFixed(2) : g.toFixed(3));
const fmtPct = (p) => `${p >= 99.5 ? p.toFixed(0) : p.toFixed(p >= 10 ? 0 : 1)}%`;
const fmtX = (r) => `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
const fmtSpread = (s) => `±${s < 10 ? s.toFixed(1) : s.toFixed(0)}%`;
/**
 * How long each roofline target's case is timed paired with copies (see measurePaired), in ms at
 * time scale 1: long enough to span several of this host's phases, which last seconds.
 */
const PAIRED_MS = 4000;

/** measurePaired's ratios as percentages of the roofline (or, vsLoop, of the v128 copy loop). */
function pairedPercentages(p) {
  const pct = (q) => q && { median: 100 * q.median, p25: 100 * q.p25, p75: 100 * q.p75 };
  const withLoop = p.vsLoop
    ? { vsLoop: pct(p.vsLoop), loopVsCopy: pct(p.loopVsCopy), windows: p.windows, uncontendedWindows: p.uncontendedWindows, uncontended: pct(p.uncontended) }
    : {};
  return { ...pct(p), rounds: p.rounds, ...withLoop };
}

function describePaired(p) {
  const all = `${fmtPct(p.median)} of the roofline (p25-p75 ${fmtPct(p.p25)}-${fmtPct(p.p75)}, ${p.rounds} rounds)`;
  if (!p.vsLoop) return all;
  return `${all}, ${fmtPct(p.vsLoop.median)} of the v128 copy loop (itself ${fmtPct(p.loopVsCopy.median)} of memmove); ` +
    `uncontended in ${p.uncontendedWindows} of ${p.windows} windows${p.uncontended ? `, ${fmtPct(p.uncontended.median)} of the roofline there` : ''}`;
}

const elapsed = (ms) => `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

function textTable(header, rows, align) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, c) => (align[c] === 'l' ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function mdTable(header, rows, align) {
  const sep = align.map((a) => (a === 'l' ? ':--' : '--:'));
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function machineInfo() {
  const cpus = os.cpus();
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  const tinybench = JSON.parse(await readFile(new URL('../node_modules/tinybench/package.json', import.meta.url), 'utf8'));
  let commit;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    commit = undefined;
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    cpuMHz: cpus[0]?.speed,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    tinybench: tinybench.version,
    package: `${pkg.name}@${pkg.version}`,
    commit,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const kernels = selectKernels(opts);
  let sizes;
  try {
    sizes = (opts.sizes ?? (opts.full ? PLANS.full.sizes : PLANS.quick.sizes)).map(parseSize);
  } catch (e) {
    throw new UsageError(e.message);
  }
  const impls = selectImplementations(opts);
  const roofline = rooflineImplementation();
  const copyAdjacent = rooflineImplementation({ layout: 'adjacent' });
  const log = (s) => process.stderr.write(`${s}\n`);

  const machine = await machineInfo();
  const loadBefore = os.loadavg();
  log(`simd-activations benchmark: ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, tinybench ${machine.tinybench}`);
  log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  if (loadBefore[0] > 0.5) log(`warning: the machine is busy (1-min load ${loadBefore[0].toFixed(2)}); numbers will be noisy`);
  if (opts.timeScale !== 1) log(`time budgets scaled by ${opts.timeScale}${opts.timeScale < 1 ? ' (smoke test: not a measurement)' : ''}`);

  const started = performance.now();
  await roofline.init();
  await copyAdjacent.init();
  for (const impl of impls) {
    log(`starting ${impl.label}`);
    await impl.init();
  }
  log(`timer: ${(timerOverhead() * 1e6).toFixed(0)} ns per pair of reads (subtracted from every timed batch)`);

  // The plan, counted up front for the progress display.
  const SIGN_N = 16384;
  const SIGN_IMPLS = ['simd', 'scalar', 'js', 'js-abs'];
  const SIGN_DISTS = ['mixed', 'positive', 'negative'];
  const signImpls = opts.signCheck ? impls.filter((i) => SIGN_IMPLS.includes(i.id)) : [];
  const signKernels = kernels.filter((k) => SIGN_KERNELS.includes(k.id));
  const fits = (kcase, n) => {
    if (n % kcase.multipleOf !== 0) return false;
    try {
      kcase.shapeOf?.(n);
      return true;
    } catch {
      return false;
    }
  };
  let total = 0;
  for (const n of sizes) {
    total += 3;
    for (const kcase of kernels) if (fits(kcase, n)) total += impls.filter((i) => i.supports(kcase)).length;
  }
  for (const kcase of signKernels) total += SIGN_DISTS.length * signImpls.filter((i) => i.supports(kcase)).length;
  // The roofline targets' cases are also timed paired with a copy of their own bytes (see measurePaired).
  const pairedAt = (n) =>
    TARGETS.filter((t) => t.against === 'roofline' && t.sizes.includes(n)).flatMap((t) =>
      kernels
        .filter((kcase) => t.kernels.includes(kcase.id) && fits(kcase, n))
        .flatMap((kcase) => impls.filter((i) => i.id === t.impl && i.supports(kcase)).map((impl) => ({ impl, kcase }))),
    );
  for (const n of sizes) total += pairedAt(n).length;
  let done = 0;
  const errors = [];

  const runOne = async (impl, kcase, n, dist, settings, label) => {
    const name = `${label} ${formatSize(n)} ${kcase ? kcase.id : ''} ${impl.id}${dist === 'mixed' ? '' : ` [${dist}]`}`;
    const options = { dist, settings, name, retainSamples: opts.raw };
    let stats;
    let error;
    try {
      stats = impl.measure
        ? await impl.measure(kcase, n, options)
        : await measureCase(impl, kcase, n, { ...options, reference: kcase ? referenceOf(kcase) : (x, y) => y.set(x) });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      errors.push(`${name}: ${error}`);
    }
    done++;
    const head = `[${String(done).padStart(String(total).length)}/${total} ${elapsed(performance.now() - started)}]`;
    const what = `${formatSize(n).padStart(4)} ${(kcase ? kcase.id : 'roofline').padEnd(15)} ${impl.label.padEnd(12)}${dist === 'mixed' ? '' : ` ${dist}`}`;
    log(
      error
        ? `${head} ${what} ERROR ${error.split('\n')[0]}`
        : `${head} ${what} ${fmtG(stats.gElemPerS.median).padStart(7)} G elem/s ${fmtSpread(stats.spreadPct).padStart(6)}  ` +
            `${(stats.gElemPerS.median * BYTES_PER_ELEMENT).toFixed(1).padStart(6)} GB/s  ${stats.samples} samples`,
    );
    return stats ? { ...stats } : { error };
  };

  const results = [];
  const rooflines = [];
  for (const n of sizes) {
    const settings = settingsFor(n, { timeScale: opts.timeScale });
    const pre = await runOne(roofline, null, n, 'mixed', settings, 'roofline-pre');
    const adjacent = await runOne(copyAdjacent, null, n, 'mixed', settings, 'copy-adjacent');
    for (const kcase of kernels) {
      if (!fits(kcase, n)) {
        log(`skipping ${kcase.id} at n = ${n}: no shape of this case has n elements`);
        continue;
      }
      for (const impl of impls) {
        if (!impl.supports(kcase)) continue;
        const stats = await runOne(impl, kcase, n, 'mixed', settings, 'case');
        results.push({ kernel: kcase.id, size: formatSize(n), n, impl: impl.id, dist: 'mixed', ...stats });
      }
    }
    const post = await runOne(roofline, null, n, 'mixed', settings, 'roofline-post');
    for (const { impl, kcase } of pairedAt(n)) {
      const row = results.find((r) => r.kernel === kcase.id && r.n === n && r.impl === impl.id && !r.error);
      if (!row) continue;
      let paired;
      try {
        paired = await measurePairedCase(impl, kcase, n, { settings, ms: PAIRED_MS * opts.timeScale });
      } catch (e) {
        errors.push(`paired ${formatSize(n)} ${kcase.id} ${impl.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
      done++;
      const head = `[${String(done).padStart(String(total).length)}/${total} ${elapsed(performance.now() - started)}]`;
      const what = `${formatSize(n).padStart(4)} ${kcase.id.padEnd(15)} ${impl.label} paired with a copy of its bytes:`;
      if (!paired) {
        log(`${head} ${what} ERROR`);
        continue;
      }
      // Copy time / kernel time, per round, on the same buffers: % of the roofline.
      row.pairedPctRoofline = pairedPercentages(paired);
      log(`${head} ${what} ${describePaired(row.pairedPctRoofline)}`);
    }
    const ok = [pre, post].filter((s) => !s.error);
    const medianMs = ok.length ? Math.min(...ok.map((s) => s.latencyMs.median)) : NaN;
    rooflines.push({
      size: formatSize(n),
      n,
      settings,
      pre,
      post,
      // The faster of the two runs: the conservative denominator for "% of roofline".
      medianMs,
      gbPerS: (n * BYTES_PER_ELEMENT) / (medianMs * 1e6),
      driftPct: ok.length === 2 ? (100 * Math.abs(pre.latencyMs.median - post.latencyMs.median)) / medianMs : undefined,
      // memory.copy between adjacently allocated buffers (a diagnostic, not the roofline).
      adjacent,
      adjacentPct: adjacent.error || !ok.length ? undefined : (100 * medianMs) / adjacent.latencyMs.median,
    });
  }

  const signResults = [];
  if (signImpls.length) {
    const settings = settingsFor(SIGN_N, { timeScale: opts.timeScale * 0.75 });
    for (const kcase of signKernels) {
      if (!fits(kcase, SIGN_N)) continue;
      for (const impl of signImpls) {
        if (!impl.supports(kcase)) continue;
        for (const dist of SIGN_DISTS) {
          const stats = await runOne(impl, kcase, SIGN_N, dist, settings, 'sign');
          signResults.push({ kernel: kcase.id, size: formatSize(SIGN_N), n: SIGN_N, impl: impl.id, dist, ...stats });
        }
      }
    }
  }

  for (const impl of impls) await impl.close?.();
  const loadAfter = os.loadavg();
  const durationS = (performance.now() - started) / 1000;

  // ---- derived numbers
  const roofOf = (n) => rooflines.find((r) => r.n === n);
  for (const r of results) {
    if (r.error) continue;
    r.gbPerS = r.gElemPerS.median * BYTES_PER_ELEMENT;
    r.pctRoofline = (100 * roofOf(r.n).medianMs) / r.latencyMs.median;
  }
  const find = (kernel, n, impl) => results.find((r) => r.kernel === kernel && r.n === n && r.impl === impl && !r.error);
  const ratio = (kernel, n, a, b) => {
    const ra = find(kernel, n, a);
    const rb = find(kernel, n, b);
    return ra && rb ? rb.latencyMs.median / ra.latencyMs.median : undefined;
  };
  const rows = [];
  for (const kcase of kernels) {
    for (const n of sizes) {
      if (!fits(kcase, n)) continue;
      const cells = {};
      for (const impl of impls) {
        const r = results.find((x) => x.kernel === kcase.id && x.n === n && x.impl === impl.id);
        if (r) cells[impl.id] = r.error ? { error: r.error } : { gElemPerS: r.gElemPerS.median, spreadPct: r.spreadPct, pctRoofline: r.pctRoofline, pairedPctRoofline: r.pairedPctRoofline?.median };
      }
      rows.push({
        kernel: kcase.id,
        label: kcase.label,
        size: formatSize(n),
        n,
        rooflineGBps: roofOf(n).gbPerS,
        cells,
        simdOverScalar: ratio(kcase.id, n, 'simd', 'scalar'),
        simdCopyOverScalarCopy: ratio(kcase.id, n, 'simd-copy', 'scalar-copy'),
        // Against the faster of the two JS loops: the conservative ratio.
        simdOverJs: (() => {
          const rs = [ratio(kcase.id, n, 'simd', 'js'), ratio(kcase.id, n, 'simd', 'js-abs')].filter((r) => r !== undefined);
          return rs.length ? Math.min(...rs) : undefined;
        })(),
        simdOverJsTernary: ratio(kcase.id, n, 'simd', 'js'),
        simdOverJsAbs: ratio(kcase.id, n, 'simd', 'js-abs'),
        apiOverheadPct: (() => {
          const raw = find(kcase.id, n, 'simd-raw');
          const api = find(kcase.id, n, 'simd');
          return raw && api ? (100 * (api.latencyMs.median - raw.latencyMs.median)) / api.latencyMs.median : undefined;
        })(),
      });
    }
  }

  // ---- targets (from the issues): measured, never adjusted
  const targets = evaluateTargets(results, (n) => roofOf(n)?.medianMs);

  // ---- tables
  const implCols = impls.map((i) => i.label);
  const anyPaired = rows.some((row) => row.cells.simd?.pairedPctRoofline !== undefined);
  const summaryHeader = ['kernel', 'n', ...implCols, 'copy GB/s', 'SIMD %roof', ...(anyPaired ? ['paired'] : []), 'SIMD/scalar', 'SIMD/JS'];
  const summaryAlign = ['l', 'r', ...implCols.map(() => 'r'), 'r', 'r', ...(anyPaired ? ['r'] : []), 'r', 'r'];
  const summaryRows = rows.map((row) => [
    row.label,
    row.size,
    ...impls.map((i) => {
      const c = row.cells[i.id];
      return c === undefined ? '-' : c.error ? 'ERROR' : `${fmtG(c.gElemPerS)} ${fmtSpread(c.spreadPct)}`;
    }),
    Number.isFinite(row.rooflineGBps) ? row.rooflineGBps.toFixed(1) : '-',
    row.cells.simd?.pctRoofline !== undefined ? fmtPct(row.cells.simd.pctRoofline) : '-',
    ...(anyPaired ? [row.cells.simd?.pairedPctRoofline !== undefined ? fmtPct(row.cells.simd.pairedPctRoofline) : '-'] : []),
    row.simdOverScalar !== undefined ? fmtX(row.simdOverScalar) : '-',
    row.simdOverJs !== undefined ? fmtX(row.simdOverJs) : '-',
  ]);

  // The paired measurements in full: against memmove, against the v128 copy loop, and by host phase.
  const pairedHeader = ['kernel', 'n', '% of memmove', 'p25-p75', '% of v128 copy loop', 'loop % of memmove', 'uncontended windows', '% of memmove uncontended'];
  const pairedAlign = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const pairedRows = rows.flatMap((row) => {
    const p = find(row.kernel, row.n, 'simd')?.pairedPctRoofline;
    if (!p) return [];
    return [[row.label, row.size, fmtPct(p.median), `${fmtPct(p.p25)}-${fmtPct(p.p75)}`,
      p.vsLoop ? fmtPct(p.vsLoop.median) : '-', p.loopVsCopy ? fmtPct(p.loopVsCopy.median) : '-',
      p.windows ? `${p.uncontendedWindows}/${p.windows}` : '-', p.uncontended ? fmtPct(p.uncontended.median) : '-']];
  });

  const detailHeader = ['kernel', 'n', 'implementation', 'G elem/s', 'p25-p75', 'best', 'GB/s', '% roof', 'samples', 'reps'];
  const detailAlign = ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const detailRows = [];
  for (const n of sizes) {
    const roof = roofOf(n);
    for (const [which, s] of [['roofline (pre)', roof.pre], ['roofline (post)', roof.post], ['adjacent buffers', roof.adjacent]]) {
      if (s.error) continue;
      detailRows.push(['memory.copy', formatSize(n), which, fmtG(s.gElemPerS.median), `${fmtG(s.gElemPerS.p25)}-${fmtG(s.gElemPerS.p75)}`,
        fmtG(s.gElemPerS.best), (s.gElemPerS.median * BYTES_PER_ELEMENT).toFixed(1), fmtPct((100 * roof.medianMs) / s.latencyMs.median), s.samples, s.reps]);
    }
    for (const kcase of kernels) {
      for (const impl of impls) {
        const r = results.find((x) => x.kernel === kcase.id && x.n === n && x.impl === impl.id);
        if (!r) continue;
        detailRows.push(r.error
          ? [kcase.label, formatSize(n), impl.label, 'ERROR', '', '', '', '', '', '']
          : [kcase.label, formatSize(n), impl.label, fmtG(r.gElemPerS.median), `${fmtG(r.gElemPerS.p25)}-${fmtG(r.gElemPerS.p75)}`,
              fmtG(r.gElemPerS.best), r.gbPerS.toFixed(1), fmtPct(r.pctRoofline), r.samples, r.reps]);
      }
    }
  }

  const signHeader = ['kernel', 'implementation', 'mixed signs', 'all positive', 'all negative', 'mixed slowdown'];
  const signAlign = ['l', 'l', 'r', 'r', 'r', 'r'];
  const signRows = [];
  const signSummary = [];
  for (const kcase of kernels) {
    for (const impl of signImpls) {
      const get = (dist) => signResults.find((r) => r.kernel === kcase.id && r.impl === impl.id && r.dist === dist && !r.error);
      const [m, p, q] = SIGN_DISTS.map(get);
      if (!m && !p && !q) continue;
      const cell = (r) => (r ? `${fmtG(r.gElemPerS.median)} ${fmtSpread(r.spreadPct)}` : '-');
      const rel = m && p ? p.latencyMs.median / m.latencyMs.median : undefined;
      signRows.push([kcase.label, impl.label, cell(m), cell(p), cell(q), rel !== undefined ? fmtX(1 / rel) : '-']);
      // mixedSlowdown: median time on mixed signs / median time on all-positive data.
      signSummary.push({ kernel: kcase.id, impl: impl.id, mixed: m?.gElemPerS.median, positive: p?.gElemPerS.median, negative: q?.gElemPerS.median, mixedSlowdown: rel !== undefined ? 1 / rel : undefined });
    }
  }

  const targetLines = targets.map(formatTarget);

  // Ours against each peer: zero-copy SIMD over the peer's op on a resident tensor, copying SIMD
  // (Float32Array in and out) over the peer's round trip; ratios of median times, > 1 = faster.
  const peerPairs = [
    ['simd', 'tfjs-wasm'], ['simd', 'tfjs-cpu'], ['simd-copy', 'tfjs-wasm-rt'], ['simd-copy', 'tfjs-cpu-rt'], ['simd-copy', 'ort-web'],
  ].filter(([a, b]) => impls.some((i) => i.id === a) && impls.some((i) => i.id === b));
  const peerLabel = (id) => impls.find((i) => i.id === id).label;
  const peerHeader = ['kernel', 'n', ...peerPairs.map(([a, b]) => `${peerLabel(a)} vs ${peerLabel(b)}`)];
  const peerAlign = ['l', 'r', ...peerPairs.map(() => 'r')];
  const peerRows = rows
    .map((row) => [row.label, row.size, ...peerPairs.map(([a, b]) => {
      const r = ratio(row.kernel, row.n, a, b);
      return r === undefined ? '-' : fmtX(r);
    })])
    .filter((cells) => cells.slice(2).some((c) => c !== '-'));

  const noisy = loadBefore[0] > 0.5 || loadAfter[0] > 0.5;
  const drifts = rooflines.filter((r) => r.driftPct > 10);
  const notes = [
    'Cells: median throughput in G elements/s (1e9 floats/s), ± half the interquartile range of the samples, relative to the median.',
    `GB/s counts ${BYTES_PER_ELEMENT} bytes per element (4 read + 4 written). "copy GB/s": memory.copy of the same bytes (n*4 read, n*4 written), measured before and after each size's cases; the faster of the two is the roofline.`,
    'SIMD / scalar = that build through the API, zero-copy (WasmTensor in, WasmTensor out); "copy" columns pass Float32Arrays, which the API copies in and out of wasm memory; SIMD raw = the wasm export called directly on pointers (no API layer).',
    'JS = a plain JS loop on Float32Arrays with the select as a ternary (v >= 0 ? v : a * v); JS abs = the same math without a select, via Math.abs (leakyRelu = c1*v + c2*|v|), where such a form exists.',
    'SIMD %roof = roofline time / SIMD time; SIMD/scalar and SIMD/JS are ratios of median times (SIMD and scalar zero-copy; JS = the faster of the two JS loops).',
    ...(anyPaired
      ? ['paired = the roofline targets\' cases timed again alternately with a copy of the same bytes between the same buffers (a typed-array set: memmove, the routine behind memory.copy), a batch of each per round on fresh data: the median over rounds of copy time / SIMD time. The host\'s speed drifts by tens of percent within seconds: a ratio of two medians taken seconds apart carries that drift, a per-round ratio cancels most of it, and sharing the buffers gives both sides the same cache state. The targets use the paired figure where there is one; the table "Paired with copies" has the rest.']
      : []),
    `Inputs: uniform random floats, half negative, refilled from a random offset of a random pool before every sample (outside the timed region). Each sample times ${sizes.map((n) => `${formatSize(n)}: ${settingsFor(n).reps}`).join(', ')} call(s) on as many distinct input/output pairs, so small sizes run from cache, large ones from L3/DRAM.`,
    `Each case: primed, then a tinybench warmup, then ${opts.timeScale === 1 ? 'the default' : `x${opts.timeScale}`} time budget; outputs checked against the JS loop before measuring.`,
  ];
  if (noisy) notes.push(`The machine was busy during this run (load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after, on ${machine.cores} cores): treat the numbers as noisy.`);
  for (const r of drifts) notes.push(`Roofline at ${r.size} moved ${r.driftPct.toFixed(0)}% between its two runs (noise).`);
  const slowAdjacent = rooflines.filter((r) => r.adjacentPct !== undefined && r.adjacentPct < 50);
  if (slowAdjacent.length) {
    notes.push(
      'The roofline copies between buffers 2 KiB off a 4 KiB multiple apart. Between adjacently allocated buffers (16 bytes past a 4 KiB multiple apart, ' +
        `as consecutive raw allocations are; tensors of 4 KiB or more start on a page instead) memory.copy ran at only ${slowAdjacent.map((r) => `${fmtPct(r.adjacentPct)} of that at ${r.size}`).join(', ')} ` +
        '(a 4K-aliasing slow path of rep movsb on some CPUs); see the details.',
    );
  }

  // ---- stdout
  const pairedIntro = [
    'Each round also times the identity kernel through the same API on the same buffers: the bare v128 copy loop, as fast as any wasm SIMD128 kernel can stream (16-byte stores, where memmove uses wider ones).',
    `Rounds are grouped into windows of ${PAIRED_WINDOW_MS} ms; a window is uncontended when the copy loop ran at >= ${fmtPct(100 * UNCONTENDED_LOOP_VS_COPY)} of memmove in it (on a shared host, another guest on the same physical core slows the loop more than memmove).`,
  ];
  const out = [];
  out.push('');
  out.push(`simd-activations benchmark — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} — ${new Date().toISOString()}`);
  out.push('');
  out.push(textTable(summaryHeader, summaryRows, summaryAlign));
  out.push('');
  for (const n of notes) out.push(`  ${n}`);
  if (pairedRows.length) {
    out.push('', 'Paired with copies (zero-copy SIMD)', '', textTable(pairedHeader, pairedRows, pairedAlign), '');
    for (const l of pairedIntro) out.push(`  ${l}`);
  }
  if (opts.details) {
    out.push('', 'Details', '', textTable(detailHeader, detailRows, detailAlign));
  }
  if (signRows.length) {
    out.push('', `Sign sensitivity at ${formatSize(SIGN_N)} (zero-copy; G elem/s). Mixed slowdown = time on mixed signs / time on all-positive data: well above 1x means the select compiled to a branch that mispredicts.`, '');
    out.push(textTable(signHeader, signRows, signAlign));
  }
  if (peerRows.length) {
    out.push('', 'Against the peers (ratio of median times; > 1x = ours faster)', '');
    out.push(textTable(peerHeader, peerRows, peerAlign));
  }
  out.push('', 'Targets', '');
  for (const l of targetLines) out.push(`  ${l}`);
  if (errors.length) {
    out.push('', 'Errors', '');
    for (const e of errors) out.push(`  ${e}`);
  }
  out.push('', `${results.length + signResults.length + 3 * rooflines.length} cases in ${durationS.toFixed(0)} s${opts.save ? `; wrote bench/results/${opts.full ? 'full' : 'latest'}.{json,md} and charts` : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);

  // ---- files
  if (opts.save) {
    const dir = new URL('./results/', import.meta.url);
    await mkdir(dir, { recursive: true });
    const date = new Date().toISOString();
    const json = {
      schema: 1,
      date,
      args: process.argv.slice(2),
      complete: !opts.kernels && !opts.sizes && !opts.impls && opts.timeScale === 1,
      machine,
      loadavg: { before: loadBefore, after: loadAfter },
      durationS,
      timerOverheadMs: timerOverhead(),
      definitions: {
        gElemPerS: '1e9 elements per second, from the per-call latency',
        gbPerS: `${BYTES_PER_ELEMENT} bytes per element (4 read + 4 written)`,
        spreadPct: 'half the interquartile range of the latency samples, relative to the median, in percent',
        pctRoofline: '100 * roofline median latency / case median latency, with the faster of the two roofline runs of that size',
        pairedPctRoofline: `the median, quartiles and count over rounds of 100 * copy batch time / case batch time, the copy (typed-array set, memmove) between the case's own input and output buffers, each round timing them back to back on fresh data (order rotating); vsLoop: 100 * time of the identity kernel (the v128 copy loop) on the same buffers / case time; loopVsCopy: 100 * copy time / loop time; windows, uncontendedWindows: windows of ${PAIRED_WINDOW_MS} ms of rounds, and those where the loop ran at >= ${100 * UNCONTENDED_LOOP_VS_COPY}% of memmove; uncontended: 100 * copy time / case time over the uncontended windows' rounds`,
        reps: 'distinct input/output pairs per timed sample; latency is per call',
      },
      implementations: [roofline, copyAdjacent, ...impls].map((i) => ({ id: i.id, label: i.label, mode: i.mode, description: i.description })),
      kernels: kernels.map((k) => ({ id: k.id, label: k.label, kernel: k.kernel, params: k.params, dataRange: [-k.scale, k.scale] })),
      rooflines,
      results,
      rows,
      signCheck: { n: SIGN_N, results: signResults, summary: signSummary },
      targets,
      errors,
    };
    // A --full run is kept apart from quick runs: the README shows the full one.
    const base = opts.full ? 'full' : 'latest';
    await writeFile(new URL(`${base}.json`, dir), `${JSON.stringify(json, null, 1)}\n`);
    const chartDir = new URL(`${base}-charts/`, dir);
    const charts = await writeCharts(json, chartDir);
    log(`wrote ${charts.length} charts to bench/results/${base}-charts/`);
    const md = [
      '# Benchmark results',
      '',
      `${machine.cpu} (${machine.cores} cores), ${machine.platform}, Node ${machine.node} (V8 ${machine.v8}), tinybench ${machine.tinybench}, ${machine.package}${machine.commit ? ` at ${machine.commit}` : ''}, ${date}.` +
        ` Generated by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` in ${durationS.toFixed(0)} s.`,
      '',
      mdTable(summaryHeader, summaryRows, summaryAlign),
      '',
      ...notes.map((n) => `- ${n}`),
      '',
      ...(pairedRows.length ? ['## Paired with copies (zero-copy SIMD)', '', mdTable(pairedHeader, pairedRows, pairedAlign), '', ...pairedIntro.map((l) => `- ${l}`), ''] : []),
      ...(peerRows.length
        ? ['## Against the peers', '', 'Ratio of median times, > 1x = ours faster. SIMD = zero-copy (WasmTensor in and out) against the peer\'s op on a resident tensor; SIMD copy = Float32Array in and out against the peer\'s round trip (RT: tensor from a Float32Array, op, read back; ORT-web: session.run).', '',
            mdTable(peerHeader, peerRows, peerAlign), '']
        : []),
      ...(charts.length ? ['## Charts', '', ...charts.map((c) => `![${c}](${base}-charts/${c})`), ''] : []),
      '## Targets',
      '',
      ...targetLines.map((l) => `- ${l}`),
      ...(signRows.length
        ? ['', `## Sign sensitivity at ${formatSize(SIGN_N)} (zero-copy, G elem/s)`, '',
            'Mixed slowdown = time on mixed signs / time on all-positive data: well above 1x means the select compiled to a branch that mispredicts.', '',
            mdTable(signHeader, signRows, signAlign)]
        : []),
      '',
      '## Details',
      '',
      mdTable(detailHeader, detailRows, detailAlign),
      '',
    ];
    await writeFile(new URL(`${base}.md`, dir), md.join('\n'));
  }
  return errors.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof UsageError ? `${error.message}\n\n${HELP}` : error?.stack ?? error}\n`);
    process.exit(2); // also ends any child process still attached
  },
);
