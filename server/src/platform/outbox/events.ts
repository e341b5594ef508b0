import type { z } from 'zod';
import { type OutboxEvent, declaredEvent } from './outbox.js';
import type { OutboxRow } from './relay.js';

/**
 * An outbox event, declared once by the module that records it (issue 11): its type and the schema of its
 * payload. The emitter builds events with `of`, which checks the payload (a change that would record a
 * malformed event fails in its own transaction); reactors read relayed rows with `parse`, never with
 * `JSON.parse(…) as`. Schemas accept what older releases wrote (newer fields optional), since rows outlive them.
 */
export type EventDefinition<T> = {
  readonly type: string;
  of(payload: T): OutboxEvent;
  /** The row's payload when the row is this event; undefined for other events. */
  parse(row: Pick<OutboxRow, 'type' | 'payload'>): T | undefined;
};

export function defineEvent<S extends z.ZodType>(type: string, schema: S): EventDefinition<z.output<S>> {
  return {
    type,
    of: (payload) => declaredEvent(type, schema.parse(payload) as object),
    parse: (row) => {
      if (row.type !== type) return undefined;
      const parsed = schema.safeParse(JSON.parse(row.payload));
      if (!parsed.success) throw new Error(`outbox event ${type} has a malformed payload: ${parsed.error.message}`);
      return parsed.data;
    },
  };
}

/** The payload type of an event definition. */
export type PayloadOf<E> = E extends EventDefinition<infer T> ? T : never;
