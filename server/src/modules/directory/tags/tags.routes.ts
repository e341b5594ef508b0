import { Ok, TagDetail, TagList, TagMembersChange, TagView } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../../platform/http/route.js';
import * as tags from './tags.service.js';

const IdParams = z.object({ id: intParam });
const NameBody = z.object({ name: z.string().max(64) });
const ChangeBody = z.object({
  userIds: z.array(z.string().max(64)).max(1000).default([]),
  departmentIds: z.array(z.number().int().positive()).max(100).default([]),
});

export const tagRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/tags',
    principal: 'org-admin',
    response: TagList,
    handler: ({ ctx }) => tags.listTags(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/tags',
    principal: 'org-admin',
    response: TagView,
    body: NameBody,
    handler: ({ ctx, body }) => tags.createTag(ctx, { name: body.name }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/tags/:id',
    principal: 'org-admin',
    response: TagDetail,
    params: IdParams,
    handler: ({ ctx, params }) => tags.getTag(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/tags/:id',
    principal: 'org-admin',
    response: TagView,
    params: IdParams,
    body: NameBody,
    handler: ({ ctx, params, body }) => tags.renameTag(ctx, params.id, body.name),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/admin/tags/:id',
    principal: 'org-admin',
    response: Ok,
    params: IdParams,
    handler: ({ ctx, params }) => tags.deleteTag(ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/tags/:id/members',
    principal: 'org-admin',
    response: TagMembersChange,
    params: IdParams,
    body: ChangeBody,
    handler: ({ ctx, params, body }) => tags.addToTag(ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/tags/:id/members/remove',
    principal: 'org-admin',
    response: TagMembersChange,
    params: IdParams,
    body: ChangeBody,
    handler: ({ ctx, params, body }) => tags.removeFromTag(ctx, params.id, body),
  }),
];
