import type { Generated } from 'kysely';

/** Tables of apps' scopes, messages and inboxes, chats and callbacks (conventions as in schema.ts). */

export interface AppScopeTable {
  org_id: number;
  app_id: number;
  kind: 'member' | 'department' | 'tag';
  ref_id: number;
}

export interface MessageTable {
  id: Generated<number>;
  org_id: number;
  /** The sending app; null for member-to-member chat (issue 4). */
  app_id: number | null;
  /** The id callers see (WeCom's msgid), unique per org. */
  msg_id: string;
  msg_type: string;
  payload: string;
  is_confidential: number;
  recipient_count: number;
  created_at: number;
  recalled_at: number | null;
  /** The member who wrote it (1:1 and group chat); null for app messages. */
  sender_member_id: number | null;
}

/** A term a message is found by: a word, or a pair or single of ideographs (search in one's messages). */
export interface MessageSearchGramTable {
  org_id: number;
  gram: string;
  message_id: number;
}

/** A media id a message's payload refers to (who may download it: the members with the message). */
export interface MessageMediaTable {
  org_id: number;
  media_id: string;
  message_id: number;
}

export interface MemberSequenceTable {
  member_id: number;
  org_id: number;
  last_seq: number;
}

export interface InboxEntryTable {
  member_id: number;
  seq: number;
  org_id: number;
  message_id: number;
  /** Which conversation of the member's client it belongs to, e.g. `app:1000002`. */
  conversation: string;
  /** `message` delivers a message; `recall` tells the client a message was recalled. */
  kind: 'message' | 'recall';
  created_at: number;
  read_at: number | null;
}

export interface MessageFingerprintTable {
  org_id: number;
  app_id: number;
  fingerprint: string;
  msg_id: string;
  expires_at: number;
}

export interface AppCallbackTable {
  app_id: number;
  org_id: number;
  url: string;
  token: string;
  encoding_aes_key: string;
  verified_at: number;
}

export interface CallbackDeliveryTable {
  id: Generated<number>;
  org_id: number;
  app_id: number;
  /** Deduplicates: the same event is queued once per app (e.g. `outbox:42`). */
  event_key: string;
  event_type: string;
  /** The plaintext XML of the message or event; encrypted at each attempt. */
  body: string;
  /** The member the event is from, so a passive reply can reach them. */
  from_member_id: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface AppChatTable {
  id: Generated<number>;
  org_id: number;
  /** The app that created the chat; only it may manage the chat or send to it. */
  app_id: number;
  /** The id apps use (`[0-9a-zA-Z]`, ≤32), unique within the org. */
  chat_id: string;
  name: string;
  owner_member_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface AppChatMemberTable {
  app_chat_id: number;
  member_id: number;
  org_id: number;
  /** Join order. */
  slot: number;
}
