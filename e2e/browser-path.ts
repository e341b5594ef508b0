import { existsSync } from 'node:fs';

/** Debian's chromium, as CI installs it; CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What to do when it is missing: one line, naming the command that fixes it. */
export const CHROMIUM_MISSING = process.env.CHROMIUM_PATH
  ? `the browser journeys need Chromium, and CHROMIUM_PATH=${CHROMIUM} is not a file: point it at a Chromium binary`
  : `the browser journeys need Debian's Chromium at ${CHROMIUM}: run \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary)`;

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}
