import type { OrgContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/database.js';
import { refreshPlannerStatistics } from '../../../platform/db/dialect.js';
import { DomainError, invalid } from '../../../platform/errors.js';
import { type OutboxEvent, recordEvents } from '../../../platform/outbox/outbox.js';
import type { DepartmentTree } from '../departments/department-tree.js';
import { ensureDepartmentPath, loadTree } from '../departments/departments.service.js';
import * as departmentRepo from '../departments/departments.repository.js';
import type { Department } from '../departments/departments.repository.js';
import { type MemberTx, writeMembers } from '../members/member-cache.js';
import * as members from '../members/members.repository.js';
import { memberCreated, membersDeleted, memberUpdated } from '../members/members.events.js';
import { reachesMember, reachOf } from '../directory.policy.js';
import {
  checkAgainstTree,
  definedOnly,
  type Draft,
  draftOf,
  insertMember,
  patchMember,
} from '../members/members.service.js';
import type { Member, MemberDepartment, MemberInput, MemberStatus } from '../members/members.types.js';
import { parseCsv } from './csv.js';
import { type MemberRow, memberColumnsOf, readMemberRow } from './member-columns.js';
import { DepartmentCreated } from '../directory.events.js';

export type ImportAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed';
export type ImportRowResult = {
  /** Line in the file (the header is line 1). */
  row: number;
  userId: string;
  action: ImportAction;
  code?: string;
  field?: string;
  message?: string;
};
export type ImportSummary = Record<ImportAction, number>;
export type ImportResult = { summary: ImportSummary; rows: ImportRowResult[] };

export type MemberImportOptions = {
  /** sync: add and update; replace: also delete members the file does not list. */
  mode: 'sync' | 'replace';
  data: Buffer;
  progress: (processed: number, total: number) => Promise<void>;
};

const CHUNK = 500;

type Planned = { line: number; userId: string; row: MemberRow };
type Prepared = { line: number; current?: Member; draft: Draft };

function failure(line: number, userId: string, error: unknown): ImportRowResult {
  if (!(error instanceof DomainError)) throw error;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  return { row: line, userId, action: 'failed', code: error.code, ...(field ? { field } : {}), message: error.message };
}

function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function resolveDepartments(
  ctx: OrgContext,
  tx: Queryable,
  tree: DepartmentTree,
  row: MemberRow,
  planned?: Map<number, Department>,
  current?: Member,
) {
  if (!row.departmentRefs) return undefined;
  // Columns the file leaves out keep what the member has in a department they stay in.
  const kept = new Map((current?.departments ?? []).map((d) => [d.id, d]));
  const out: MemberDepartment[] = [];
  for (const [i, ref] of row.departmentRefs.entries()) {
    let id: number;
    if (/^\d+$/.test(ref)) {
      id = Number(ref);
      if (!tree.has(id))
        throw invalid('member.invalid_department', `department ${ref} does not exist`, { field: 'department' });
    } else {
      id = await ensureDepartmentPath(
        ctx,
        tx,
        tree,
        ref
          .split('/')
          .map((s) => s.trim())
          .filter(Boolean),
        planned,
      );
    }
    const leader = row.leaders?.[i] ?? (kept.get(id)?.isLeader ? '1' : '0');
    const order = row.orders?.[i] ?? String(kept.get(id)?.order ?? 0);
    if (!/^\d+$/.test(order))
      throw invalid('member.invalid_field', `排序 "${order}" must be a number`, { field: 'order' });
    out.push({ id, order: Number(order), isLeader: leader === '1' || leader === '是' });
  }
  return out;
}

/**
 * Builds the draft of one row against its current member (if any). Departments its paths name are created,
 * or only planned when `planned` is given.
 */
async function prepare(
  ctx: OrgContext,
  tx: Queryable,
  tree: DepartmentTree,
  plan: Planned,
  current?: Member,
  planned?: Map<number, Department>,
) {
  const departments = await resolveDepartments(ctx, tx, tree, plan.row, planned, current);
  const status: MemberStatus | undefined =
    plan.row.disabled === true
      ? 'disabled'
      : plan.row.disabled === false && current?.status === 'disabled'
        ? 'invited'
        : undefined;
  const patch = definedOnly({ ...plan.row.patch, departments, status });
  let input: MemberInput;
  if (current) {
    input = { ...current, ...patch, userId: current.userId };
    if (departments && !departments.some((d) => d.id === current.mainDepartmentId))
      input.mainDepartmentId = departments[0]?.id ?? null;
  } else {
    if (!patch.name) throw invalid('member.invalid_name', '姓名 (name) is empty', { field: 'name' });
    input = { ...patch, name: patch.name, userId: plan.userId };
  }
  const draft = draftOf(input);
  await checkAgainstTree(ctx, tx, tree, draft);
  if (current && !reachesMember(await reachOf(ctx, tx, tree), current)) {
    throw invalid('directory.no_privilege', 'this member is outside the departments you manage', { field: 'userid' });
  }
  return draft;
}

/** Applies one chunk of rows in one transaction: batched reads, one multi-row insert for new members. */
async function applyChunk(
  ctx: OrgContext,
  tx: MemberTx,
  tree: DepartmentTree,
  chunk: Planned[],
  claimed: Map<string, string>,
) {
  const results: ImportRowResult[] = [];
  const ids = await members.idsByUserIds(
    tx,
    ctx.orgId,
    chunk.map((p) => p.userId),
  );
  const existing = new Map(
    (await members.loadByIds(tx, ctx.orgId, [...ids.values()])).map((m) => [m.userId.toLowerCase(), m]),
  );
  const prepared: Prepared[] = [];
  // Departments that rows' paths name are only planned until a row that uses them is written, so a row
  // that fails leaves none behind.
  const planned = new Map<number, Department>();
  const events: OutboxEvent[] = [];
  const updated: { id: number; current: Member; draft: Draft }[] = [];
  const createPlanned = async (draft: Draft) => {
    const needed: Department[] = [];
    for (const d of draft.departments) {
      for (let at = planned.get(d.id); at; at = planned.get(at.parentId)) {
        needed.push(at);
        planned.delete(at.id);
      }
    }
    for (const department of needed.sort((a, b) => a.id - b.id)) {
      await departmentRepo.insert(tx, ctx.orgId, department);
      events.push(DepartmentCreated.of({ department }));
    }
  };
  for (const plan of chunk) {
    const current = existing.get(plan.userId.toLowerCase());
    try {
      prepared.push({ line: plan.line, current, draft: await prepare(ctx, tx, tree, plan, current, planned) });
    } catch (error) {
      results.push(failure(plan.line, plan.userId, error));
    }
  }
  const holders = {
    mobile: await members.holdersOf(
      tx,
      ctx.orgId,
      'mobile',
      prepared.flatMap((p) => (p.draft.mobile ? [p.draft.mobile] : [])),
    ),
    email: await members.holdersOf(
      tx,
      ctx.orgId,
      'email',
      prepared.flatMap((p) => (p.draft.email ? [p.draft.email] : [])),
    ),
  };
  const toInsert: Prepared[] = [];
  for (const p of prepared) {
    const conflict = (['mobile', 'email'] as const).find((field) => {
      const value = p.draft[field];
      if (value === null) return false;
      const holder = holders[field].get(value);
      const claimant = claimed.get(`${field}:${value}`);
      return (
        (holder !== undefined && holder !== p.current?.id) ||
        (claimant !== undefined && claimant !== p.draft.userId.toLowerCase())
      );
    });
    if (conflict) {
      results.push({
        row: p.line,
        userId: p.draft.userId,
        action: 'failed',
        code: `member.${conflict}_exists`,
        field: conflict,
        message: `${conflict} ${p.draft[conflict]} is already used by another member`,
      });
      continue;
    }
    for (const field of ['mobile', 'email'] as const) {
      const value = p.draft[field];
      if (value !== null) claimed.set(`${field}:${value}`, p.draft.userId.toLowerCase());
    }
    await createPlanned(p.draft);
    if (!p.current) {
      toInsert.push(p);
      continue;
    }
    const { id, createdAt, updatedAt, ...currentDraft } = p.current;
    if (sameDraft(currentDraft, p.draft)) {
      results.push({ row: p.line, userId: p.draft.userId, action: 'unchanged' });
      continue;
    }
    await members.update(tx, ctx.orgId, id, p.draft);
    updated.push({ id, current: p.current, draft: p.draft });
    results.push({ row: p.line, userId: p.draft.userId, action: 'updated' });
  }
  const tagsOf = await members.tagIdsOf(
    tx,
    ctx.orgId,
    updated.map((u) => u.id),
  );
  for (const u of updated) events.push(memberUpdated(u.id, u.current, u.draft, { tagIds: tagsOf.get(u.id) ?? [] }));
  const insertedIds = await members.insertMany(
    tx,
    ctx.orgId,
    toInsert.map((p) => p.draft),
  );
  for (const [i, p] of toInsert.entries()) {
    events.push(memberCreated(insertedIds[i] as number, p.draft));
    results.push({ row: p.line, userId: p.draft.userId, action: 'created' });
  }
  await recordEvents(tx, ctx.orgId, events);
  return results;
}

/** The slow path for a chunk whose batch failed on a race: each row in its own transaction. */
async function applyRowByRow(ctx: OrgContext, chunk: Planned[]): Promise<ImportRowResult[]> {
  const results: ImportRowResult[] = [];
  for (const plan of chunk) {
    try {
      results.push(
        await writeMembers(ctx.db, ctx.orgId, async (tx) => {
          const tree = await loadTree(tx, ctx.orgId);
          const current = await members.findByUserId(tx, ctx.orgId, plan.userId);
          const draft = await prepare(ctx, tx, tree, plan, current);
          if (current) await patchMember(ctx, tx, tree, current, draft);
          else await insertMember(ctx, tx, tree, draft);
          return { row: plan.line, userId: plan.userId, action: current ? 'updated' : 'created' } as ImportRowResult;
        }),
      );
    } catch (error) {
      results.push(failure(plan.line, plan.userId, error));
    }
  }
  return results;
}

/** Imports members from a CSV in WeCom's batch format; rows that fail are reported, the rest applied. */
export async function importMembers(ctx: OrgContext, options: MemberImportOptions): Promise<ImportResult> {
  const table = parseCsv(options.data);
  const columns = memberColumnsOf(table.header);
  const results: ImportRowResult[] = [];
  const plans: Planned[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of table.rows) {
    const userId = (columns.userId === undefined ? '' : (cells[columns.userId] ?? '')).trim();
    try {
      const row = readMemberRow(columns, cells);
      if (seen.has(row.userId.toLowerCase())) {
        throw invalid('job.duplicate_userid', `userid ${row.userId} appears more than once in the file`, {
          field: 'userid',
        });
      }
      seen.add(row.userId.toLowerCase());
      plans.push({ line, userId: row.userId, row });
    } catch (error) {
      results.push(failure(line, userId, error));
    }
  }
  const toDelete = options.mode === 'replace' ? await plannedDeletions(ctx, seen) : [];
  const total = table.rows.length + toDelete.length;
  const claimed = new Map<string, string>();
  for (let i = 0; i < plans.length; i += CHUNK) {
    const chunk = plans.slice(i, i + CHUNK);
    try {
      results.push(
        ...(await writeMembers(ctx.db, ctx.orgId, async (tx) =>
          applyChunk(ctx, tx, await loadTree(tx, ctx.orgId), chunk, claimed),
        )),
      );
    } catch (error) {
      if (error instanceof DomainError) throw error;
      results.push(...(await applyRowByRow(ctx, chunk)));
    }
    await options.progress(Math.min(i + CHUNK, plans.length) + (table.rows.length - plans.length), total);
  }
  if (toDelete.length > 0) {
    await writeMembers(ctx.db, ctx.orgId, async (tx) => {
      const tagsOf = await members.remove(
        tx,
        ctx.orgId,
        toDelete.map((m) => m.id),
      );
      await recordEvents(tx, ctx.orgId, membersDeleted(toDelete, tagsOf));
    });
    results.push(...toDelete.map((m) => ({ row: 0, userId: m.userId, action: 'deleted' as const })));
  }
  await refreshPlannerStatistics(ctx.db);
  await options.progress(total, total);
  results.sort((a, b) => a.row - b.row);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  for (const r of results) summary[r.action] += 1;
  return { summary, rows: results };
}

/**
 * Members a replace would delete (those the file does not list, within the actor's reach), refused as a
 * whole when it would delete too much of the org (WeCom's 45026 rule), before anything is written.
 */
async function plannedDeletions(ctx: OrgContext, listed: Set<string>) {
  const all = await ctx.db.selectFrom('members').select(['id', 'user_id']).where('org_id', '=', ctx.orgId).execute();
  const reach = await reachOf(ctx, ctx.db, await loadTree(ctx.db, ctx.orgId));
  const gone = all.filter((m) => !listed.has(m.user_id.toLowerCase()));
  const visible = (
    await members.loadByIds(
      ctx.db,
      ctx.orgId,
      gone.map((m) => m.id),
    )
  ).filter((m) => reachesMember(reach, m));
  const share = all.length === 0 ? 0 : visible.length / all.length;
  if (
    (visible.length > 50 && share > 0.2) ||
    (visible.length <= 50 && visible.length > 0 && share > 0.8 && all.length > 1)
  ) {
    throw new DomainError(
      'job.delete_protection',
      'invalid',
      `replacing would delete ${visible.length} of ${all.length} members; refused to protect the directory (use sync, or delete them first)`,
    );
  }
  return visible;
}
