// SVG charts of a benchmark run, drawn with vega-lite (compiled to a vega spec) and rendered by
// vega's headless SVG renderer: no browser or canvas needed. Input is the JSON run.js writes.
//
//   throughput-<kernel>.svg  G elements/s against n (log-log), one line per implementation, with
//                            the memory.copy roofline of the same bytes dashed
//   simd-vs-scalar.svg       zero-copy SIMD, scalar and JS throughput per kernel at one size
import { mkdir, writeFile } from 'node:fs/promises';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const ROOFLINE_LABEL = 'memory.copy (roofline)';
const FONT = 'Helvetica, Arial, sans-serif';
const CONFIG = {
  font: FONT,
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' },
};

async function toSvg(vegaLiteSpec) {
  const view = new vega.View(vega.parse(compile({ config: CONFIG, ...vegaLiteSpec }).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** The vega-lite spec of one kernel's throughput against n. */
export function throughputSpec(run, kernelId) {
  const kernel = run.kernels.find((k) => k.id === kernelId);
  const labelOf = Object.fromEntries(run.implementations.map((i) => [i.id, i.label]));
  const values = run.results
    .filter((r) => r.kernel === kernelId && r.dist === 'mixed' && !r.error)
    .map((r) => ({ implementation: labelOf[r.impl] ?? r.impl, n: r.n, gElemPerS: r.gElemPerS.median }));
  const sizes = new Set(values.map((v) => v.n));
  for (const roof of run.rooflines) {
    if (sizes.has(roof.n) && Number.isFinite(roof.medianMs)) {
      values.push({ implementation: ROOFLINE_LABEL, n: roof.n, gElemPerS: roof.n / (roof.medianMs * 1e6) });
    }
  }
  const order = [...new Set(values.map((v) => v.implementation))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${kernel?.label ?? kernelId}: throughput against n`, subtitle: `${run.machine.cpu}, Node ${run.machine.node}; higher is better` },
    width: 560,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'n (float32 elements)', axis: { values: [...sizes].sort((a, b) => a - b), labelExpr: SIZE_LABEL } },
      y: { field: 'gElemPerS', type: 'quantitative', scale: { type: 'log' }, title: 'G elements / s (median)' },
      color: { field: 'implementation', type: 'nominal', sort: order, title: null, scale: { scheme: 'tableau10' } },
      strokeDash: {
        condition: { test: `datum.implementation === '${ROOFLINE_LABEL}'`, value: [5, 4] },
        value: [1, 0],
      },
      tooltip: [{ field: 'implementation' }, { field: 'n' }, { field: 'gElemPerS', format: '.3f' }],
    },
  };
}

/** "16", "1K", "16M" for powers of two on the n axis. */
const SIZE_LABEL = "datum.value >= 1048576 ? datum.value / 1048576 + 'M' : datum.value >= 1024 ? datum.value / 1024 + 'K' : datum.value";

/** The vega-lite spec of SIMD vs scalar (and the JS loop) per kernel at n. */
export function simdVsScalarSpec(run, n) {
  const wanted = ['simd', 'scalar', 'js'];
  const labelOf = Object.fromEntries(run.implementations.map((i) => [i.id, i.label]));
  const values = run.results
    .filter((r) => r.n === n && r.dist === 'mixed' && !r.error && wanted.includes(r.impl))
    .map((r) => ({ kernel: run.kernels.find((k) => k.id === r.kernel)?.label ?? r.kernel, implementation: labelOf[r.impl], gElemPerS: r.gElemPerS.median }));
  const kernels = [...new Set(values.map((v) => v.kernel))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `SIMD vs scalar build vs plain JS at n = ${formatN(n)} (zero-copy)`, subtitle: `${run.machine.cpu}, Node ${run.machine.node}; higher is better` },
    width: 560,
    height: { step: 9 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'kernel', type: 'nominal', sort: kernels, title: null },
      yOffset: { field: 'implementation', sort: wanted.map((id) => labelOf[id]) },
      x: { field: 'gElemPerS', type: 'quantitative', title: 'G elements / s (median)' },
      color: { field: 'implementation', type: 'nominal', sort: wanted.map((id) => labelOf[id]), title: null, scale: { scheme: 'tableau10' } },
      tooltip: [{ field: 'kernel' }, { field: 'implementation' }, { field: 'gElemPerS', format: '.3f' }],
    },
  };
}

function formatN(n) {
  return n >= 1 << 20 ? `${n / (1 << 20)}M` : n >= 1024 ? `${n / 1024}K` : String(n);
}

/**
 * Writes every chart of `run` into `dir` (a directory URL); returns the file names written.
 * The SIMD-vs-scalar chart is drawn at 16K when measured, else at the largest size measured.
 */
export async function writeCharts(run, dir) {
  await mkdir(dir, { recursive: true });
  const written = [];
  const kernelsWithSizes = run.kernels.filter((k) => new Set(run.results.filter((r) => r.kernel === k.id && !r.error).map((r) => r.n)).size >= 2);
  for (const k of kernelsWithSizes) {
    const name = `throughput-${k.id}.svg`;
    await writeFile(new URL(name, dir), await toSvg(throughputSpec(run, k.id)));
    written.push(name);
  }
  const sizes = [...new Set(run.results.map((r) => r.n))].sort((a, b) => a - b);
  const barN = sizes.includes(16384) ? 16384 : sizes.at(-1);
  const hasBoth = run.results.some((r) => r.n === barN && r.impl === 'simd') && run.results.some((r) => r.n === barN && r.impl === 'scalar');
  if (hasBoth) {
    await writeFile(new URL('simd-vs-scalar.svg', dir), await toSvg(simdVsScalarSpec(run, barN)));
    written.push('simd-vs-scalar.svg');
  }
  return written;
}
