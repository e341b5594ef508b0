/**
 * `npm run build`: what `npm start` and the tests run, each part built only when its inputs changed.
 *
 * - `packages/sdk/dist`: the SDK as JavaScript with type declarations (tsc), as `npm pack` ships it;
 * - `packages/contracts/dist`: the wire schemas the server and the web share, likewise;
 * - `server/dist`: the server, one JavaScript file per source file (esbuild; `npm run typecheck` checks types);
 * - `web/dist`: the web app (Vite).
 *
 * Each output folder keeps a hash of the files it was built from (`.inputs`); a build whose hash matches is
 * skipped, so starting an up-to-date checkout costs a second, not a web build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, globSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');

type Part = {
  name: string;
  /** Globs relative to ROOT of every file the output depends on. */
  inputs: string[];
  out: string;
  make: () => Promise<void> | void;
};

/** What every part also depends on: the versions of the tools and libraries it is built with. */
const ALWAYS = ['package-lock.json', 'tsconfig.base.json'];

/** Production files of a source tree: tests and test helpers are not shipped. */
function sources(dir: string): string[] {
  return globSync(`${dir}/**/*.ts`, { cwd: ROOT }).filter(
    (file) => !file.endsWith('.test.ts') && !file.split('/').includes('testing'),
  );
}

const parts: Part[] = [
  {
    name: 'sdk',
    inputs: ['packages/sdk/src/**/*', 'packages/sdk/package.json', 'packages/sdk/tsconfig.build.json'],
    out: 'packages/sdk/dist',
    make: () => {
      execFileSync(join(BIN, 'tsc'), ['-p', 'packages/sdk/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    },
  },
  {
    name: 'contracts',
    inputs: [
      'packages/contracts/src/**/*',
      'packages/contracts/package.json',
      'packages/contracts/tsconfig.build.json',
    ],
    out: 'packages/contracts/dist',
    make: () => {
      execFileSync(join(BIN, 'tsc'), ['-p', 'packages/contracts/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    },
  },
  {
    name: 'server',
    inputs: ['server/src/**/*', 'server/package.json', 'scripts/build.ts'],
    out: 'server/dist',
    make: async () => {
      await build({
        absWorkingDir: ROOT,
        entryPoints: sources('server/src'),
        outbase: 'server/src',
        outdir: 'server/dist',
        platform: 'node',
        format: 'esm',
        target: 'node22',
        sourcemap: true,
        logLevel: 'warning',
      });
    },
  },
  {
    name: 'web',
    inputs: ['web/src/**/*', 'web/public/**/*', 'web/index.html', 'web/vite.config.ts', 'web/package.json'],
    out: 'web/dist',
    make: () => {
      execFileSync(join(BIN, 'vite'), ['build', '--logLevel', 'warn'], { cwd: join(ROOT, 'web'), stdio: 'inherit' });
    },
  },
];

function inputsHash(part: Part): string {
  const hash = createHash('sha256');
  const files = [...ALWAYS, ...part.inputs]
    .flatMap((pattern) => globSync(pattern, { cwd: ROOT }))
    .filter((file) => statSync(join(ROOT, file)).isFile())
    .sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}

const only = process.argv.slice(2);
for (const part of parts) {
  if (only.length > 0 && !only.includes(part.name)) continue;
  const stamp = join(ROOT, part.out, '.inputs');
  const hash = inputsHash(part);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
  const started = Date.now();
  rmSync(join(ROOT, part.out), { recursive: true, force: true });
  await part.make();
  writeFileSync(stamp, hash);
  process.stdout.write(`built ${part.name} (${part.out}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
