export { SyncProvider, useInbox, useInboxStore, useSyncStatus } from './sync-provider';
export type { InboxItem, InboxMessage, InboxSender } from './inbox-types';
export type { InboxState } from './inbox-reducer';
export type { SyncStatus } from './sync-connection';
