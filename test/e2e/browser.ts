/**
 * Headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core (never a
 * browser that Playwright downloads). Works as root: the sandbox is off, and the background-networking flags
 * keep Chromium from reaching for Google's hosts on a machine without internet. Playwright starts every
 * launch with a fresh temporary profile (its own `--user-data-dir`, removed on close), so no state leaks
 * between runs.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.NETOPS_CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `e2e: skipped — no Chromium at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) ` +
    'or set NETOPS_CHROMIUM_PATH; CI (.ci/run) installs it, so there these tests run.'
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: [...CHROMIUM_FLAGS],
    timeout: 30_000,
  });
}
