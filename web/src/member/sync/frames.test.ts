import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff';
import { parseServerFrame } from './frames';

describe('parseServerFrame', () => {
  it('reads the gateway frames', () => {
    expect(parseServerFrame('{"type":"hello"}')).toEqual({ type: 'hello' });
    expect(parseServerFrame('{"type":"synced","seq":7}')).toEqual({ type: 'synced', seq: 7 });
    expect(parseServerFrame('{"type":"entry","entry":{"seq":1}}')).toEqual({ type: 'entry', entry: { seq: 1 } });
    expect(parseServerFrame('{"type":"error","message":"x"}')).toEqual({ type: 'error', message: 'x' });
  });

  it('returns null for junk and unknown types', () => {
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('{"type":"surprise"}')).toBeNull();
    expect(parseServerFrame('{"type":"synced"}')).toBeNull();
    expect(parseServerFrame('null')).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('doubles from one second and stops at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => reconnectDelay(a, 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters down to half', () => {
    expect(reconnectDelay(0, 0)).toBe(500);
    expect(reconnectDelay(3, 0.5)).toBe(6000);
  });
});
