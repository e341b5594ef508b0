import { MemberPage, MemberSearchResult, MemberView, Ok } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../../platform/http/route.js';
import { findMemberBy, listMembers, searchMembers } from './members.read.js';
import { createMember, deleteMembers, getMember, setMemberEnabled, updateMember } from './members.service.js';

const UserParams = z.object({ userId: z.string().min(1).max(64) });
const DepartmentLink = z.object({
  id: z.number().int().positive(),
  order: z.number().int().min(0).default(0),
  isLeader: z.boolean().default(false),
});
const Fields = {
  name: z.string().max(64),
  alias: z.string().max(64),
  mobile: z.string().max(32).nullable(),
  email: z.string().max(64).nullable(),
  position: z.string().max(128),
  gender: z.number().int().min(0).max(2),
  telephone: z.string().max(32),
  address: z.string().max(128),
  kind: z.enum(['staff', 'external']),
  externalCorpName: z.string().max(64),
  departments: z.array(DepartmentLink).max(100),
  mainDepartmentId: z.number().int().positive().nullable(),
  externalScope: z.array(z.number().int().positive()).max(1000),
};
const CreateBody = z
  .object({ userId: z.string().max(64), ...Fields })
  .partial()
  .required({ userId: true, name: true });
const UpdateBody = z.object({ newUserId: z.string().max(64), ...Fields }).partial();
const ListQuery = z.object({
  departmentId: intParam.optional(),
  recursive: z.enum(['0', '1', 'true', 'false']).optional(),
  limit: intParam.max(1000).optional(),
  offset: intParam.optional(),
});
const SearchQuery = z.object({ q: z.string().max(64), limit: intParam.max(100).optional() });
const LookupQuery = z.object({ mobile: z.string().max(32).optional(), email: z.string().max(64).optional() });

export const memberRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/members',
    principal: 'org-admin',
    response: MemberPage,
    query: ListQuery,
    handler: ({ ctx, query }) =>
      listMembers(ctx, {
        departmentId: query.departmentId,
        recursive: query.recursive === '1' || query.recursive === 'true',
        limit: query.limit,
        offset: query.offset,
      }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/members/search',
    principal: 'org-admin',
    response: MemberSearchResult,
    query: SearchQuery,
    handler: async ({ ctx, query }) => ({ items: await searchMembers(ctx, query.q, query.limit) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/members/lookup',
    principal: 'org-admin',
    response: MemberView,
    query: LookupQuery,
    handler: ({ ctx, query }) =>
      query.mobile ? findMemberBy(ctx, 'mobile', query.mobile) : findMemberBy(ctx, 'email', query.email ?? ''),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/members',
    principal: 'org-admin',
    response: MemberView,
    body: CreateBody,
    handler: ({ ctx, body }) => createMember(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/members/:userId',
    principal: 'org-admin',
    response: MemberView,
    params: UserParams,
    handler: ({ ctx, params }) => getMember(ctx, params.userId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/members/:userId',
    principal: 'org-admin',
    response: MemberView,
    params: UserParams,
    body: UpdateBody,
    handler: ({ ctx, params, body }) => updateMember(ctx, params.userId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/members/:userId/disable',
    principal: 'org-admin',
    response: MemberView,
    params: UserParams,
    handler: ({ ctx, params }) => setMemberEnabled(ctx, params.userId, false),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/members/:userId/enable',
    principal: 'org-admin',
    response: MemberView,
    params: UserParams,
    handler: ({ ctx, params }) => setMemberEnabled(ctx, params.userId, true),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/admin/members/:userId',
    principal: 'org-admin',
    response: Ok,
    params: UserParams,
    handler: ({ ctx, params }) => deleteMembers(ctx, [params.userId]),
  }),
];
