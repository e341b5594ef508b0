import { DomainError, invalid } from '../platform/errors.js';
import {
  appChatErrors as E,
  createAppChat,
  getAppChat,
  sendToAppChat,
  updateAppChat,
} from '../modules/app-chats/index.js';
import { defineCgi } from './cgi.js';
import type { Fields } from './lenient.js';
import { requireApp } from './messages.js';

/** Reads a field; a malformed one fails with the appchat errcode WeCom gives for it, not the generic 40058. */
function readAs<T>(code: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'request.invalid') {
      throw new DomainError(code, error.kind, error.message, error.details);
    }
    throw error;
  }
}

/** An optional string field: `""`, null or absent mean "not given". */
function optionalString(fields: Fields, name: string, code: string): string | undefined {
  return fields.has(name) ? readAs(code, () => fields.string(name)) : undefined;
}

/** A userid list: an array, or a `|`-joined string as 2015-era SDKs send it. */
function userList(fields: Fields, name: string): string[] | undefined {
  const list = readAs(E.invalidMember, () => fields.stringList(name));
  return list?.map((u) => u.trim()).filter((u) => u !== '');
}

function requiredChatId(fields: Fields): string {
  const chatId = optionalString(fields, 'chatid', E.invalidChatId)?.trim();
  if (!chatId) throw invalid(E.invalidChatId, 'chatid missing');
  return chatId;
}

/**
 * WeCom's app-created group chats (wecom-api.md §4.3): only the creating app's token manages a chat. WeCom also
 * demands an app visible to the whole org; Enclave asks instead that every member be inside the app's scope.
 */
export const appChatApi = [
  defineCgi({
    method: 'POST',
    path: 'appchat/create',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const app = requireApp(ctx, undefined);
      const chat = await createAppChat(ctx, {
        appId: app.id,
        chatId: optionalString(body, 'chatid', E.invalidChatId)?.trim(),
        name: optionalString(body, 'name', E.invalidName),
        ownerUserId: optionalString(body, 'owner', E.invalidOwner)?.trim(),
        userIds: userList(body, 'userlist') ?? [],
      });
      return { chatid: chat.chatId };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'appchat/update',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const app = requireApp(ctx, undefined);
      await updateAppChat(ctx, {
        appId: app.id,
        chatId: requiredChatId(body),
        name: optionalString(body, 'name', E.invalidName),
        ownerUserId: optionalString(body, 'owner', E.invalidOwner)?.trim(),
        addUserIds: userList(body, 'add_user_list'),
        removeUserIds: userList(body, 'del_user_list'),
      });
      return {};
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'appchat/get',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const app = requireApp(ctx, undefined);
      const chat = await getAppChat(ctx, app.id, requiredChatId(query));
      return {
        chat_info: { chatid: chat.chatId, name: chat.name, owner: chat.ownerUserId, userlist: chat.memberUserIds },
      };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'appchat/send',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const app = requireApp(ctx, undefined);
      const chatId = requiredChatId(body);
      const msgType = optionalString(body, 'msgtype', E.invalidMsgType)?.trim() ?? '';
      await sendToAppChat(ctx, {
        appId: app.id,
        chatId,
        msgType,
        payload: msgType === '' ? undefined : body.object(msgType),
        confidential: body.int('safe', { min: 0, max: 1 }) === 1,
      });
      return {};
    },
  }),
];
