import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './runtime-flags.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

describe('the Node.js flags of an Enclave process', () => {
  it('are the same wherever a process is started: npm start and the documented service unit', () => {
    const start = (JSON.parse(read('server/package.json')) as { scripts: { start: string } }).scripts.start;
    const unit = /ExecStart=(.*)/.exec(read('docs/cluster.md'))?.[1] ?? '';
    for (const flag of NODE_FLAGS) {
      expect(start.split(' '), 'server/package.json start').toContain(flag);
      expect(unit.split(' '), 'docs/cluster.md ExecStart').toContain(flag);
    }
  });
});
