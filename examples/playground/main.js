// The playground: plots of every activation of the package and its derivative, with a control
// for each parameter, and a race of the SIMD build against the scalar build against plain JS.
// The functions and their parameters come from the package's registries (./catalogue.js); every
// plotted number is computed by the library, in this page. Charts: Observable Plot.
import * as Plot from '@observablehq/plot';
import { engineHasSimd, loadActivations } from 'simd-activations';
// The plain JS loops the benchmark races against (bench/lib/suite.js), so both race the same code.
import * as bench from '../../bench/lib/suite.js';
import { catalogue, derivative, evaluate, outputLength, raceCall } from './catalogue.js';

const PALETTE = ['#4e79a7', '#f28e2c', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc949', '#ff9da7', '#9c755f', '#bab0ab'];
/** The view the page opens with: Leaky ReLU (a visible slope of 0.1) against ReLU against PReLU. */
const DEFAULT_VIEW = [
  ['leakyRelu', { alpha: 0.1 }],
  ['relu', {}],
  ['prelu', { slope: 0.25 }],
];

const $ = (selector) => document.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const fmt = (value, digits = 3) => (Number.isFinite(value) ? Number(value.toPrecision(digits)).toLocaleString('en-US') : String(value));

const { entries, unsupported } = catalogue();
const byName = new Map(entries.map((entry) => [entry.name, entry]));
/** name -> { values, color, error } for every ticked function, in the order they were ticked. */
const selected = new Map();
let act;
let scalarAct;

function defaultsOf(entry) {
  return Object.fromEntries(entry.params.map((param) => [param.name, param.default]));
}

function freeColor() {
  const used = new Set([...selected.values()].map((s) => s.color));
  return PALETTE.find((color) => !used.has(color)) ?? PALETTE[selected.size % PALETTE.length];
}

function select(name, overrides = {}) {
  const entry = byName.get(name);
  if (!entry || selected.has(name)) return;
  selected.set(name, { values: { ...defaultsOf(entry), ...overrides }, color: freeColor(), error: undefined });
}

// ---------------------------------------------------------------------------------------------
// Controls.

function buildFunctionList() {
  const list = $('#functions');
  const groups = { elementwise: 'Elementwise', alongAxis: 'Along an axis (over the plotted x)', prelu: 'PReLU', rrelu: 'RReLU' };
  let group;
  for (const entry of entries) {
    const title = entry.kind === 'prelu' || entry.kind === 'rrelu' ? 'Other signatures' : groups[entry.kind];
    if (title !== group) {
      group = title;
      list.append(el('div', { className: 'group', textContent: title }));
    }
    const box = el('input', { type: 'checkbox', checked: selected.has(entry.name), value: entry.name });
    box.addEventListener('change', () => {
      if (box.checked) select(entry.name);
      else selected.delete(entry.name);
      refresh();
    });
    const swatch = el('span', { className: 'swatch' });
    const label = el('label', { title: [entry.aliases.join(', '), entry.note].filter(Boolean).join('\n\n') }, box, swatch, entry.name);
    label.dataset.name = entry.name;
    list.append(label);
  }
  if (unsupported.length) $('#unsupported').textContent = `Not plotted (no evaluator here yet): ${unsupported.join(', ')}`;
}

function paintSwatches() {
  for (const label of document.querySelectorAll('#functions label')) {
    const state = selected.get(label.dataset.name);
    label.querySelector('.swatch').style.background = state ? state.color : 'transparent';
    label.querySelector('input').checked = !!state;
  }
}

/** One numeric, choice or boolean control per parameter of a selected function. */
function paramControl(entry, state, param) {
  const row = el('div', { className: 'param' });
  const label = el('label', { textContent: param.name, title: `default ${param.default}` });
  row.dataset.param = param.name;
  const changed = (value) => {
    state.values[param.name] = value;
    schedulePlot();
  };
  if (param.kind === 'choice') {
    const choice = el('select');
    for (const option of param.choices) choice.append(el('option', { value: option, textContent: option, selected: option === state.values[param.name] }));
    choice.addEventListener('change', () => changed(choice.value));
    row.append(label, choice);
  } else if (param.kind === 'boolean') {
    const box = el('input', { type: 'checkbox', checked: !!state.values[param.name] });
    box.addEventListener('change', () => changed(box.checked));
    row.append(label, box);
  } else {
    const finite = Number.isFinite(param.default) ? Math.abs(param.default) : 1;
    const span = Math.max(2, Math.ceil(finite * 4));
    const lo = param.min ?? -span;
    const slider = el('input', { type: 'range', min: String(lo), max: String(span), step: param.integer ? '1' : String(span / 200) });
    const text = el('input', { type: 'text', inputMode: 'decimal', value: String(state.values[param.name]) });
    const sync = (value) => {
      slider.value = String(Number.isFinite(value) ? value : span);
    };
    sync(state.values[param.name]);
    slider.addEventListener('input', () => {
      text.value = slider.value;
      changed(Number(slider.value));
    });
    text.addEventListener('input', () => {
      const value = Number(text.value.trim().replace(/^inf(inity)?$/i, 'Infinity'));
      sync(value);
      changed(value);
    });
    row.append(label, text, slider);
  }
  return row;
}

function buildCards() {
  const cards = $('#cards');
  cards.replaceChildren();
  for (const [name, state] of selected) {
    const entry = byName.get(name);
    const card = el('div', { className: 'card' });
    card.dataset.name = name;
    card.style.setProperty('--color', state.color);
    const aliases = entry.aliases.length ? ` — also ${entry.aliases.slice(0, 4).join(', ')}${entry.aliases.length > 4 ? ', …' : ''}` : '';
    card.append(el('h3', {}, name, el('small', { textContent: aliases })));
    for (const param of entry.params) card.append(paramControl(entry, state, param));
    if (entry.params.length === 0) card.append(el('p', { className: 'note', textContent: 'no parameters' }));
    if (entry.kind === 'alongAxis') {
      card.append(el('p', { className: 'note', textContent: entry.halvesAxis ? 'each x fed as the pair (x, x) along the halved axis' : 'applied along the whole plotted x vector; f′ is the Jacobian diagonal dyᵢ/dxᵢ' }));
    }
    card.append(el('p', { className: 'error' }));
    cards.append(card);
  }
}

function readRange() {
  let xmin = Number($('#xmin').value);
  let xmax = Number($('#xmax').value);
  if (!Number.isFinite(xmin)) xmin = -5;
  if (!Number.isFinite(xmax) || xmax <= xmin) xmax = xmin + 1;
  const points = Math.min(2001, Math.max(11, Math.round(Number($('#points').value)) || 401));
  return { xmin, xmax, points };
}

// ---------------------------------------------------------------------------------------------
// Plots.

let plotPending = false;
function schedulePlot() {
  if (plotPending) return;
  plotPending = true;
  requestAnimationFrame(() => {
    plotPending = false;
    plot();
  });
}

function plot() {
  const { xmin, xmax, points } = readRange();
  const xs = Float32Array.from({ length: points }, (_, i) => xmin + ((xmax - xmin) * i) / (points - 1));
  const h = Math.max((xmax - xmin) / points / 4, 1e-3);
  const f = [];
  const df = [];
  const names = [];
  for (const [name, state] of selected) {
    const entry = byName.get(name);
    const card = document.querySelector(`.card[data-name="${name}"] .error`);
    try {
      const y = evaluate(act, entry, xs, state.values);
      const dy = derivative(act, entry, xs, state.values, h);
      for (let i = 0; i < points; i++) {
        f.push({ x: xs[i], y: Number.isFinite(y[i]) ? y[i] : NaN, curve: name });
        df.push({ x: xs[i], y: Number.isFinite(dy[i]) ? dy[i] : NaN, curve: name });
      }
      names.push(name);
      if (card) card.textContent = '';
    } catch (error) {
      if (card) card.textContent = error.message;
    }
  }
  const color = { domain: names, range: names.map((name) => selected.get(name).color), legend: true };
  draw('#plot-f .chart', f, 'f(x)', color, [xmin, xmax]);
  draw('#plot-df .chart', df, 'f′(x)', color, [xmin, xmax]);
  document.body.dataset.curves = String(names.length);
}

function draw(selector, rows, ylabel, color, domain) {
  const box = document.querySelector(selector);
  const width = Math.max(320, box.clientWidth || 560);
  const chart = Plot.plot({
    width,
    height: 330,
    marginLeft: 48,
    grid: true,
    style: { fontSize: '12px', background: 'transparent' },
    x: { label: 'x', domain },
    y: { label: ylabel, nice: true },
    color,
    marks: [
      Plot.ruleY([0], { stroke: '#8a94a6' }),
      Plot.ruleX([0], { stroke: '#8a94a6' }),
      Plot.line(rows, { x: 'x', y: 'y', stroke: 'curve', strokeWidth: 2.2, curve: 'linear' }),
      Plot.tip(rows, Plot.pointerX({ x: 'x', y: 'y', stroke: 'curve' })),
    ],
  });
  box.replaceChildren(chart);
}

function refresh() {
  paintSwatches();
  buildCards();
  plot();
}

// ---------------------------------------------------------------------------------------------
// The race.

/** The benchmark's plain JS loop for this function and these values, if it has one. */
function jsLoop(entry, values) {
  const loops = bench.JS_LOOPS ?? {};
  if (entry.kind === 'elementwise' && loops[entry.name]) return loops[entry.name](values);
  if (entry.kind === 'prelu' && loops.leakyRelu) return loops.leakyRelu({ alpha: values.slope });
  if (entry.kind === 'rrelu' && !values.training && loops.leakyRelu) return loops.leakyRelu({ alpha: (values.lower + values.upper) / 2 });
  return undefined;
}

/** Seconds per call: the median of batches of at least 5 ms each, over about `budget` ms. */
async function timeIt(run, budget) {
  for (let i = 0; i < 3; i++) run();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    if (performance.now() - t0 >= 5 || reps >= 1 << 20) break;
    reps *= 2;
  }
  const samples = [];
  const end = performance.now() + budget;
  while (samples.length < 5 || (performance.now() < end && samples.length < 200)) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    samples.push((performance.now() - t0) / reps / 1000);
    if (samples.length % 8 === 0) await tick();
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

function raceData(n) {
  let seed = 12345;
  return Float32Array.from({ length: n }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32) * 20 - 10;
  });
}

async function race() {
  const button = $('#race-button');
  const status = $('#race-status');
  button.disabled = true;
  document.body.dataset.race = 'running';
  try {
    const entry = byName.get($('#race-kernel').value);
    const values = selected.get(entry.name)?.values ?? defaultsOf(entry);
    let n = Number($('#race-size').value);
    if (entry.halvesAxis) n -= n % 2;
    const budget = Number($('#race-budget').value);
    const data = raceData(n);
    const results = [];
    const outputs = {};
    const contenders = [
      { label: act.simd ? 'SIMD wasm' : 'SIMD wasm (engine lacks SIMD: scalar)', act },
      { label: 'scalar wasm', act: scalarAct },
    ];
    for (const contender of contenders) {
      status.textContent = `timing ${contender.label}…`;
      await tick();
      const x = contender.act.tensor(data);
      const out = contender.act.tensor(outputLength(entry, n));
      const call = raceCall(contender.act, entry, values, x, out);
      try {
        const seconds = await timeIt(call.run, budget);
        results.push({ label: contender.label, seconds });
        outputs[contender.label] = out.data.slice();
      } finally {
        call.dispose();
        x.dispose();
        out.dispose();
      }
    }
    const loop = jsLoop(entry, values);
    if (loop) {
      status.textContent = 'timing plain JS…';
      await tick();
      const x = data.slice();
      const y = new Float32Array(n);
      results.push({ label: 'plain JS', seconds: await timeIt(() => loop(x, y), budget) });
      outputs['plain JS'] = y;
    }
    for (const r of results) {
      r.nsPerElement = (r.seconds * 1e9) / n;
      r.melems = n / r.seconds / 1e6;
    }
    const js = results.find((r) => r.label === 'plain JS');
    for (const r of results) r.speedup = js ? js.seconds / r.seconds : undefined;
    drawRace(results, entry.name, n);
    const [simdOut, scalarOut] = contenders.map((c) => outputs[c.label]);
    const agree = simdOut.length === scalarOut.length && simdOut.every((v, i) => Object.is(v, scalarOut[i]) || (Number.isNaN(v) && Number.isNaN(scalarOut[i])));
    status.textContent =
      `${entry.name}, ${n.toLocaleString('en-US')} floats: SIMD and scalar ${agree ? 'agree bit for bit' : 'DIFFER'}` +
      (js ? '' : ` · no plain JS loop for ${entry.name} in bench/lib/suite.js`);
    document.body.dataset.race = 'done';
  } catch (error) {
    status.textContent = `race failed: ${error.message}`;
    document.body.dataset.race = 'failed';
    console.error(error);
  } finally {
    button.disabled = false;
  }
}

function drawRace(results, name, n) {
  const chart = Plot.plot({
    width: 520,
    height: 40 + 42 * results.length,
    marginLeft: 150,
    marginRight: 150,
    style: { fontSize: '12px', background: 'transparent' },
    x: { label: 'million elements per second →', grid: true },
    y: { label: null, domain: results.map((r) => r.label) },
    color: { domain: ['SIMD', 'scalar', 'JS'], range: ['#1f7a4d', '#9a6b00', '#4e79a7'] },
    marks: [
      Plot.barX(results, { x: 'melems', y: 'label', fill: (r) => (r.label.startsWith('SIMD') ? 'SIMD' : r.label.startsWith('scalar') ? 'scalar' : 'JS') }),
      Plot.text(results, { x: 'melems', y: 'label', text: (r) => `${fmt(r.melems)} M/s${r.speedup ? ` · ${r.speedup.toFixed(1)}× JS` : ''}`, textAnchor: 'start', dx: 5 }),
      Plot.ruleX([0]),
    ],
  });
  chart.setAttribute('aria-label', `race of ${name} on ${n} floats`);
  $('#race-chart').replaceChildren(chart);
  const table = $('#race-table');
  table.replaceChildren(el('tr', {}, ...['contender', 'ns / element', 'M elements / s', 'vs plain JS'].map((t) => el('th', { textContent: t }))));
  for (const r of results) {
    table.append(
      el(
        'tr',
        {},
        el('td', { textContent: r.label }),
        el('td', { textContent: r.nsPerElement.toFixed(3) }),
        el('td', { textContent: fmt(r.melems, 4) }),
        el('td', { textContent: r.speedup ? `${r.speedup.toFixed(2)}×` : '—' }),
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const badge = $('#engine');
  try {
    [act, scalarAct] = await Promise.all([loadActivations(), loadActivations({ simd: false })]);
  } catch (error) {
    badge.textContent = `could not load the wasm: ${error.message}`;
    throw error;
  }
  badge.textContent = act.simd ? 'SIMD build (v128) running in this page' : `scalar build: ${engineHasSimd() ? 'SIMD not loaded' : 'this engine lacks WebAssembly SIMD'}`;
  badge.classList.add(act.simd ? 'simd' : 'scalar');
  for (const [name, values] of DEFAULT_VIEW) select(name, values);
  buildFunctionList();
  for (const entry of entries) $('#race-kernel').append(el('option', { value: entry.name, textContent: entry.name, selected: entry.name === 'leakyRelu' }));
  for (const id of ['#xmin', '#xmax', '#points']) $(id).addEventListener('input', schedulePlot);
  $('#race-button').addEventListener('click', race);
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(plot, 150);
  });
  refresh();
  document.body.dataset.ready = 'true';
}

main();
