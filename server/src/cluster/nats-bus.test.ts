import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBusData } from '../platform/bus/bus.js';
import { connectNatsBus, type NatsBus } from '../platform/bus/nats-bus.js';

/** The NATS server of the cluster tests (CI starts it); shared, so every run uses prefixes of its own. */
const BUS_URL = process.env.ENCLAVE_TEST_BUS_URL ?? 'nats://127.0.0.1:4222';
const log = pino({ level: 'silent' });

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('two deployments on one NATS server', () => {
  const run = randomUUID();
  let first: NatsBus;
  /** Another process of the first deployment: the same prefix. */
  let firstAgain: NatsBus;
  let second: NatsBus;

  beforeAll(async () => {
    [first, firstAgain, second] = await Promise.all([
      connectNatsBus(BUS_URL, log, `test-${run}.first`),
      connectNatsBus(BUS_URL, log, `test-${run}.first`),
      connectNatsBus(BUS_URL, log, `test-${run}.second`),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), firstAgain?.close(), second?.close()]);
  });

  it("never hears the other deployment's messages, and hears its own", async () => {
    const heardByFirstAgain: string[] = [];
    const heardBySecond: string[] = [];
    const stops = [
      firstAgain.subscribe('org.*.entries.v2', (data, subject) =>
        heardByFirstAgain.push(`${subject} ${decodeBusData(data)}`),
      ),
      second.subscribe('>', (data, subject) => heardBySecond.push(`${subject} ${decodeBusData(data)}`)),
    ];
    try {
      // Both subscriptions are registered with the server before anything is published.
      await Promise.all([firstAgain.flush(), second.flush()]);
      first.publish('org.7.entries.v2', 'for the first deployment');
      await waitFor(() => heardByFirstAgain.length > 0, 'the same deployment to hear it');
      expect(heardByFirstAgain).toEqual(['org.7.entries.v2 for the first deployment']);

      // The server routed the message before the marker (sent after it was heard), so the second deployment
      // would have had it first.
      second.publish('marker', 'done');
      await waitFor(() => heardBySecond.length > 0, 'the marker');
      expect(heardBySecond).toEqual(['marker done']);
    } finally {
      for (const stop of stops) stop();
    }
  });
});
