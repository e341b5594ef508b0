import type { Queryable } from '../../platform/db/database.js';

export type AppChatRow = {
  id: number;
  appId: number;
  chatId: string;
  name: string;
  ownerId: number | null;
};

export async function findByChatId(db: Queryable, orgId: number, chatId: string): Promise<AppChatRow | undefined> {
  const row = await db
    .selectFrom('app_chats')
    .select(['id', 'app_id', 'chat_id', 'name', 'owner_member_id'])
    .where('org_id', '=', orgId)
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return row && { id: row.id, appId: row.app_id, chatId: row.chat_id, name: row.name, ownerId: row.owner_member_id };
}

export async function insertChat(
  db: Queryable,
  orgId: number,
  chat: { appId: number; chatId: string; name: string; ownerId: number },
): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('app_chats')
    .values({
      org_id: orgId,
      app_id: chat.appId,
      chat_id: chat.chatId,
      name: chat.name,
      owner_member_id: chat.ownerId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Sets the changed fields and bumps `updated_at`. Called first in an update's transaction: on PostgreSQL the
 * row lock it takes makes concurrent updates of one chat wait for each other, so member counts stay true.
 */
export async function touchChat(
  db: Queryable,
  orgId: number,
  id: number,
  changes: { name?: string; ownerId?: number } = {},
): Promise<void> {
  await db
    .updateTable('app_chats')
    .set({
      updated_at: Date.now(),
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.ownerId === undefined ? {} : { owner_member_id: changes.ownerId }),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Member ids of a chat in the order they joined. */
export async function listMemberIds(db: Queryable, orgId: number, appChatId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('app_chat_members')
    .select('member_id')
    .where('org_id', '=', orgId)
    .where('app_chat_id', '=', appChatId)
    .orderBy('slot')
    .orderBy('member_id')
    .execute();
  return rows.map((r) => r.member_id);
}

/** Appends members after the current last slot (ids already in the chat must be left out by the caller). */
export async function addMembers(db: Queryable, orgId: number, appChatId: number, memberIds: number[]) {
  if (memberIds.length === 0) return;
  const last = await db
    .selectFrom('app_chat_members')
    .select((eb) => eb.fn.max('slot').as('slot'))
    .where('org_id', '=', orgId)
    .where('app_chat_id', '=', appChatId)
    .executeTakeFirst();
  const first = last?.slot === null || last?.slot === undefined ? 0 : Number(last.slot) + 1;
  await db
    .insertInto('app_chat_members')
    .values(memberIds.map((member_id, i) => ({ app_chat_id: appChatId, member_id, org_id: orgId, slot: first + i })))
    .execute();
}

export async function removeMembers(db: Queryable, orgId: number, appChatId: number, memberIds: number[]) {
  if (memberIds.length === 0) return;
  await db
    .deleteFrom('app_chat_members')
    .where('org_id', '=', orgId)
    .where('app_chat_id', '=', appChatId)
    .where('member_id', 'in', memberIds)
    .execute();
}
