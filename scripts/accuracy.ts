// `npm run accuracy`: every registry kernel in both builds, against test/reference.ts. Kernels with
// maxUlp > 0 are measured in float32 ulps against their float64 reference (ulpError in
// test/helpers.ts); maxUlp 0 kernels are checked bit for bit against their float32 reference.
// Inputs stream through wasm memory in chunks: a dense sweep (test/accuracy-sweep.ts) by default,
// all 2^32 float32 bit patterns with --exhaustive. Along-axis kernels (ALONG_AXIS) with maxUlp > 0
// are measured on rows of many kinds and layouts (axisSweep) against test/axis-reference.ts.
//
//   npm run accuracy -- [--kernel=sigmoid,tanh] [--inputs=2^22] [--exhaustive] [--params=all|defaults]
//                       [--build=simd,scalar] [--out=FILE | --no-save]
//
// Prints the tables to stdout (progress goes to stderr), writes them as markdown to
// bench/results/accuracy.md (the README carries it), and exits 1 when a kernel breaks its bound
// or the builds disagree.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ALONG_AXIS,
  type Activations,
  type AlongAxisName,
  ELEMENTWISE,
  type ElementwiseName,
  type WasmTensor,
  loadActivations,
} from '../dist/index.js';
import {
  AXIS_ULP_KERNELS,
  BIT_EXACT_KERNELS,
  CONTIGUOUS_EXTENTS,
  type ParamValues,
  type Sample,
  ULP_KERNELS,
  UlpMeter,
  axisSweep,
  describeParams,
  evaluateReference,
  float32Text,
  measureAxis,
  paramCases,
  sweepInputs,
} from '../test/accuracy-sweep.js';
import { hex } from '../test/helpers.js';

const DEFAULT_INPUTS = 2 ** 22;
const CHUNK = 2 ** 20;
const ALL_INPUTS = 2 ** 32;
const DEFAULT_OUT = 'bench/results/accuracy.md';
const NAMES = [...Object.keys(ELEMENTWISE), ...Object.keys(ALONG_AXIS)];

const HELP = `Usage: npm run accuracy -- [options]    (or: npx tsx scripts/accuracy.ts [options] after npm run build)

  --kernel=a,b        registry kernels to measure (default: all): ${NAMES.join(', ')}
  --inputs=N          sweep size: a count, 2^k, or with K/M/G (powers of 1024); default 2^22 (at least 64)
  --exhaustive        every one of the 2^32 float32 bit patterns instead of the sweep (minutes per kernel
                      and parameter set); along-axis kernels keep the sweep of --inputs floats
  --params=all        every parameter set of test/reference.ts' PARAM_CASES besides the defaults
  --params=defaults   the defaults only (default with --exhaustive; else all)
  --build=a,b         simd, scalar (default: both; both are needed to check that they agree)
  --out=FILE          write the markdown tables there (default: ${DEFAULT_OUT}, except with --kernel)
  --no-save           write no file
  --help              this text
`;

class UsageError extends Error {}

interface Options {
  kernels: string[];
  inputs: number;
  exhaustive: boolean;
  builds: ('simd' | 'scalar')[];
  allParams: boolean;
  out: string | undefined;
}

function parseCount(text: string): number {
  const power = /^2\^(\d+)$/.exec(text);
  if (power) return 2 ** Number(power[1]);
  const scaled = /^(\d+)([KMG]?)$/i.exec(text);
  if (!scaled) return NaN;
  return Number(scaled[1]) * 1024 ** ' KMG'.indexOf(scaled[2].toUpperCase() || ' ');
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    kernels: NAMES,
    inputs: DEFAULT_INPUTS,
    exhaustive: false,
    builds: ['simd', 'scalar'],
    allParams: true,
    out: DEFAULT_OUT,
  };
  let kernelsGiven = false;
  let paramsGiven = false;
  let outGiven = false;
  const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const arg of argv) {
    const eq = arg.indexOf('=');
    const [key, value] = eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
    const need = (): string => {
      if (value === undefined || value === '') throw new UsageError(`${key} needs a value (${key}=...)`);
      return value;
    };
    switch (key) {
      case '--kernel': {
        const names = list(need());
        for (const name of names) {
          if (!NAMES.includes(name)) {
            throw new UsageError(`unknown kernel '${name}'; the registry has ${NAMES.join(', ')}`);
          }
        }
        options.kernels = names;
        kernelsGiven = true;
        break;
      }
      case '--inputs': {
        const count = parseCount(need());
        if (!(Number.isSafeInteger(count) && count >= 64 && count <= ALL_INPUTS)) {
          throw new UsageError(`--inputs must be a count from 64 to 2^32 (e.g. 4194304, 2^22, 4M), got '${value}'`);
        }
        options.inputs = count;
        break;
      }
      case '--exhaustive':
        options.exhaustive = true;
        break;
      case '--build': {
        const builds = list(need());
        for (const b of builds) if (b !== 'simd' && b !== 'scalar') throw new UsageError(`--build takes simd, scalar; got '${b}'`);
        options.builds = [...new Set(builds)] as Options['builds'];
        break;
      }
      case '--params': {
        const which = need();
        if (which !== 'all' && which !== 'defaults') throw new UsageError(`--params takes all or defaults, got '${which}'`);
        options.allParams = which === 'all';
        paramsGiven = true;
        break;
      }
      case '--out':
        options.out = need();
        outGiven = true;
        break;
      case '--no-save':
        options.out = undefined;
        outGiven = true;
        break;
      case '--help':
        process.stdout.write(HELP);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  // All 2^32 inputs take minutes per parameter set: the defaults unless asked for more.
  if (options.exhaustive && !paramsGiven) options.allParams = false;
  // A partial run must not replace the full table the README carries, unless asked to.
  if (kernelsGiven && !outGiven) options.out = undefined;
  return options;
}

const float64Text = (value: number) => (Object.is(value, -0) ? '-0' : String(value));

function formatUlp(error: number): string {
  if (error === Infinity) return '∞';
  return error < 1000 ? error.toFixed(3) : error.toPrecision(4);
}

function formatShare(part: number, whole: number): string {
  if (part === whole) return '100 %';
  const percent = (100 * part) / whole;
  return `${percent >= 99.999 ? '99.999' : percent.toFixed(3)} %`;
}

const formatCount = (n: number) => (n >= 2 ** 20 && Number.isInteger(Math.log2(n)) ? `2^${Math.log2(n)}` : n.toLocaleString('en-US'));

/** The inputs of a run, chunk by chunk (the chunk's Float32Array is reused). */
interface InputSource {
  readonly total: number;
  readonly describe: string;
  chunks(): Generator<Float32Array>;
}

function exhaustiveSource(): InputSource {
  return {
    total: ALL_INPUTS,
    describe: 'every float32 bit pattern (all 2^32)',
    *chunks() {
      const bits = new Uint32Array(CHUNK);
      const floats = new Float32Array(bits.buffer);
      for (let start = 0; start < ALL_INPUTS; start += CHUNK) {
        for (let i = 0; i < CHUNK; i++) bits[i] = start + i;
        yield floats;
      }
    },
  };
}

function sweepSource(count: number): InputSource {
  const inputs = sweepInputs(count);
  return {
    total: count,
    describe:
      `a sweep of ${formatCount(count)} float32 inputs (test/accuracy-sweep.ts): every special value, consecutive floats ` +
      'around the breakpoints of exp-based kernels, the core |x| in [2^-12, 2^7) and every binade of both signs',
    *chunks() {
      for (let start = 0; start < count; start += CHUNK) yield inputs.subarray(start, start + CHUNK);
    },
  };
}

interface Build {
  readonly name: 'simd' | 'scalar';
  readonly act: Activations;
  readonly x: WasmTensor;
  readonly y: WasmTensor;
}

interface Row {
  readonly name: ElementwiseName;
  readonly params: string;
  readonly build: string;
  readonly meter: UlpMeter;
}

interface Disagreement {
  readonly name: ElementwiseName;
  readonly params: string;
  readonly count: number;
  readonly first: Sample;
}

class Progress {
  private readonly tty = process.stderr.isTTY;
  private lastPrinted = performance.now();
  constructor(private readonly label: string, private readonly total: number) {}

  update(done: number, started: number): void {
    const now = performance.now();
    if (done < this.total && now - this.lastPrinted < (this.tty ? 250 : 30_000)) return;
    this.lastPrinted = now;
    const seconds = (now - started) / 1000;
    const eta = done > 0 && done < this.total ? `, ${Math.round((seconds * (this.total - done)) / done)} s left` : '';
    const line = `${this.label}: ${((100 * done) / this.total).toFixed(1)} % in ${seconds.toFixed(1)} s${eta}`;
    process.stderr.write(this.tty ? `\r\x1b[K${line}${done >= this.total ? '\n' : ''}` : `${line}\n`);
  }
}

/** A kernel called on views of wasm memory (no copies), writing into `out`. */
type Kernel = (x: Float32Array, options: object) => Float32Array;

/** Runs one kernel with one parameter set on every chunk, in every build. */
function measure(name: ElementwiseName, params: ParamValues, builds: Build[], source: InputSource) {
  const bitExact = ELEMENTWISE[name].maxUlp === 0;
  const meters = builds.map(() => new UlpMeter(bitExact));
  const reference = bitExact ? new Float32Array(CHUNK) : new Float64Array(CHUNK);
  let disagreements = 0;
  let firstDisagreement: Sample | undefined;
  const progress = new Progress(`${name} (${describeParams(params)})`, source.total);
  const started = performance.now();
  let done = 0;
  for (const chunk of source.chunks()) {
    const n = chunk.length;
    const ref = reference.subarray(0, n);
    evaluateReference(name, params, chunk, ref);
    const results: Float32Array[] = [];
    builds.forEach((build, b) => {
      const x = build.x.data.subarray(0, n);
      x.set(chunk);
      const y = build.y.data.subarray(0, n);
      (build.act[name] as unknown as Kernel)(x, { ...params, out: y });
      meters[b].add(chunk, y, ref);
      results.push(y);
    });
    if (results.length === 2) {
      const [a, b] = results.map((r) => new Uint32Array(r.buffer, r.byteOffset, n));
      for (let i = 0; i < n; i++) {
        if (a[i] !== b[i] && !(results[0][i] !== results[0][i] && results[1][i] !== results[1][i])) {
          if (disagreements++ === 0) firstDisagreement = { x: chunk[i], got: results[0][i], ref: results[1][i] };
        }
      }
    }
    done += n;
    progress.update(done, started);
  }
  return { meters, disagreements, firstDisagreement };
}

interface AxisRow {
  readonly name: AlongAxisName;
  readonly build: string;
  readonly meter: UlpMeter;
}

/** Every along-axis kernel with maxUlp > 0 on about `floats` floats of rows, in every build. */
function runAxis(options: Options, builds: Build[], floats: number) {
  const rows: AxisRow[] = [];
  const disagreements: { name: AlongAxisName; count: number }[] = [];
  for (const name of AXIS_ULP_KERNELS.filter((n) => options.kernels.includes(n))) {
    const started = performance.now();
    const kernels = builds.map((build) => build.act[name] as unknown as Kernel);
    const result = measureAxis(name, kernels, axisSweep(floats, ALONG_AXIS[name].halvesAxis));
    if (result.disagreements > 0) disagreements.push({ name, count: result.disagreements });
    if (builds.length === 2 && result.disagreements === 0) rows.push({ name, build: 'both', meter: result.meters[0] });
    else builds.forEach((build, b) => rows.push({ name, build: build.name, meter: result.meters[b] }));
    process.stderr.write(`${name}: ${formatCount(result.meters[0].inputs)} results in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return { rows, disagreements };
}

function run(options: Options, builds: Build[], source: InputSource) {
  const rows: Row[] = [];
  const disagreements: Disagreement[] = [];
  const order = [...ULP_KERNELS, ...BIT_EXACT_KERNELS].filter((name) => options.kernels.includes(name));
  for (const name of order) {
    for (const params of options.allParams ? paramCases(name) : paramCases(name).slice(0, 1)) {
      const label = describeParams(params);
      const result = measure(name, params, builds, source);
      if (result.disagreements > 0) {
        disagreements.push({ name, params: label, count: result.disagreements, first: result.firstDisagreement! });
      }
      // Builds that returned the same bits have the same score: one row for both.
      if (builds.length === 2 && result.disagreements === 0) {
        rows.push({ name, params: label, build: 'both', meter: result.meters[0] });
      } else {
        builds.forEach((build, b) => rows.push({ name, params: label, build: build.name, meter: result.meters[b] }));
      }
    }
  }
  return { rows, disagreements };
}

function verdict(row: { meter: UlpMeter }, maxUlp: number): string {
  if (row.meter.meets(maxUlp)) return 'yes';
  const reasons = [];
  if (row.meter.bitExact || row.meter.maxError > maxUlp) reasons.push(row.meter.bitExact ? 'bits differ' : 'over bound');
  if (row.meter.zeroSignErrors > 0) reasons.push(`${row.meter.zeroSignErrors} wrong sign(s) of zero at ±0`);
  return `**NO**: ${reasons.join(', ')}`;
}

function ulpTable(rows: Row[]): string[] {
  const lines = [
    '| kernel | params | build | inputs | max ulp | bound | correctly rounded | worst input | result vs float64 reference | meets bound |',
    '| :-- | :-- | :-- | --: | --: | --: | --: | :-- | :-- | :-- |',
  ];
  for (const row of rows) {
    const { meter } = row;
    const worst = meter.worst;
    const input = worst ? `${float32Text(worst.x)} (\`${hex(worst.x)}\`)` : '—';
    const result = worst ? `${float32Text(worst.got)} (\`${hex(worst.got)}\`) vs ${float64Text(worst.ref)}` : '—';
    lines.push(
      `| ${row.name} | ${row.params} | ${row.build} | ${formatCount(meter.inputs)} | ${formatUlp(meter.maxError)} | ` +
        `${ELEMENTWISE[row.name].maxUlp} | ${formatShare(meter.correct, meter.inputs)} | ${input} | ${result} | ${verdict(row, ELEMENTWISE[row.name].maxUlp)} |`,
    );
  }
  return lines;
}

/** One row per kernel: its parameter sets and builds summed up, with the first difference found. */
function bitExactTable(rows: Row[]): string[] {
  const lines = [
    '| kernel | parameter sets | build | inputs | results differing | first difference: params, input, result vs float32 reference | bit-exact |',
    '| :-- | --: | :-- | --: | --: | :-- | :-- |',
  ];
  const byKernel = new Map<ElementwiseName, Row[]>();
  for (const row of rows) byKernel.set(row.name, [...(byKernel.get(row.name) ?? []), row]);
  for (const [name, kernelRows] of byKernel) {
    const sets = new Set(kernelRows.map((row) => row.params)).size;
    const buildNames = [...new Set(kernelRows.map((row) => row.build))].join(', ');
    const differing = kernelRows.reduce((sum, row) => sum + row.meter.inputs - row.meter.correct, 0);
    const failing = kernelRows.find((row) => row.meter.inputs > row.meter.correct);
    const worst = failing?.meter.worst;
    const first = worst
      ? `${failing!.params}, ${failing!.build}: ${float32Text(worst.x)} (\`${hex(worst.x)}\`): ${float32Text(worst.got)} (\`${hex(worst.got)}\`) vs ${float32Text(worst.ref)} (\`${hex(worst.ref)}\`)`
      : '—';
    lines.push(
      `| ${name} | ${sets} | ${buildNames} | ${sets} × ${formatCount(kernelRows[0].meter.inputs)} | ${differing} | ${first} | ${differing === 0 ? 'yes' : '**NO**'} |`,
    );
  }
  return lines;
}

function axisTable(rows: AxisRow[]): string[] {
  const lines = [
    '| kernel | build | results | max ulp | bound | correctly rounded | worst result: input, where | result vs float64 reference | meets bound |',
    '| :-- | :-- | --: | --: | --: | --: | :-- | :-- | :-- |',
  ];
  for (const row of rows) {
    const { meter } = row;
    const { maxUlp } = ALONG_AXIS[row.name];
    const worst = meter.worst;
    const input = worst ? `${float32Text(worst.x)} (\`${hex(worst.x)}\`), ${worst.where}` : '—';
    const result = worst ? `${float32Text(worst.got)} (\`${hex(worst.got)}\`) vs ${float64Text(worst.ref)}` : '—';
    lines.push(
      `| ${row.name} | ${row.build} | ${formatCount(meter.inputs)} | ${formatUlp(meter.maxError)} | ${maxUlp} | ` +
        `${formatShare(meter.correct, meter.inputs)} | ${input} | ${result} | ${verdict(row, maxUlp)} |`,
    );
  }
  return lines;
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'an unknown commit';
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`accuracy: ${error.message}\n\n${HELP}`);
    return 2;
  }
  const started = performance.now();
  const builds: Build[] = [];
  for (const name of options.builds) {
    const act = await loadActivations({ simd: name === 'simd' });
    builds.push({ name, act, x: act.tensor(CHUNK), y: act.tensor(CHUNK) });
  }
  const source = options.exhaustive ? exhaustiveSource() : sweepSource(options.inputs);
  const { rows, disagreements } = run(options, builds, source);
  const axis = runAxis(options, builds, options.inputs);
  const seconds = (performance.now() - started) / 1000;

  const ulpRows = rows.filter((row) => !row.meter.bitExact);
  const exactRows = rows.filter((row) => row.meter.bitExact);
  const failed = rows.filter((row) => !row.meter.meets(ELEMENTWISE[row.name].maxUlp));
  const axisFailed = axis.rows.filter((row) => !row.meter.meets(ALONG_AXIS[row.name].maxUlp));
  const command = ['npm run accuracy', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '# Accuracy',
    '',
    `${cpu} (${os.cpus().length} cores), Node ${process.version}, simd-activations at ${commit()}, ${new Date().toISOString()}. ` +
      `Generated by \`${command}\` in ${Math.round(seconds)} s over ${source.describe}, in the ${options.builds.join(' and ')} build${builds.length > 1 ? 's' : ''}` +
      `${options.allParams ? ', with the defaults and every parameter set of PARAM_CASES' : ', with the default parameters only'}.`,
    '',
  ];
  if (ulpRows.length > 0) {
    lines.push(
      '## Kernels with an accuracy bound (maxUlp > 0)',
      '',
      ...ulpTable(ulpRows),
      '',
      '- Error in float32 ulps against a float64 evaluation of the formula (test/reference.ts): |result − reference| / ulp, ' +
        'ulp = 2^(e−23) with e = max(floor(log2|reference|), −126), so subnormal results are judged on the 2^−149 grid. ' +
        'NaN must meet NaN; ±Inf is exact where the reference rounds to it, else it counts as ±2^128.',
      '- Correctly rounded: the result equals the reference rounded to float32 (±0 alike). A correctly rounded result is at most 0.5 ulp off.',
      '- The sign of zero is checked at ±0 inputs, where the reference is a zero (e.g. tanh(−0) = −0); elsewhere an underflow to either zero is right.',
      '- Worst input: the first input with the largest error.',
      '',
    );
  }
  if (exactRows.length > 0) {
    lines.push('## Bit-exact kernels (maxUlp 0)', '', ...bitExactTable(exactRows), '', '- Compared bit for bit with a float32 evaluation of the formula (test/reference.ts); any NaN matches any NaN.', '');
  }
  if (axis.rows.length > 0) {
    lines.push(
      '## Kernels along an axis (maxUlp > 0)',
      '',
      ...axisTable(axis.rows),
      '',
      `- About ${formatCount(options.inputs)} floats per kernel (test/accuracy-sweep.ts, axisSweep): rows of ${CONTIGUOUS_EXTENTS.join(', ')} floats along the last axis and ` +
        'strided layouts along a middle axis; uniform rows at several scales, one entry dominating by 8 to 120, near ties, −Inf entries, ' +
        'arbitrary finite bit patterns, and a few NaN, +Inf and all −Inf rows, each shifted by a random offset.',
      '- Reference: test/axis-reference.ts in float64 on the float32 shifted inputs x − max (the one rounding the contract accepts); ' +
        'the sign of zero is left free.',
      '',
    );
  }
  if (builds.length === 2) {
    if (disagreements.length === 0 && axis.disagreements.length === 0) {
      lines.push('The SIMD and scalar builds returned the same bits for every input of every kernel and parameter set above.', '');
    } else {
      lines.push('**The SIMD and scalar builds disagree** (they must agree bit for bit):', '');
      for (const d of axis.disagreements) lines.push(`- ${d.name}: ${d.count} results`);
      for (const d of disagreements) {
        lines.push(`- ${d.name} (${d.params}): ${d.count} inputs, first x = ${float32Text(d.first.x)} (\`${hex(d.first.x)}\`): SIMD ${float32Text(d.first.got)} (\`${hex(d.first.got)}\`), scalar ${float32Text(d.first.ref)} (\`${hex(d.first.ref)}\`)`);
      }
      lines.push('');
    }
  }
  const markdown = lines.join('\n');
  process.stdout.write(`${markdown}\n`);
  if (options.out !== undefined) {
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, markdown);
    process.stderr.write(`wrote ${options.out}\n`);
  } else {
    process.stderr.write(`no file written${options.kernels === NAMES ? '' : ' (a run with --kernel saves only with --out=FILE)'}\n`);
  }
  if (failed.length > 0 || axisFailed.length > 0 || disagreements.length > 0 || axis.disagreements.length > 0) {
    const broken = [
      ...failed.map((row) => `${row.name} (${row.params}, ${row.build}): ${row.meter.failure(ELEMENTWISE[row.name].maxUlp)}`),
      ...axisFailed.map((row) => `${row.name} (${row.build}): ${row.meter.failure(ALONG_AXIS[row.name].maxUlp)}`),
      ...disagreements.map((d) => `${d.name} (${d.params}): the builds disagree on ${d.count} inputs`),
      ...axis.disagreements.map((d) => `${d.name}: the builds disagree on ${d.count} results`),
    ];
    process.stderr.write(['accuracy: FAILED', ...broken].join('\n') + '\n');
    return 1;
  }
  return 0;
}

process.exitCode = await main();
