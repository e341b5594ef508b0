import { type Migration, Migrator } from 'kysely';
import * as orgsCreate from '../../db/migrations/20261125T1300-orgs-create.js';
import * as directoryCreate from '../../db/migrations/20261125T1301-directory-create.js';
import * as platformCreate from '../../db/migrations/20261125T1302-platform-create-outbox-jobs-media.js';
import * as messagingCreate from '../../db/migrations/20261125T1400-messaging-create.js';
import * as callbacksCreate from '../../db/migrations/20261125T1520-callbacks-create.js';
import * as appsSettingsMenus from '../../db/migrations/20261125T1530-apps-settings-menus.js';
import * as appChatsCreate from '../../db/migrations/20261125T1540-app-chats-create.js';
import * as memberAuthCreate from '../../db/migrations/20261125T1600-member-auth-create.js';
import * as oauthCreate from '../../db/migrations/20261125T1610-oauth-create.js';
import * as memberLocationsCreate from '../../db/migrations/20261125T1620-app-conversations-member-locations.js';
import * as appSubscribersCreate from '../../db/migrations/20261125T1621-callbacks-app-subscribers.js';
import * as chatCreate from '../../db/migrations/20261125T1630-chat-create.js';
import * as messageSearchGrams from '../../db/migrations/20261125T1700-messaging-search-grams.js';
import * as reindexMemberDepartments from '../../db/migrations/20261125T1710-directory-reindex-member-departments.js';
import * as jobRetriesSchedules from '../../db/migrations/20261125T1720-platform-jobs-retries-message-schedules.js';
import * as memberMedia from '../../db/migrations/20261125T1730-media-member-uploads-message-media.js';
import * as inboxWithoutMemberFk from '../../db/migrations/20261125T1800-messaging-inbox-without-member-fk.js';
import * as inboxOneMemberIndex from '../../db/migrations/20261204T1850-messaging-inbox-one-member-index.js';
import * as accessTokenEpoch from '../../db/migrations/20261204T1900-access-tokens-revocation-epoch.js';
import * as devOutboxMember from '../../db/migrations/20261204T1910-member-auth-dev-outbox-member.js';
import * as appsExternalContacts from '../../db/migrations/20261204T2020-apps-external-contacts.js';
import * as adminSignups from '../../db/migrations/20261205T1000-orgs-admin-signups.js';
import type { Db } from './database.js';

// Listed in code rather than read from a folder, so the migrations that run are the ones type-checked.
const migrations: Record<string, Migration> = {
  '20261125T1300-orgs-create': orgsCreate,
  '20261125T1301-directory-create': directoryCreate,
  '20261125T1302-platform-create-outbox-jobs-media': platformCreate,
  '20261125T1400-messaging-create': messagingCreate,
  '20261125T1520-callbacks-create': callbacksCreate,
  '20261125T1530-apps-settings-menus': appsSettingsMenus,
  '20261125T1540-app-chats-create': appChatsCreate,
  '20261125T1600-member-auth-create': memberAuthCreate,
  '20261125T1610-oauth-create': oauthCreate,
  '20261125T1620-app-conversations-member-locations': memberLocationsCreate,
  '20261125T1621-callbacks-app-subscribers': appSubscribersCreate,
  '20261125T1630-chat-create': chatCreate,
  '20261125T1700-messaging-search-grams': messageSearchGrams,
  '20261125T1710-directory-reindex-member-departments': reindexMemberDepartments,
  '20261125T1720-platform-jobs-retries-message-schedules': jobRetriesSchedules,
  '20261125T1730-media-member-uploads-message-media': memberMedia,
  '20261125T1800-messaging-inbox-without-member-fk': inboxWithoutMemberFk,
  '20261204T1850-messaging-inbox-one-member-index': inboxOneMemberIndex,
  '20261204T1900-access-tokens-revocation-epoch': accessTokenEpoch,
  '20261204T1910-member-auth-dev-outbox-member': devOutboxMember,
  '20261204T2020-apps-external-contacts': appsExternalContacts,
  '20261205T1000-orgs-admin-signups': adminSignups,
};

/** Brings the schema up to date; safe on every start (Kysely takes a migration lock). */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
