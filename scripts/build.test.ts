import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const build = () =>
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, encoding: 'utf8' });

describe('the release build', () => {
  it('is what npm start runs: compiled server, worker file and web app, rebuilt only when inputs change', () => {
    build(); // whatever is stale now (the test command built everything already)
    expect(build(), 'a second build of unchanged inputs').toBe('');
    for (const file of ['server/dist/main.js', 'server/dist/platform/db/checkpointer-worker.js', 'web/dist/index.html'])
      expect(existsSync(resolve(ROOT, file)), file).toBe(true);
    const scripts = (path: string) =>
      (JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts('package.json').start).toBe('npm run build && npm run start --workspace server');
    expect(scripts('server/package.json').start).toMatch(/^node .* dist\/main\.js$/);
  }, 120_000);
});
