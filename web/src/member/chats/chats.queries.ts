import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AppMessagePosted,
  ChatReceipts,
  ConversationList,
  ConversationSettings as ConversationSettingsAnswer,
  CreatedGroup,
  DirectChat,
  FoundMessageList,
  GroupInfo,
  GroupUpdate,
  MarkedRead,
  Ok,
  SentChatMessage,
  UploadedMedia,
} from '@enclave/contracts';
import { api, isMissingRouteError } from '../api';
import type { ConversationSettings } from './conversation-list';

export type { GroupInfo, UploadedMedia } from '@enclave/contracts';

export interface OutgoingMessage {
  msgType: 'text' | 'image' | 'file' | 'voice' | 'location' | 'link';
  payload: Record<string, unknown>;
  mentions?: string[];
}

const conversationsKey = ['member', 'conversations'] as const;
const groupKey = (id: string) => ['member', 'group', id] as const;

/** Titles, pins and mutes the server keeps per conversation; empty until the server has the route. */
export function useConversationSettings() {
  return useQuery({
    queryKey: conversationsKey,
    queryFn: async (): Promise<ConversationSettings[]> => {
      try {
        return (await api.get<ConversationList>('/api/client/conversations')).items;
      } catch (error) {
        if (isMissingRouteError(error)) return [];
        throw error;
      }
    },
    meta: { silent: true },
  });
}

export function useUpdateConversationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversation, ...body }: { conversation: string; pinned?: boolean; muted?: boolean }) =>
      api.put<ConversationSettingsAnswer>(
        `/api/client/conversations/${encodeURIComponent(conversation)}/settings`,
        body,
      ),
    onMutate: ({ conversation, ...change }) => {
      // Show the change at once; the refetch after settling brings the server's view back.
      queryClient.setQueryData<ConversationSettings[]>(conversationsKey, (list = []) => {
        const found = list.some((c) => c.conversation === conversation);
        return found
          ? list.map((c) => (c.conversation === conversation ? { ...c, ...change } : c))
          : [...list, { conversation, ...change }];
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: conversationsKey }),
  });
}

export function useSendMessage(conversation: string) {
  return useMutation({
    mutationFn: (message: OutgoingMessage) =>
      api.post<SentChatMessage>(`/api/client/conversations/${encodeURIComponent(conversation)}/messages`, message),
    meta: { silent: true },
  });
}

/** Uploads a file for a chat message (multipart field `media`); the message then refers to its media id. */
export function useUploadMedia() {
  return useMutation({
    mutationFn: ({ type, file }: { type: UploadedMedia['type']; file: File }) => {
      const form = new FormData();
      form.append('media', file, file.name);
      return api.upload<UploadedMedia>(`/api/client/media?type=${type}`, form);
    },
    meta: { silent: true },
  });
}

/** A member's text to an app (the app gets it as a callback). */
export function useSendAppMessage(agentId: number) {
  return useMutation({
    // The route takes the fields flat ({msgType, content}); `payload` is sent too for the documented shape.
    mutationFn: (content: string) =>
      api.post<AppMessagePosted>(`/api/client/apps/${agentId}/messages`, {
        msgType: 'text',
        content,
        payload: { content },
      }),
    meta: { silent: true },
  });
}

export function useRecall() {
  return useMutation({
    mutationFn: (msgId: string) => api.post<Ok>(`/api/client/messages/${encodeURIComponent(msgId)}/recall`),
  });
}

export function useMarkRead() {
  return useMutation({
    mutationFn: ({ conversation, upToSeq }: { conversation: string; upToSeq: number }) =>
      api.post<MarkedRead>(`/api/client/conversations/${encodeURIComponent(conversation)}/read`, { upToSeq }),
    meta: { silent: true },
  });
}

export function useReceipts(msgId: string | null) {
  return useQuery({
    queryKey: ['member', 'receipts', msgId],
    queryFn: () => api.get<ChatReceipts>(`/api/client/messages/${encodeURIComponent(msgId ?? '')}/receipts`),
    enabled: msgId !== null,
    staleTime: 0,
    meta: { silent: true },
  });
}

export function useGroup(id: string | null) {
  return useQuery({
    queryKey: groupKey(id ?? ''),
    queryFn: () => api.get<GroupInfo>(`/api/client/chats/groups/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    meta: { silent: true },
  });
}

export function useCreateGroup() {
  return useMutation({
    mutationFn: (body: { name: string; userIds: string[] }) => api.post<CreatedGroup>('/api/client/chats/groups', body),
  });
}

export function useUpdateGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; addUserIds?: string[]; removeUserIds?: string[]; owner?: string }) =>
      api.patch<GroupUpdate>(`/api/client/chats/groups/${encodeURIComponent(id)}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKey(id) }),
  });
}

/** Opens (or creates) the direct chat with a member. */
export function useOpenDirect() {
  return useMutation({
    mutationFn: (userId: string) => api.post<DirectChat>('/api/client/chats/direct', { userId }),
  });
}

/** The member's own messages containing `q` (Chinese substrings too); off for an empty query. */
export function useMessageSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['member', 'message-search', query],
    queryFn: () =>
      api.get<FoundMessageList>('/api/client/messages/search', { q: query, limit: 50 }).then((r) => r.items),
    enabled: query !== '',
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}
