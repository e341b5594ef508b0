import { z } from 'zod';
import { InboxItem } from './messaging.js';

/**
 * The member client's WebSocket (`/api/client/ws`). The inbox is the truth and a push an optimisation
 * (DESIGN.md §5): the client syncs after its last seq on connecting, and again when told to resync.
 */

/** Frames the gateway sends. */
export const ServerFrame = z.discriminatedUnion('type', [
  /** The socket is accepted; the client asks for what it missed next. */
  z.strictObject({ type: z.literal('hello') }),
  /** A new inbox entry, or one a sync sends. */
  z.strictObject({ type: z.literal('entry'), entry: InboxItem }),
  /** The end of a sync's entries: the last seq it sent (the asked-for one when there were none). */
  z.strictObject({ type: z.literal('synced'), seq: z.number().int().min(0) }),
  /** The socket fell behind and pushes stopped: sync again. */
  z.strictObject({ type: z.literal('resync') }),
  z.strictObject({ type: z.literal('pong') }),
  /** A frame the gateway could not act on. */
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Frames the client sends. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sync'), after: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
