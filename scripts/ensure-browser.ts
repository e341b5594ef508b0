/**
 * Part of `npm test`: the browser journeys need Debian's Chromium. When it is missing and this runs as root
 * on a Debian-like machine (as CI and fresh project machines do), it installs it with apt-get, as `.ci/run`
 * does. Otherwise it says what to run; the rest of the suite still runs, and the journeys fail with that line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_MISSING, hasChromium } from '../e2e/browser-path.js';

function aptInstall(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get') || process.env.CHROMIUM_PATH) return false;
  process.stdout.write("installing Debian's chromium for the browser journeys (apt-get install chromium)…\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    return false;
  }
  return hasChromium();
}

if (!hasChromium() && !aptInstall()) process.stderr.write(`warning: ${CHROMIUM_MISSING}\n`);
