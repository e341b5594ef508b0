import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ChildServer, startChildServer } from '../../testing/child-server.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { isSameOrigin } from './gateway.js';

/**
 * Nothing a client sends may end the process. These upgrades once did: `new URL(origin)` threw inside the
 * gateway and the rejection went unhandled. Sent to Enclave running as its own process (the release build),
 * which must still answer afterwards.
 */

let store: TestStore;
let server: ChildServer;

beforeAll(async () => {
  store = await createTestStore();
  server = await startChildServer({ databaseUrl: store.url, dataDir: store.dataDir, release: true });
}, 60_000);

afterAll(async () => {
  await server?.kill();
  await store?.drop();
});

/** Sends a hand-written upgrade request and resolves with what the server wrote before it closed. */
function rawUpgrade(port: number, origin: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer; got: ${answer}`)));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      // The close frame follows the 101: once it is in, the server has decided.
      if (answer.includes('\r\n\r\n') && answer.length > answer.indexOf('\r\n\r\n') + 4) socket.end();
    });
    socket.on('close', () => done(answer));
    socket.on('error', fail);
    socket.write(
      [
        'GET /api/client/ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Origin: ${origin}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}

describe('the WebSocket gateway as a process', () => {
  it('refuses upgrades with a null or unparseable Origin and keeps answering', async () => {
    const port = Number(new URL(server.baseUrl).port);
    for (const origin of ['null', 'http://[', '::::', '\u00ff\u00fe', 'file://', 'http://evil.example']) {
      const answer = await rawUpgrade(port, origin);
      expect(answer.startsWith('HTTP/1.1 101'), `upgrade with Origin ${origin}: ${answer}`).toBe(true);
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect(health.status, `after Origin ${origin}:\n${server.output()}`).toBe(200);
    }
    expect(server.process.exitCode).toBeNull();
  });

  it('closes a cross-origin socket with 4403', async () => {
    const socket = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/api/client/ws`, { origin: 'null' });
    const code = await new Promise<number>((done) => socket.on('close', (c) => done(c)));
    expect(code).toBe(4403);
  });
});

describe('isSameOrigin', () => {
  it('lets non-browser clients (no Origin) and our own pages through, nothing else', () => {
    expect(isSameOrigin(undefined, 'a.example:8080')).toBe(true);
    expect(isSameOrigin('https://a.example:8080', 'a.example:8080')).toBe(true);
    expect(isSameOrigin('https://b.example:8080', 'a.example:8080')).toBe(false);
    expect(isSameOrigin('null', 'a.example:8080')).toBe(false);
    expect(isSameOrigin('http://[', 'a.example:8080')).toBe(false);
    expect(isSameOrigin('', 'a.example:8080')).toBe(false);
  });
});
