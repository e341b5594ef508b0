import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api';
import type { MemberCard } from '../contacts/contacts.queries';
import type { GroupInfo } from './chats.queries';
import { useConversationSettings } from './chats.queries';
import { parseConversation } from './conversation-id';
import { rememberedDmPeer } from './dm-peers';

/** Conversations the member muted: no notifications, not counted on the tab. */
export function useMutedSet(): ReadonlySet<string> {
  const settings = useConversationSettings();
  return useMemo(
    () => new Set((settings.data ?? []).filter((c) => c.muted).map((c) => c.conversation)),
    [settings.data],
  );
}

/**
 * Names for conversations the inbox cannot name itself: group names, and direct-chat peers remembered
 * on this device who have not written yet. The server leaves titles to the client; these share the cache with the pages' queries.
 */
type NameLookup = { conversation: string; kind: 'group' | 'member'; id: string };

export function useConversationNames(conversations: readonly string[]): ReadonlyMap<string, string> {
  const lookups = useMemo(
    () =>
      conversations.flatMap((conversation): NameLookup[] => {
        const ref = parseConversation(conversation);
        if (ref.kind === 'group') return [{ conversation, kind: 'group', id: ref.id }];
        const peer = ref.kind === 'dm' ? rememberedDmPeer(conversation) : null;
        return peer ? [{ conversation, kind: 'member', id: peer }] : [];
      }),
    [conversations],
  );
  const results = useQueries({
    queries: lookups.map((l: NameLookup) =>
      l.kind === 'group'
        ? {
            queryKey: ['member', 'group', l.id],
            queryFn: () => api.get<GroupInfo>(`/api/client/chats/groups/${encodeURIComponent(l.id)}`),
            staleTime: 60_000,
            meta: { silent: true },
          }
        : {
            queryKey: ['member', 'card', l.id],
            queryFn: () => api.get<MemberCard>(`/api/client/members/${encodeURIComponent(l.id)}`),
            staleTime: 5 * 60_000,
            meta: { silent: true },
          },
    ),
  });
  const names = new Map<string, string>();
  results.forEach((result, i) => {
    const lookup = lookups[i];
    if (lookup && result.data?.name) names.set(lookup.conversation, result.data.name);
  });
  return names;
}
