import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What an app developer gets: the SDK packed as `npm pack` makes it, installed into a project of its own
 * (no workspace, no TypeScript sources), imported by plain Node.js and type-checked from its declarations.
 */
const SDK = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const TSC = resolve(SDK, '../../node_modules/.bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'enclave-sdk-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('@enclave/sdk from npm pack', () => {
  it('installs into a fresh project, loads in Node.js and type-checks from its declarations', () => {
    run('npm', ['pack', '--silent', '--pack-destination', dir], SDK);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // @types/node as any Node.js project has it: the handler's declarations name node:http's types.
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball ?? ''), '@types/node@24'],
      app,
    );

    writeFileSync(
      join(app, 'main.ts'),
      [
        "import { EnclaveClient, createCallbackHandler, type CallbackMessage } from '@enclave/sdk';",
        "import { jsapiSignature } from '@enclave/sdk/crypto';",
        "const client = new EnclaveClient({ baseUrl: 'http://127.0.0.1:1', corpId: 'ww1', secret: 's' });",
        "const handler = createCallbackHandler({ token: 't', encodingAesKey: 'k'.repeat(43), corpId: 'ww1', onMessage: (m: CallbackMessage) => { void m.fields; } });",
        "const signature: string = jsapiSignature({ ticket: 't', nonceStr: 'n', timestamp: 1, url: 'http://a/' });",
        'console.log(JSON.stringify({ client: typeof client.user.get, handler: typeof handler, signature }));',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['main.ts'],
      }),
    );
    run(TSC, ['-p', 'tsconfig.json'], app);

    const out = run(process.execPath, ['--experimental-strip-types', '--no-warnings', 'main.ts'], app);
    const printed = JSON.parse(out) as { client: string; handler: string; signature: string };
    expect(printed).toMatchObject({ client: 'function', handler: 'function' });
    expect(printed.signature).toMatch(/^[0-9a-f]{40}$/);
  }, 120_000);
});
