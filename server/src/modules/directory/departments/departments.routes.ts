import { DepartmentList, DepartmentView, Ok } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute, intParam } from '../../../platform/http/route.js';
import * as departments from './departments.service.js';

const IdParams = z.object({ id: intParam });
const CreateBody = z.object({
  name: z.string().max(64),
  nameEn: z.string().max(64).optional(),
  parentId: z.number().int().positive(),
  order: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});
const UpdateBody = z.object({
  name: z.string().max(64).optional(),
  nameEn: z.string().max(64).optional(),
  parentId: z.number().int().positive().optional(),
  order: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});

export const departmentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/departments',
    principal: 'org-admin',
    response: DepartmentList,
    handler: async ({ ctx }) => {
      const [list, counts] = await Promise.all([
        departments.listDepartments(ctx),
        departments.memberCounts(ctx.db, ctx.orgId),
      ]);
      return list.map((d) => ({ ...d, memberCount: counts.get(d.id) ?? 0 }));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/departments',
    principal: 'org-admin',
    response: DepartmentView,
    body: CreateBody,
    handler: ({ ctx, body }) => departments.createDepartment(ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/departments/:id',
    principal: 'org-admin',
    response: DepartmentView,
    params: IdParams,
    body: UpdateBody,
    handler: ({ ctx, params, body }) => departments.updateDepartment(ctx, { ...body, id: params.id }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/admin/departments/:id',
    principal: 'org-admin',
    response: Ok,
    params: IdParams,
    handler: ({ ctx, params }) => departments.deleteDepartment(ctx, params.id),
  }),
];
