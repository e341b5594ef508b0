import { randomBytes } from 'node:crypto';
import type { OrgContext } from '../../platform/context.js';
import { forbidden, invalid } from '../../platform/errors.js';
import { announceEventsCommitted } from '../../platform/outbox/outbox.js';
import { getAppScope, parseStoredMenu, requireApp, type AppRow, type MenuItem } from '../apps/index.js';
import { resolveAudience } from '../audience/index.js';
import { enqueueAppEvents, newMsgId } from '../callbacks/index.js';
import { findMedia } from '../media/index.js';
import { storeAndDeliver } from '../messaging/index.js';
import { appConversationErrors as E } from './app-conversations.errors.js';
import {
  eventFieldsOf,
  messageFieldsOf,
  storedPayloadOf,
  type MemberEvent,
  type MemberMessage,
} from './app-conversations.inbound.js';
import * as repo from './app-conversations.repository.js';

export type PostOptions = {
  /** Where this Enclave is reached (`https://host`): image messages' PicUrl points at its media/get. */
  origin: string;
};

type Sender = { memberId: number; userId: string };

function senderOf(ctx: OrgContext): Sender {
  if (ctx.actor.kind !== 'member') throw forbidden(E.notMember, 'only members talk to apps');
  return { memberId: ctx.actor.memberId, userId: ctx.actor.userId };
}

/** The app, if it is enabled and the member is in its visible scope; otherwise a refusal. */
async function reachableApp(ctx: OrgContext, agentId: number, sender: Sender): Promise<AppRow> {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  if (app.is_enabled !== 1) throw forbidden(E.appDisabled, `app ${agentId} is disabled`);
  const scope = await getAppScope(ctx.db, ctx.orgId, app.id);
  const reached = await resolveAudience(ctx.db, ctx.orgId, { userIds: [sender.userId] }, scope);
  if (!reached.memberIds.includes(sender.memberId)) {
    throw forbidden(E.outOfScope, `you are not in the visible range of app ${agentId}`);
  }
  return app;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const LIMITS: Record<string, number> = {
  content: 2048,
  title: 128,
  description: 512,
  url: 2048,
  picUrl: 2048,
  label: 256,
  mediaId: 128,
};

function assertSizes(fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    const limit = LIMITS[key];
    if (limit !== undefined && typeof value === 'string' && bytes(value) > limit) {
      throw invalid(E.tooLarge, `${key} may be at most ${limit} bytes`);
    }
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A member's message to an app: stored once and delivered to the member's own inbox in the app's
 * conversation (payload `from: 'member'`, so their client draws it on their side), and queued for the app's
 * callback as WeCom's message XML. A passive reply from the callback comes back to the member.
 */
export async function postMessageToApp(
  ctx: OrgContext,
  agentId: number,
  message: MemberMessage,
  options: PostOptions,
): Promise<{ msgId: string }> {
  const sender = senderOf(ctx);
  assertSizes(message);
  const app = await reachableApp(ctx, agentId, sender);
  if (message.msgType === 'image' || message.msgType === 'voice') {
    const media = await findMedia(ctx, message.mediaId);
    if (media.type !== message.msgType) {
      throw invalid(E.mediaType, `media ${message.mediaId} is a ${media.type}, not a ${message.msgType}`);
    }
  }
  const callbackMsgId = newMsgId();
  const picUrlOf = (mediaId: string) => `${options.origin}/cgi-bin/media/get?media_id=${encodeURIComponent(mediaId)}`;
  const result = await ctx.db.transaction().execute(async (tx) => {
    const { msgId } = await storeAndDeliver(tx, ctx.orgId, {
      appId: app.id,
      conversation: `app:${app.agent_id}`,
      memberIds: [sender.memberId],
      msgType: message.msgType,
      payload: storedPayloadOf(message),
      confidential: false,
    });
    await enqueueAppEvents(tx, ctx.orgId, [
      {
        appId: app.id,
        eventKey: `msg:${callbackMsgId}`,
        eventType: message.msgType,
        fromMemberId: sender.memberId,
        fields: {
          FromUserName: sender.userId,
          CreateTime: nowSeconds(),
          MsgType: message.msgType,
          ...messageFieldsOf(message, picUrlOf),
          MsgId: callbackMsgId,
          AgentID: app.agent_id,
        },
      },
    ]);
    return { msgId };
  });
  // The member's own client hears of the message through the relay; wake it rather than wait for a poll.
  announceEventsCommitted();
  return result;
}

function menuItems(menu: MenuItem[] | null): MenuItem[] {
  return (menu ?? []).flatMap((item) => ('items' in item ? item.items : [item]));
}

/** Whether the app's menu has an item of this event's type with this key (or, for `view`, this URL). */
function isInMenu(app: AppRow, event: string, eventKey: string): boolean {
  return menuItems(parseStoredMenu(app.menu)).some((item) => {
    if (!('type' in item) || item.type !== event) return false;
    return 'url' in item ? item.url === eventKey : 'key' in item && item.key === eventKey;
  });
}

/**
 * An event the member's client reports (entering the app, a menu tap, a location report). Menu events
 * must name an item of the app's menu. `enter_agent` and `LOCATION` reach the app only when it asked for
 * them (is_report_enter, report_location_flag); otherwise they are accepted and dropped. A reported
 * location is also kept as the member's last known position, but only for apps that asked for it.
 */
export async function reportEventToApp(
  ctx: OrgContext,
  agentId: number,
  event: MemberEvent,
): Promise<{ forwarded: boolean }> {
  const sender = senderOf(ctx);
  if ('eventKey' in event && bytes(event.eventKey) > (event.event === 'view' ? 1024 : 128)) {
    throw invalid(E.tooLarge, 'eventKey is too long');
  }
  assertSizes(event);
  const app = await reachableApp(ctx, agentId, sender);
  if ('eventKey' in event && !isInMenu(app, event.event, event.eventKey)) {
    throw invalid(E.menuItemUnknown, `app ${agentId} has no ${event.event} menu item "${event.eventKey}"`);
  }
  if (event.event === 'enter_agent' && app.is_report_enter !== 1) return { forwarded: false };
  if (event.event === 'LOCATION' && app.report_location_flag !== 1) return { forwarded: false };
  await ctx.db.transaction().execute(async (tx) => {
    if (event.event === 'LOCATION') {
      await repo.saveLocation(tx, ctx.orgId, sender.memberId, {
        latitude: event.latitude,
        longitude: event.longitude,
        precision: event.precision ?? 0,
        reportedAt: Date.now(),
      });
    }
    await enqueueAppEvents(tx, ctx.orgId, [
      {
        appId: app.id,
        eventKey: `client-event:${randomBytes(12).toString('hex')}`,
        eventType: `event:${event.event}`,
        fromMemberId: sender.memberId,
        fields: {
          FromUserName: sender.userId,
          CreateTime: nowSeconds(),
          MsgType: 'event',
          Event: event.event,
          ...eventFieldsOf(event),
          AgentID: app.agent_id,
        },
      },
    ]);
  });
  return { forwarded: true };
}

export { findLocation as findMemberLocation } from './app-conversations.repository.js';
