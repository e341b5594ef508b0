import { describe, expect, it } from 'vitest';
import { safeNext, secondsLeft } from './safe-next';

const origin = 'https://enclave.example';

describe('safeNext', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeNext('/connect/oauth2/authorize?appid=ww1&state=x', origin)).toBe(
      '/connect/oauth2/authorize?appid=ww1&state=x',
    );
  });

  it('refuses other origins and script URLs', () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(safeNext(next, origin)).toBe('/m/');
    }
    expect(safeNext(null, origin)).toBe('/m/');
  });
});

describe('secondsLeft', () => {
  it('rounds up and stops at zero', () => {
    expect(secondsLeft(10_500, 1_000)).toBe(10);
    expect(secondsLeft(1_000, 5_000)).toBe(0);
  });
});
