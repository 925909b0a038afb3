// Without Chromium the browser tests cannot run: skipped with a loud notice on a developer's
// machine, a failure under CI=true (.ci/run installs Chromium with apt-get).
import { expect, it } from 'vitest';
import { CHROMIUM_PATH, CHROMIUM_REQUIRED, NO_CHROMIUM_NOTICE } from './chromium.js';

it('Chromium is installed for the browser tests', (context) => {
  if (!CHROMIUM_PATH) {
    console.warn(NO_CHROMIUM_NOTICE);
    if (!CHROMIUM_REQUIRED) return context.skip('no Chromium: the browser tests are skipped (a failure under CI=true)');
  }
  expect(CHROMIUM_PATH, 'CI=true: no Chromium at /usr/bin/chromium or $CHROMIUM_PATH; run `apt-get install -y chromium`').toBeDefined();
});
