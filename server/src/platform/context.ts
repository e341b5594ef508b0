import type { Db } from './db/database.js';

/** Who is acting. Every service call carries one; policies decide from it alone. */
export type Actor =
  | { kind: 'admin'; adminId: number; role: 'owner' | 'admin' | 'department_admin'; departmentId: number | null }
  | { kind: 'directory' }
  | { kind: 'app'; appId: number; agentId: number; canWriteDirectory: boolean }
  | { kind: 'member'; memberId: number; userId: string }
  | { kind: 'system' };

/** The org a call works in, the store, and the actor. Services take it first. */
export type OrgContext = {
  db: Db;
  orgId: number;
  actor: Actor;
};

/**
 * Whether the actor acts for the whole org: the owner, an org-wide admin, or Enclave itself. The one answer to
 * that question; a module's policy builds on it and names its own refusal.
 */
export function actsForWholeOrg(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'admin' && actor.role !== 'department_admin');
}
