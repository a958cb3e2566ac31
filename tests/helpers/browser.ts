import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './run-steplens';

// Debian's Chromium, driven by playwright-core (`npx playwright install` cannot work offline).
// The flags keep it from reaching for Google's hosts, which this network refuses.
const CHROMIUM = process.env.STEPLENS_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const screenshotDir = join(repoRoot, 'tests', 'artifacts', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: \`npm test\` installs it when run as root (its pretest, tests/setup/prerequisites.mjs); else \`apt-get install -y chromium\`, or set STEPLENS_CHROMIUM`);
  }
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
