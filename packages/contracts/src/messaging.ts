import { z } from 'zod';
import { Count, Id, listOf, Timestamp } from './common.js';

/**
 * Messages and inboxes: what a member's inbox holds (`/api/client/inbox`, message search, the realtime
 * gateway's entries) and the console's side of app messages (`/api/admin/apps/:agentId/{messages,schedules}`).
 */

/** A message's content as its type defines it (`{content}` for text, `{mediaId, …}` for media …). */
export const MessagePayload = z.record(z.string(), z.unknown());
export type MessagePayload = z.infer<typeof MessagePayload>;

export const InboxSender = z.strictObject({ userId: z.string(), name: z.string() });
export type InboxSender = z.infer<typeof InboxSender>;

export const InboxMessage = z.strictObject({
  msgId: z.string(),
  msgType: z.string(),
  /** The stored payload; null once the message is recalled. */
  payload: MessagePayload.nullable(),
  isConfidential: z.boolean(),
  recalled: z.boolean(),
  createdAt: Timestamp,
  /** The member who wrote it; null for an app's message. */
  sender: InboxSender.nullable(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

/** One entry of a member's inbox: `seq` is gap-free and strictly increasing per member. */
export const InboxItem = z.strictObject({
  seq: z.number().int().min(1),
  /** `recall` entries tell the client that an earlier message was recalled. */
  kind: z.enum(['message', 'recall']),
  /** `app:<agentid>`, `dm:<a>:<b>`, `group:<id>` or `chat:<chatid>`. */
  conversation: z.string(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
  message: InboxMessage,
});
export type InboxItem = z.infer<typeof InboxItem>;

/** `GET /api/client/inbox`: the entries after `after`, in seq order. */
export const InboxPage = listOf(InboxItem);
export type InboxPage = z.infer<typeof InboxPage>;

/** `GET /api/client/messages/search`: the member's own messages holding the text, newest first. */
export const FoundMessageList = listOf(InboxItem);
export type FoundMessageList = z.infer<typeof FoundMessageList>;

/** Members last seen within `radiusMeters` of a point, no longer than `maxAgeMinutes` ago (定点). */
export const Near = z.strictObject({
  latitude: z.number(),
  longitude: z.number(),
  radiusMeters: z.number(),
  maxAgeMinutes: z.number().int(),
});
export type Near = z.infer<typeof Near>;

/** Who a message is for, as the sender named them. */
export const Audience = z.strictObject({
  /** Everyone in the app's visible scope (WeCom's `@all`); the other fields are then ignored. */
  all: z.boolean().optional(),
  userIds: z.array(z.string()).optional(),
  /** Departments include all their sub-departments. */
  departmentIds: z.array(Id).optional(),
  tagIds: z.array(Id).optional(),
  near: Near.optional(),
});
export type Audience = z.infer<typeof Audience>;

/** `POST /api/admin/apps/:agentId/messages`: who got it, and what was named but is not in the app's reach. */
export const SentAppMessage = z.strictObject({
  msgId: z.string(),
  recipients: Count,
  invalidUserIds: z.array(z.string()),
  invalidDepartmentIds: z.array(Id),
  invalidTagIds: z.array(Id),
});
export type SentAppMessage = z.infer<typeof SentAppMessage>;

/** One of an app's recent messages, with how many of its recipients have read it. */
export const AppMessageSummary = z.strictObject({
  msgId: z.string(),
  msgType: z.string(),
  /** null once the app recalled it. */
  payload: MessagePayload.nullable(),
  isConfidential: z.boolean(),
  recalled: z.boolean(),
  recipientCount: Count,
  readCount: Count,
  createdAt: Timestamp,
});
export type AppMessageSummary = z.infer<typeof AppMessageSummary>;

/** `GET /api/admin/apps/:agentId/messages`, newest first. */
export const AppMessageList = listOf(AppMessageSummary);
export type AppMessageList = z.infer<typeof AppMessageList>;

/** `GET /api/admin/apps/:agentId/messages/:msgId/receipts`: one page of who has (not) read it, both counts. */
export const AppMessageReceipts = z.strictObject({
  state: z.enum(['read', 'unread']),
  read: Count,
  unread: Count,
  items: z.array(z.strictObject({ userId: z.string(), name: z.string(), readAt: Timestamp.nullable() })),
});
export type AppMessageReceipts = z.infer<typeof AppMessageReceipts>;

export const ScheduleStatus = z.enum(['scheduled', 'sent', 'cancelled', 'failed']);
export type ScheduleStatus = z.infer<typeof ScheduleStatus>;

/** A scheduled send of an app (定时). */
export const MessageSchedule = z.strictObject({
  scheduleId: z.string(),
  audience: Audience,
  msgType: z.string(),
  payload: MessagePayload,
  confidential: z.boolean(),
  sendAt: Timestamp,
  status: ScheduleStatus,
  /** Set once it has fired. */
  msgId: z.string().nullable(),
  recipients: Count.nullable(),
  error: z.string().nullable(),
});
export type MessageSchedule = z.infer<typeof MessageSchedule>;

/** `GET /api/admin/apps/:agentId/schedules` */
export const MessageScheduleList = listOf(MessageSchedule);
export type MessageScheduleList = z.infer<typeof MessageScheduleList>;

/** `POST /api/admin/apps/:agentId/schedules` */
export const ScheduledMessage = z.strictObject({ scheduleId: z.string() });
export type ScheduledMessage = z.infer<typeof ScheduledMessage>;
