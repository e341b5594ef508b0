import { DepartmentList, MemberCard, MemberCardList, MemberCardPage } from '@enclave/contracts';
import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { defineRoute, intParam } from '../../platform/http/route.js';
import type { DepartmentTree } from './departments/department-tree.js';
import { loadTree, memberCounts } from './departments/departments.service.js';
import { listMembers, searchMembers } from './members/members.read.js';
import { getMember } from './members/members.service.js';
import type { Member } from './members/members.types.js';

/** The member client's view of a colleague: what a business card shows. */
function cardOf(m: Member, tree: DepartmentTree) {
  return {
    userId: m.userId,
    name: m.name,
    position: m.position,
    avatar: m.avatar,
    gender: m.gender,
    mobile: m.mobile,
    email: m.email,
    kind: m.kind,
    externalCorpName: m.externalCorpName,
    departments: m.departments.map((d) => ({ id: d.id, name: tree.byId.get(d.id)?.name ?? '' })),
  };
}

/**
 * What a member may browse: staff see the whole directory; an external contact (supplier, customer,
 * farmer) sees only the departments the admin gave them, and only staff there.
 */
async function reach(ctx: OrgContext) {
  if (ctx.actor.kind !== 'member') throw forbidden('chat.member_only', 'members only');
  const [me, tree] = await Promise.all([getMember(ctx, ctx.actor.userId), loadTree(ctx.db, ctx.orgId)]);
  const roots = me.kind === 'external' ? me.externalScope : null;
  const sees = (departmentId: number) => roots === null || roots.some((r) => tree.isWithin(departmentId, r));
  const seesMember = (m: Member) =>
    m.status !== 'disabled' && (m.userId === me.userId || m.departments.some((d) => sees(d.id)));
  return { tree, sees, seesMember };
}

export const clientDirectoryRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/client/departments',
    principal: 'member',
    response: DepartmentList,
    handler: async ({ ctx }) => {
      const { tree, sees } = await reach(ctx);
      const counts = await memberCounts(ctx.db, ctx.orgId);
      return [...tree.byId.values()]
        .filter((d) => sees(d.id))
        .map((d) => ({ ...d, memberCount: counts.get(d.id) ?? 0 }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/departments/:id/members',
    principal: 'member',
    response: MemberCardPage,
    params: z.object({ id: intParam }),
    query: z.object({ limit: intParam.min(1).max(200).optional(), offset: intParam.optional() }),
    handler: async ({ ctx, params, query }) => {
      const { tree, sees, seesMember } = await reach(ctx);
      if (!sees(params.id)) return { items: [], total: 0 };
      const page = await listMembers(ctx, {
        departmentId: params.id,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      return { items: page.items.filter(seesMember).map((m) => cardOf(m, tree)), total: page.total };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/members/search',
    principal: 'member',
    response: MemberCardList,
    query: z.object({ q: z.string().max(64) }),
    handler: async ({ ctx, query }) => {
      const { tree, seesMember } = await reach(ctx);
      const found = await searchMembers(ctx, query.q, 50);
      return {
        items: found
          .filter(seesMember)
          .slice(0, 20)
          .map((m) => cardOf(m, tree)),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/client/members/:userId',
    principal: 'member',
    response: MemberCard,
    params: z.object({ userId: z.string().min(1).max(64) }),
    handler: async ({ ctx, params }) => {
      const { tree, seesMember } = await reach(ctx);
      const member = await getMember(ctx, params.userId);
      if (!seesMember(member)) throw forbidden('chat.not_visible', 'you cannot see this member');
      return cardOf(member, tree);
    },
  }),
];
