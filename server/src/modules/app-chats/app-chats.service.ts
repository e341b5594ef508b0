import { randomInt } from 'node:crypto';
import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/constraint.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { recordEvent } from '../../platform/outbox/outbox.js';
import { getAppScope } from '../apps/index.js';
import { resolveAudience } from '../audience/index.js';
import { idsByUserIds, loadMembersByIds } from '../directory/index.js';
import { findMedia } from '../media/index.js';
import { messageErrors, normalisePayload, storeAndDeliver } from '../messaging/index.js';
import { appChatErrors as E } from './app-chats.errors.js';
import { AppChatCreated, AppChatUpdated } from './app-chats.events.js';
import * as repo from './app-chats.repository.js';

/** WeCom's bounds: a chat holds 2 to 500 members; its name is cut to 50 characters. */
export const MIN_MEMBERS = 2;
export const MAX_MEMBERS = 500;
export const MAX_NAME_LENGTH = 50;

/** The message types a chat takes (wecom-api.md §4.3): message/send's, without cards and notices. */
export const APP_CHAT_MESSAGE_TYPES: readonly string[] = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
];

export type AppChat = {
  chatId: string;
  name: string;
  /** Empty when the owner has left the directory. */
  ownerUserId: string;
  /** In the order they joined. */
  memberUserIds: string[];
};

export type CreateAppChatOptions = {
  /** The creating app (internal id); only it may manage the chat and send to it. */
  appId: number;
  /** The id asked for (`[0-9a-zA-Z]`, ≤32, unused in the org); generated when absent. */
  chatId?: string;
  /** Longer names are cut to 50 characters. */
  name?: string;
  /** One of `userIds`; a random one of them when absent. */
  ownerUserId?: string;
  /** 2 to 500 members, each existing, enabled and inside the app's visible scope. */
  userIds: string[];
};

export type UpdateAppChatOptions = {
  appId: number;
  chatId: string;
  name?: string;
  /** Must be a member once the additions and removals are applied. */
  ownerUserId?: string;
  /** Members to add; those already in the chat are ignored. */
  addUserIds?: string[];
  /** Members to remove; those not in the chat are ignored. */
  removeUserIds?: string[];
};

export type SendToAppChatOptions = {
  appId: number;
  chatId: string;
  msgType: string;
  payload: unknown;
  /** Confidential: no forwarding, reader's watermark (WeCom's `safe=1`). */
  confidential?: boolean;
};

const CHAT_ID = /^[0-9a-zA-Z]{1,32}$/;
const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function assertChatId(chatId: string): void {
  if (!CHAT_ID.test(chatId)) throw invalid(E.invalidChatId, 'chatid must be 1 to 32 characters of [0-9a-zA-Z]');
}

function generateChatId(): string {
  let id = 'wr';
  for (let i = 0; i < 24; i += 1) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

function normaliseName(name: string): string {
  const trimmed = name.trim();
  if ([...trimmed].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    throw invalid(E.invalidName, 'name may not hold control characters');
  }
  return [...trimmed].slice(0, MAX_NAME_LENGTH).join('');
}

/** Userids de-duplicated as the directory compares them (case-insensitively), first spelling kept. */
function distinct(userIds: string[]): string[] {
  const seen = new Set<string>();
  return userIds.filter((u) => !seen.has(u.toLowerCase()) && seen.add(u.toLowerCase()));
}

function assertMemberCount(count: number): void {
  if (count < MIN_MEMBERS || count > MAX_MEMBERS) {
    throw invalid(E.memberCount, `a chat holds ${MIN_MEMBERS} to ${MAX_MEMBERS} members, not ${count}`);
  }
}

/** Internal ids of members an app may put in a chat: existing, enabled, inside its visible scope. */
async function resolveMembers(ctx: OrgContext, appId: number, userIds: string[]): Promise<number[]> {
  const scope = await getAppScope(ctx.db, ctx.orgId, appId);
  const resolved = await resolveAudience(ctx.db, ctx.orgId, { userIds }, scope);
  if (resolved.invalidUserIds.length > 0) {
    throw invalid(E.invalidMember, `invalid members: ${resolved.invalidUserIds.slice(0, 20).join('|')}`, {
      invalidUserIds: resolved.invalidUserIds,
    });
  }
  return resolved.memberIds;
}

async function resolveOwner(ctx: OrgContext, userId: string): Promise<number> {
  const id = (await idsByUserIds(ctx.db, ctx.orgId, [userId])).get(userId.toLowerCase());
  if (id === undefined) throw invalid(E.invalidOwner, `owner ${userId} does not exist`);
  return id;
}

/** The chat of this org with this id, if the app created it. */
async function requireOwnChat(db: Queryable, orgId: number, appId: number, chatId: string) {
  assertChatId(chatId);
  const chat = await repo.findByChatId(db, orgId, chatId);
  if (!chat) throw notFound(E.notFound, `chat ${chatId} does not exist`);
  if (chat.appId !== appId) throw forbidden(E.notThisApp, `chat ${chatId} was created by another app`);
  return chat;
}

/** Creates a group chat of an app's choosing, owned by one of its members, and tells the relays. */
export async function createAppChat(ctx: OrgContext, options: CreateAppChatOptions): Promise<AppChat> {
  const userIds = distinct(options.userIds);
  assertMemberCount(userIds.length);
  const name = normaliseName(options.name ?? '');
  if (options.chatId !== undefined) {
    assertChatId(options.chatId);
    if (await repo.findByChatId(ctx.db, ctx.orgId, options.chatId)) {
      throw conflict(E.chatIdTaken, `chatid ${options.chatId} is already used`);
    }
  }
  const chatId = options.chatId ?? generateChatId();
  // Resolve before the transaction: walking the department tree for the scope inside it would hold the
  // write lock for the whole walk.
  const memberIds = await resolveMembers(ctx, options.appId, userIds);
  const ownerId =
    options.ownerUserId === undefined
      ? (memberIds[randomInt(memberIds.length)] as number)
      : await resolveOwner(ctx, options.ownerUserId);
  if (!memberIds.includes(ownerId)) throw invalid(E.invalidOwner, 'the owner must be one of the members');
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const id = await repo.insertChat(tx, ctx.orgId, { appId: options.appId, chatId, name, ownerId });
      await repo.addMembers(tx, ctx.orgId, id, memberIds);
      await recordEvent(tx, ctx.orgId, AppChatCreated.of({ chatId, appId: options.appId, name, ownerId, memberIds }));
    });
  } catch (error) {
    // Another create took the id between the check and the insert.
    if (isUniqueViolation(error)) throw conflict(E.chatIdTaken, `chatid ${chatId} is already used`);
    throw error;
  }
  return getAppChat(ctx, options.appId, chatId);
}

/** Renames a chat, hands it to another member, adds and removes members; the chat keeps 2 to 500. */
export async function updateAppChat(ctx: OrgContext, options: UpdateAppChatOptions): Promise<void> {
  const name = options.name === undefined ? undefined : normaliseName(options.name);
  if (name === '') throw invalid(E.invalidName, 'name may not be blank');
  const add = distinct(options.addUserIds ?? []);
  const remove = distinct(options.removeUserIds ?? []);
  if (add.length > MAX_MEMBERS) throw invalid(E.memberCount, `a chat holds at most ${MAX_MEMBERS} members`);
  const removing = new Set(remove.map((u) => u.toLowerCase()));
  const both = add.filter((u) => removing.has(u.toLowerCase()));
  if (both.length > 0) throw invalid(E.invalidMember, `both added and removed: ${both.join('|')}`);
  const chat = await requireOwnChat(ctx.db, ctx.orgId, options.appId, options.chatId);

  const addIds = add.length > 0 ? await resolveMembers(ctx, options.appId, add) : [];
  const removeMap = remove.length > 0 ? await idsByUserIds(ctx.db, ctx.orgId, remove) : new Map<string, number>();
  const unknown = remove.filter((u) => !removeMap.has(u.toLowerCase()));
  if (unknown.length > 0) throw invalid(E.invalidMember, `invalid members: ${unknown.slice(0, 20).join('|')}`);
  const removeIds = [...removeMap.values()];
  const newOwnerId = options.ownerUserId === undefined ? undefined : await resolveOwner(ctx, options.ownerUserId);

  await ctx.db.transaction().execute(async (tx) => {
    // Touch first: on PostgreSQL the row lock serialises concurrent updates of this chat.
    await repo.touchChat(tx, ctx.orgId, chat.id);
    const fresh = (await repo.findByChatId(tx, ctx.orgId, chat.chatId)) ?? chat;
    const current = await repo.listMemberIds(tx, ctx.orgId, chat.id);
    const isMember = new Set(current);
    const added = addIds.filter((id) => !isMember.has(id));
    const removed = removeIds.filter((id) => isMember.has(id));
    const after = new Set([...current, ...added]);
    for (const id of removed) after.delete(id);
    assertMemberCount(after.size);
    const ownerId = newOwnerId ?? fresh.ownerId;
    if (ownerId !== null && !after.has(ownerId)) {
      throw invalid(E.invalidOwner, 'the owner must stay a member of the chat; name a new owner');
    }
    const changes = {
      ...(name !== undefined && name !== fresh.name ? { name } : {}),
      ...(ownerId !== null && ownerId !== fresh.ownerId ? { ownerId } : {}),
    };
    await repo.addMembers(tx, ctx.orgId, chat.id, added);
    await repo.removeMembers(tx, ctx.orgId, chat.id, removed);
    if (changes.name !== undefined || changes.ownerId !== undefined) {
      await repo.touchChat(tx, ctx.orgId, chat.id, changes);
    }
    if (changes.name === undefined && changes.ownerId === undefined && added.length + removed.length === 0) return;
    await recordEvent(
      tx,
      ctx.orgId,
      AppChatUpdated.of({
        chatId: chat.chatId,
        appId: options.appId,
        ...changes,
        addedMemberIds: added,
        removedMemberIds: removed,
      }),
    );
  });
}

/** A chat the app created, with its members' current userids. */
export async function getAppChat(ctx: OrgContext, appId: number, chatId: string): Promise<AppChat> {
  const chat = await requireOwnChat(ctx.db, ctx.orgId, appId, chatId);
  const memberIds = await repo.listMemberIds(ctx.db, ctx.orgId, chat.id);
  const ids = chat.ownerId === null || memberIds.includes(chat.ownerId) ? memberIds : [...memberIds, chat.ownerId];
  const userIdOf = new Map((await loadMembersByIds(ctx.db, ctx.orgId, ids)).map((m) => [m.id, m.userId]));
  return {
    chatId: chat.chatId,
    name: chat.name,
    ownerUserId: chat.ownerId === null ? '' : (userIdOf.get(chat.ownerId) ?? ''),
    memberUserIds: memberIds.flatMap((id) => userIdOf.get(id) ?? []),
  };
}

/**
 * Sends an app's message to one of its chats: stored once, one inbox entry per member (conversation
 * `chat:<chatid>`), in one transaction.
 */
export async function sendToAppChat(
  ctx: OrgContext,
  options: SendToAppChatOptions,
): Promise<{ msgId: string; recipients: number }> {
  const chat = await requireOwnChat(ctx.db, ctx.orgId, options.appId, options.chatId);
  if (!APP_CHAT_MESSAGE_TYPES.includes(options.msgType)) {
    throw invalid(E.invalidMsgType, `invalid msgtype "${options.msgType}" for a chat`);
  }
  const { payload, mediaIds } = normalisePayload(options.msgType, options.payload);
  if (options.msgType === 'news' && options.confidential) {
    throw invalid(messageErrors.newsNotConfidential, 'news messages cannot be confidential (safe=1)');
  }
  for (const mediaId of mediaIds) await findMedia(ctx, mediaId);
  return ctx.db.transaction().execute(async (tx) => {
    const memberIds = await repo.listMemberIds(tx, ctx.orgId, chat.id);
    const { msgId } = await storeAndDeliver(tx, ctx.orgId, {
      appId: options.appId,
      conversation: `chat:${chat.chatId}`,
      memberIds,
      msgType: options.msgType,
      payload,
      confidential: options.confidential ?? false,
    });
    return { msgId, recipients: memberIds.length };
  });
}
