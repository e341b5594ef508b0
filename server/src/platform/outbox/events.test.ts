import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from './events.js';

const Renamed = defineEvent(
  'test.renamed',
  z.object({ id: z.number(), name: z.string(), before: z.string().optional() }),
);
const row = (type: string, payload: unknown) => ({ type, payload: JSON.stringify(payload) });

describe('defineEvent', () => {
  it('builds the event its emitter records, checking the payload', () => {
    expect(Renamed.of({ id: 1, name: 'a' })).toEqual({ type: 'test.renamed', payload: { id: 1, name: 'a' } });
    expect(() => Renamed.of({ id: '1', name: 'a' } as never)).toThrow();
  });

  it('parses its own rows, older ones without the newer fields too, and no other', () => {
    expect(Renamed.parse(row('test.renamed', { id: 2, name: 'b', before: 'a' }))).toEqual({
      id: 2,
      name: 'b',
      before: 'a',
    });
    expect(Renamed.parse(row('test.renamed', { id: 2, name: 'b' }))).toEqual({ id: 2, name: 'b' });
    expect(Renamed.parse(row('test.other', { id: 2, name: 'b' }))).toBeUndefined();
  });

  it('refuses a row of its type that does not fit the schema, naming the type', () => {
    expect(() => Renamed.parse(row('test.renamed', { id: 'x' }))).toThrow(/test\.renamed/);
  });
});
