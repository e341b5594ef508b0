import { describe, expect, it } from 'vitest';
import { decodeBusData, InProcessBus, subjectMatches } from './bus.js';

describe('the in-process bus', () => {
  it('matches subjects as NATS does', () => {
    expect(subjectMatches('enclave.org.*.entries', 'enclave.org.7.entries')).toBe(true);
    expect(subjectMatches('enclave.org.*.entries', 'enclave.org.7.other')).toBe(false);
    expect(subjectMatches('enclave.org.*', 'enclave.org.7.entries')).toBe(false);
    expect(subjectMatches('enclave.>', 'enclave.org.7.entries')).toBe(true);
    expect(subjectMatches('enclave.>', 'enclave')).toBe(false);
    expect(subjectMatches('enclave.tokens', 'enclave.tokens')).toBe(true);
  });

  it('delivers to matching subscribers before publish returns, and not after unsubscribing', () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    const stop = bus.subscribe('a.*', (data, subject) => seen.push(`${subject}:${decodeBusData(data)}`));
    bus.publish('a.1', 'one');
    bus.publish('b.1', 'other');
    stop();
    bus.publish('a.2', 'two');
    expect(seen).toEqual(['a.1:one']);
  });

  it('keeps a failing subscriber from reaching the publisher or the other subscribers', () => {
    const bus = new InProcessBus();
    const seen: number[] = [];
    bus.subscribe('x', () => {
      throw new Error('boom');
    });
    bus.subscribe('x', (data) => seen.push(data.length));
    expect(() => bus.publish('x', new Uint8Array(3))).not.toThrow();
    expect(seen).toEqual([3]);
  });
});
