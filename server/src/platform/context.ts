import { z } from 'zod';
import type { Db } from './db/database.js';

/**
 * An app's visible scope (可见范围) as the admin set it: members, departments (each with its sub-departments)
 * and tags. Department 1 in it means the whole org.
 */
export type VisibleScope = {
  memberIds: number[];
  departmentIds: number[];
  tagIds: number[];
  /** Set when the app is opened to external contacts; otherwise its scope leaves them out. */
  externalContacts?: true;
};

/** An app's scope from its `app_scopes` rows (one row per member, department or tag it names). */
export function visibleScopeOf(
  rows: { kind: 'member' | 'department' | 'tag'; ref_id: number }[],
  externalContacts: boolean,
): VisibleScope {
  const scope: VisibleScope = {
    memberIds: [],
    departmentIds: [],
    tagIds: [],
    ...(externalContacts ? { externalContacts: true as const } : {}),
  };
  for (const r of rows) {
    if (r.kind === 'member') scope.memberIds.push(r.ref_id);
    else if (r.kind === 'department') scope.departmentIds.push(r.ref_id);
    else scope.tagIds.push(r.ref_id);
  }
  return scope;
}

/** Who is acting. Every service call carries one; policies decide from it alone. */
export type Actor =
  | { kind: 'admin'; adminId: number; role: 'owner' | 'admin' | 'department_admin'; departmentId: number | null }
  | { kind: 'directory' }
  | {
      kind: 'app';
      appId: number;
      agentId: number;
      canWriteDirectory: boolean;
      /** Read with the token: what of the directory the app sees and reaches (WeCom's 60011 outside it). */
      scope: VisibleScope;
    }
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

const VisibleScopeSchema = z.object({
  memberIds: z.array(z.number()),
  departmentIds: z.array(z.number()),
  tagIds: z.array(z.number()),
  externalContacts: z.literal(true).optional(),
});

/** An actor as stored with work done on its behalf later (a job's input). */
export const ActorSchema: z.ZodType<Actor> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('admin'),
    adminId: z.number(),
    role: z.enum(['owner', 'admin', 'department_admin']),
    departmentId: z.number().nullable(),
  }),
  z.object({ kind: z.literal('directory') }),
  z.object({
    kind: z.literal('app'),
    appId: z.number(),
    agentId: z.number(),
    canWriteDirectory: z.boolean(),
    // Jobs queued before tokens carried the scope ran with the whole org; so they still do.
    scope: VisibleScopeSchema.default({ memberIds: [], departmentIds: [1], tagIds: [] }),
  }),
  z.object({ kind: z.literal('member'), memberId: z.number(), userId: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
