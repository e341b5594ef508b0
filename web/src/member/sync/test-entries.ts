import type { InboxItem } from './inbox-types';

/** Builds an inbox entry for tests: a text message in `conversation` unless told otherwise. */
export function entry(seq: number, overrides: Partial<InboxItem> & { msgId?: string } = {}): InboxItem {
  const { msgId, ...rest } = overrides;
  return {
    seq,
    kind: 'message',
    conversation: 'dm:alice:bob',
    readAt: null,
    createdAt: 1_700_000_000_000 + seq,
    message: {
      msgId: msgId ?? `m${seq}`,
      msgType: 'text',
      payload: { content: `hello ${seq}` },
      isConfidential: false,
      recalled: false,
      createdAt: 1_700_000_000_000 + seq,
      sender: { userId: 'alice', name: 'Alice' },
    },
    ...rest,
  };
}
