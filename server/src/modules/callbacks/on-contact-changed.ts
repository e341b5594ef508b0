import type { Db } from '../../platform/db/database.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import { getAppScope } from '../apps/index.js';
import { loadTree, type Reach, reachOfScope } from '../directory/index.js';
import { enqueueAppEvents, type AppEvent } from './callbacks.service.js';
import * as repo from './callbacks.repository.js';
import { contactChangeFor } from './contact-fields.js';

/**
 * Turns committed directory changes into `change_contact` callbacks (wecom-api.md §7.6) for every app with a
 * callback, each cut to what the app's visible scope reaches (contact-fields.ts). Keyed by the outbox id, so
 * relaying an event twice queues it once.
 */
export async function onContactChanged(db: Db, events: OutboxRow[]): Promise<void> {
  const byOrg = new Map<number, OutboxRow[]>();
  for (const e of events) {
    if (e.type.startsWith('contact.')) byOrg.set(e.org_id, [...(byOrg.get(e.org_id) ?? []), e]);
  }
  for (const [orgId, orgEvents] of byOrg) {
    const appIds = await repo.receivers(db, orgId);
    if (appIds.length === 0) continue;
    const tree = await loadTree(db, orgId);
    const apps: { appId: number; bounds: Reach }[] = [];
    for (const appId of appIds) {
      apps.push({ appId, bounds: await reachOfScope(db, orgId, tree, await getAppScope(db, orgId, appId)) });
    }
    const queued: AppEvent[] = [];
    for (const e of orgEvents) {
      for (const { appId, bounds } of apps) {
        const change = contactChangeFor(e, bounds);
        if (!change) continue;
        queued.push({
          appId,
          eventKey: `outbox:${e.id}`,
          eventType: 'change_contact',
          fields: {
            FromUserName: 'sys',
            CreateTime: Math.floor(e.created_at / 1000),
            MsgType: 'event',
            Event: 'change_contact',
            ...change,
          },
        });
      }
    }
    if (queued.length > 0) await db.transaction().execute((tx) => enqueueAppEvents(tx, orgId, queued));
  }
}
