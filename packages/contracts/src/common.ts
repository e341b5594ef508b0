import { z } from 'zod';

/**
 * Shapes every area shares. Answers are strict objects: a field the server sends that its contract does not
 * name (a column leaking out, a renamed field) fails the check as much as a missing one does.
 */

/** A row id, an agent id, a department id (the root department's parent is 0). */
export const Id = z.number().int().min(0);
/** Milliseconds since the epoch. */
export const Timestamp = z.number().int().min(0);
/** A count of things. */
export const Count = z.number().int().min(0);

/** `{items: [...]}`: how a list is answered when it may later carry more than its items. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item) });
}

/** What a route answers when its use case returns nothing: it was done. */
export const Ok = z.strictObject({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;

/** An empty answer: the change was made, there is nothing to show. */
export const Empty = z.strictObject({});
export type Empty = z.infer<typeof Empty>;

/**
 * How the client and admin API refuse (any 4xx, and a 500): a stable code the web translates
 * (web/src/i18n/errors-*.ts), the server's English for logs, and what the code's owner adds.
 */
export const ApiErrorBody = z.strictObject({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** The token a signed-in page sends back in `x-csrf-token` on every write. */
export const CsrfToken = z.strictObject({ csrfToken: z.string() });
export type CsrfToken = z.infer<typeof CsrfToken>;
