import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './corpus.js';

export const CHROMIUM = process.env.STOCKADE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and other artefacts a person can look at after a test run. */
export const artifactsDir = join(repoRoot, 'test-artifacts');

/** Headless Debian Chromium with every background connection off: the machine has no network. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install Debian's chromium package)`);
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
