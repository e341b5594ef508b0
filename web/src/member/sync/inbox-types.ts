/** Wire shapes of the member inbox (GET /api/client/inbox and the realtime gateway). */

export interface InboxSender {
  userId: string;
  name: string;
}

export interface InboxMessage {
  msgId: string;
  msgType: string;
  /** The stored payload; null once the message is recalled. */
  payload: Record<string, unknown> | null;
  isConfidential: boolean;
  recalled: boolean;
  createdAt: number;
  sender?: InboxSender | null;
}

/** One entry of the member's inbox: `seq` is gap-free and strictly increasing per member. */
export interface InboxItem {
  seq: number;
  /** `recall` entries tell the client that an earlier message was recalled. */
  kind: 'message' | 'recall';
  /** `app:<agentid>`, `dm:<a>:<b>`, `group:<id>` or `chat:<chatid>`. */
  conversation: string;
  readAt: number | null;
  createdAt: number;
  message: InboxMessage;
}

/** Frames the gateway sends. */
export type ServerFrame =
  | { type: 'hello' }
  | { type: 'entry'; entry: InboxItem }
  | { type: 'synced'; seq: number }
  | { type: 'resync' }
  | { type: 'pong' }
  | { type: 'error'; message: string };

/** Frames the client sends. */
export type ClientFrame = { type: 'sync'; after: number } | { type: 'ping' };
