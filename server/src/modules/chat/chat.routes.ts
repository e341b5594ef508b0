import {
  ChatReceipts,
  ConversationList,
  ConversationSettings,
  CreatedGroup,
  DirectChat,
  GroupInfo,
  GroupUpdate,
  MarkedRead,
  MemberAppList,
  Ok,
  SentChatMessage,
} from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../platform/http/route.js';
import { listConversations, setConversationSettings } from './chat.conversations.js';
import { createGroup, getGroup, updateGroup } from './chat.groups.js';
import { markRead, openDirect, receiptsOf, recallOwnMessage, sendChatMessage } from './chat.service.js';
import { listWorkbenchApps } from './workbench.js';

/** A conversation id as the inbox names them: `dm:<a>:<b>`, `group:<id>`, `app:<agentid>`, `chat:<chatid>`. */
const Conversation = z.object({
  conversation: z
    .string()
    .max(80)
    .regex(/^(dm:\d{1,10}:\d{1,10}|group:\d{1,10}|app:\d{1,10}|chat:[A-Za-z0-9]{1,32})$/, 'not a conversation id'),
});
const UserIds = z.array(z.string().min(1).max(64)).max(500);

export const chatRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/client/chats/direct',
    principal: 'member',
    response: DirectChat,
    body: z.object({ userId: z.string().min(1).max(64) }),
    handler: ({ ctx, body }) => openDirect(ctx, body.userId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/chats/groups',
    principal: 'member',
    response: CreatedGroup,
    body: z.object({ name: z.string().max(100), userIds: UserIds }),
    handler: ({ ctx, body }) => createGroup(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/chats/groups/:id',
    principal: 'member',
    response: GroupInfo,
    params: z.object({ id: intParam }),
    handler: ({ ctx, params }) => getGroup(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/client/chats/groups/:id',
    principal: 'member',
    response: GroupUpdate,
    params: z.object({ id: intParam }),
    body: z.object({
      name: z.string().max(100).optional(),
      addUserIds: UserIds.optional(),
      removeUserIds: UserIds.optional(),
      owner: z.string().min(1).max(64).optional(),
    }),
    handler: ({ ctx, params, body }) => updateGroup(ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/conversations/:conversation/messages',
    principal: 'member',
    response: SentChatMessage,
    params: Conversation,
    body: z.object({
      msgType: z.string().max(16),
      payload: z.record(z.string(), z.unknown()),
      mentions: UserIds.optional(),
    }),
    handler: ({ ctx, params, body }) => sendChatMessage(ctx, params.conversation, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/conversations/:conversation/read',
    principal: 'member',
    response: MarkedRead,
    params: Conversation,
    body: z.object({ upToSeq: z.number().int().min(0) }),
    handler: async ({ ctx, params, body }) => ({ marked: await markRead(ctx, params.conversation, body.upToSeq) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/conversations',
    principal: 'member',
    response: ConversationList,
    handler: async ({ ctx }) => ({ items: await listConversations(ctx) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/client/conversations/:conversation/settings',
    principal: 'member',
    response: ConversationSettings,
    params: Conversation,
    body: z.object({ pinned: z.boolean().optional(), muted: z.boolean().optional() }),
    handler: ({ ctx, params, body }) => setConversationSettings(ctx, params.conversation, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/client/messages/:msgId/recall',
    principal: 'member',
    response: Ok,
    params: z.object({ msgId: z.string().min(1).max(64) }),
    handler: ({ ctx, params }) => recallOwnMessage(ctx, params.msgId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/messages/:msgId/receipts',
    principal: 'member',
    response: ChatReceipts,
    params: z.object({ msgId: z.string().min(1).max(64) }),
    handler: ({ ctx, params }) => receiptsOf(ctx, params.msgId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/apps',
    principal: 'member',
    response: MemberAppList,
    handler: async ({ ctx }) => ({ items: await listWorkbenchApps(ctx) }),
  }),
];
