/** What a conversation id names: `app:<agentid>`, `dm:<a>:<b>`, `group:<id>` or `chat:<chatid>`. */
export type ConversationRef =
  | { kind: 'app'; agentId: number }
  | { kind: 'dm'; userIds: [string, string] }
  | { kind: 'group'; id: string }
  | { kind: 'chat'; chatId: string }
  | { kind: 'unknown' };

export function parseConversation(conversation: string): ConversationRef {
  const [kind, ...rest] = conversation.split(':');
  const tail = rest.join(':');
  if (kind === 'app') {
    const agentId = Number(tail);
    return Number.isInteger(agentId) && agentId > 0 ? { kind: 'app', agentId } : { kind: 'unknown' };
  }
  const [a, b] = rest;
  if (kind === 'dm' && rest.length === 2 && a && b) return { kind: 'dm', userIds: [a, b] };
  if (kind === 'group' && tail) return { kind: 'group', id: tail };
  if (kind === 'chat' && tail) return { kind: 'chat', chatId: tail };
  return { kind: 'unknown' };
}

export function isDirect(conversation: string): boolean {
  return parseConversation(conversation).kind === 'dm';
}
