// Where the browser tests find Chromium, and how they launch it. Debian's Chromium
// (`apt-get install chromium`, as .ci/run does) at /usr/bin/chromium, or $CHROMIUM_PATH;
// Playwright's own browser download is not used. vitest.config.ts (the browser project) and the
// end-to-end tests in this folder (which drive pages through playwright-core) both read this.
import { existsSync } from 'node:fs';

const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The Chromium executable ($CHROMIUM_PATH when set, else /usr/bin/chromium), or undefined when it is not there. */
export const CHROMIUM_PATH: string | undefined = existsSync(candidate) ? candidate : undefined;

/** Headless, no sandbox (root in a container), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CI=true makes a missing Chromium a failure; elsewhere the browser tests are skipped, loudly. */
export const CHROMIUM_REQUIRED = process.env.CI === 'true';

export const NO_CHROMIUM_NOTICE = [
  '',
  '#'.repeat(100),
  '#  NO CHROMIUM: the browser tests are SKIPPED (vitest browser project and test/e2e).',
  '#  Install it with `apt-get install -y chromium` (or point CHROMIUM_PATH at a Chromium binary).',
  '#  Under CI=true this is a failure.',
  '#'.repeat(100),
  '',
].join('\n');
