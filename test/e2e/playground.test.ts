// The playground (examples/playground/, `npm run demo`) in headless Chromium: `demo.js` builds it
// with Vite and serves it; the page plots the default view (Leaky ReLU, ReLU, PReLU) and its
// derivatives with axis labels, plots every function of the registry without an error, and
// runs the race to numbers. The screenshot is docs/playground.png (the README shows it): it is
// written when missing or with UPDATE_SCREENSHOT=1, otherwise to a temporary file, so an
// ordinary test run does not rewrite a committed image.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, launchChromium, openPage, type OpenedPage } from './browser.js';
import { CHROMIUM_PATH } from './chromium.js';

const SCREENSHOT = join(REPO, 'docs/playground.png');

/** Starts `node examples/playground/demo.js` on a free port; resolves to the URL it prints. */
function startDemo(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(REPO, 'examples/playground/demo.js')], {
    cwd: REPO,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo printed no URL within 90 s:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${output}`));
    });
  });
}

/** The line paths of one chart (Observable Plot: a <g aria-label="line"> of <path>s). */
const linePaths = (page: Page, chart: string) =>
  page.$$eval(`${chart} svg g[aria-label="line"] path`, (paths) => paths.map((p) => p.getAttribute('d') ?? ''));

describe.skipIf(!CHROMIUM_PATH)('the playground in headless Chromium', () => {
  let browser: Browser;
  let demo: { url: string; child: ChildProcess };
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
    opened = await openPage(browser, demo.url, { width: 1280, height: 860 });
    page = opened.page;
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    await browser?.close();
    demo?.child.kill('SIGTERM');
  });

  it('runs the SIMD build', async () => {
    expect(await page.textContent('#engine')).toMatch(/SIMD build/);
  });

  it('plots Leaky ReLU, ReLU and PReLU and their derivatives, with axis labels and a legend', async () => {
    expect(await page.getAttribute('body', 'data-curves')).toBe('3');
    for (const chart of ['#plot-f', '#plot-df']) {
      const paths = await linePaths(page, chart);
      expect(paths).toHaveLength(3);
      // Each curve is a polyline through the 401 sampled points.
      for (const d of paths) expect(d.split(/[ML]/).length).toBeGreaterThan(100);
      const text = await page.$$eval(`${chart} svg text, ${chart} figure span, ${chart} div`, (nodes) => nodes.map((n) => n.textContent ?? '').join(' '));
      expect(text).toContain('x');
      expect(text).toMatch(/leakyRelu/);
      expect(text).toMatch(/relu/);
      expect(text).toMatch(/prelu/);
      expect(await page.$$eval(`${chart} svg g[aria-label="x-axis tick label"] text`, (n) => n.length)).toBeGreaterThan(3);
      expect(await page.$$eval(`${chart} svg g[aria-label="y-axis tick label"] text`, (n) => n.length)).toBeGreaterThan(3);
    }
    expect(await page.textContent('#plot-f svg g[aria-label="y-axis label"]')).toContain('f(x)');
    expect(await page.textContent('#plot-df svg g[aria-label="y-axis label"]')).toContain('f′(x)');
    expect(await page.textContent('#plot-f svg g[aria-label="x-axis label"]')).toContain('x');
  });

  it('has a control for each parameter, and moving one redraws the curve', async () => {
    const alpha = page.locator('.card[data-name="leakyRelu"] .param[data-param="alpha"] input[type="text"]');
    expect(await alpha.inputValue()).toBe('0.1');
    expect(await page.locator('.card[data-name="relu"] .param').count()).toBe(3);
    expect(await page.locator('.card[data-name="prelu"] .param[data-param="slope"]').count()).toBe(1);
    const before = await linePaths(page, '#plot-f');
    await alpha.fill('0.5');
    await page.waitForFunction((old) => {
      const d = Array.from(document.querySelectorAll('#plot-f svg g[aria-label="line"] path')).map((p) => p.getAttribute('d'));
      return d.join('|') !== old;
    }, before.join('|'));
    await alpha.fill('0.1');
    await page.waitForFunction((old) => {
      const d = Array.from(document.querySelectorAll('#plot-f svg g[aria-label="line"] path')).map((p) => p.getAttribute('d'));
      return d.join('|') === old;
    }, before.join('|'));
  });

  it('races SIMD against scalar against plain JS and draws the result', async () => {
    await page.selectOption('#race-kernel', 'leakyRelu');
    await page.selectOption('#race-size', '262144');
    await page.selectOption('#race-budget', '150');
    await page.click('#race-button');
    await page.waitForSelector('body[data-race="done"], body[data-race="failed"]', { timeout: 90_000 });
    expect(await page.textContent('#race-status')).toMatch(/SIMD and scalar agree bit for bit/);
    const rows = await page.$$eval('#race-table tr', (trs) => trs.slice(1).map((tr) => Array.from(tr.children).map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['SIMD wasm', 'scalar wasm', 'plain JS']);
    for (const [, ns, melems] of rows) {
      expect(Number(ns)).toBeGreaterThan(0);
      expect(Number(melems.replace(/,/g, ''))).toBeGreaterThan(0);
    }
    expect(await page.$$eval('#race-chart svg g[aria-label="bar"] rect', (r) => r.length)).toBe(3);

    const path = existsSync(SCREENSHOT) && process.env.UPDATE_SCREENSHOT !== '1' ? join(tmpdir(), 'simd-activations-playground.png') : SCREENSHOT;
    mkdirSync(join(path, '..'), { recursive: true });
    await page.screenshot({ path, fullPage: true });
    console.log(`playground screenshot: ${path}`);
  });

  it('plots every function of the registry without an error', async () => {
    const names = await page.$$eval('#functions label', (labels) => labels.map((l) => (l as HTMLElement).dataset.name));
    expect(names).toEqual(expect.arrayContaining(['leakyRelu', 'relu', 'prelu', 'hardSigmoid', 'softmax']));
    for (const name of names) await page.check(`#functions label[data-name="${name}"] input`);
    await page.waitForFunction((n) => document.body.dataset.curves === String(n), names.length);
    const errors = await page.$$eval('.card .error', (nodes) => nodes.map((n) => n.textContent).filter(Boolean));
    expect(errors).toEqual([]);
    expect(await linePaths(page, '#plot-f')).toHaveLength(names.length);
    expect(await linePaths(page, '#plot-df')).toHaveLength(names.length);
    expect(await page.textContent('#unsupported')).toBe('');
  });

  it('logged no console error, uncaught exception or failed request', () => {
    expect(opened.errors).toEqual([]);
  });
});
