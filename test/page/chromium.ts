/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot
 * download browsers on these machines; `.ci/run` installs `chromium` with apt).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const EXECUTABLE = '/usr/bin/chromium';

/**
 * Launches headless Chromium. Playwright gives every launch a fresh profile of
 * its own (`--user-data-dir` in a new temporary folder, removed on close) and
 * refuses one passed in `args`, so none is.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(
      `the page tests need Chromium at ${EXECUTABLE}: apt-get install -y --no-install-recommends chromium (.ci/run does this)`,
    );
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
