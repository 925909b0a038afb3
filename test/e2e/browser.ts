// Helpers for the end-to-end tests: launch Debian's Chromium through playwright-core, open a page
// and collect its console errors, and "install" the built package into a folder the way npm
// installs it from the registry (package.json and dist/, the package's `files`).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO, 'test/fixtures');

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('no Chromium installed');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, as text. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh context and page at `url`, recording everything that went wrong in it. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport });
  // Count how WebAssembly.compileStreaming calls end, so a test can tell the streaming path from
  // the arrayBuffer() fallback the loader takes when a server sends the wrong Content-Type.
  await context.addInitScript(() => {
    const streaming = { ok: 0, failed: 0 };
    (window as { __streaming?: typeof streaming }).__streaming = streaming;
    const original = WebAssembly.compileStreaming;
    WebAssembly.compileStreaming = (source) =>
      original.call(WebAssembly, source).then(
        (module) => (streaming.ok++, module),
        (error) => {
          streaming.failed++;
          throw error;
        },
      );
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** What the page put in window.__result (the fixtures' convention), once it is there. */
export async function resultOf<T = Record<string, unknown>>(page: Page, timeout = 30_000): Promise<T> {
  await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout });
  return page.evaluate(() => (window as { __result?: unknown }).__result as T);
}

/** How many WebAssembly.compileStreaming calls the page made succeeded and failed. */
export function streamingOf(page: Page): Promise<{ ok: number; failed: number }> {
  return page.evaluate(() => (window as unknown as { __streaming: { ok: number; failed: number } }).__streaming);
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `simd-activations-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Copies the built package into `dir`/node_modules/simd-activations, as npm would install it. */
export function installPackage(dir: string): string {
  const target = join(dir, 'node_modules/simd-activations');
  mkdirSync(target, { recursive: true });
  cpSync(join(REPO, 'package.json'), join(target, 'package.json'));
  cpSync(join(REPO, 'dist'), join(target, 'dist'), { recursive: true });
  return target;
}
