import {
  createDepartment,
  deleteDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
  listDepartmentLeaders,
  type Department,
} from '../modules/directory/index.js';

import { defineCgi } from './cgi.js';

const ORDER = { min: 0, max: 2 ** 32 - 1 };

function toParty(d: Department, leaders: Map<number, string[]>) {
  return {
    id: d.id,
    name: d.name,
    name_en: d.nameEn,
    department_leader: leaders.get(d.id) ?? [],
    parentid: d.parentId,
    order: d.order,
  };
}

export const departmentApi = [
  defineCgi({
    method: 'POST',
    path: 'department/create',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const department = await createDepartment(ctx, {
        name: body.requiredString('name', 'department.invalid_name', { max: 64 }),
        nameEn: body.string('name_en', { max: 64 }),
        parentId: body.requiredInt('parentid', 'department.parent_missing', { min: 0 }),
        order: body.int('order', ORDER),
        id: body.int('id', { min: 0, max: 2 ** 31 - 1 }),
      });
      return { errmsg: 'created', id: department.id };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'department/update',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      await updateDepartment(ctx, {
        id: body.requiredInt('id', 'department.id_missing', { min: 0, max: 2 ** 31 - 1 }),
        name: body.has('name') ? body.string('name', { max: 64 }) : undefined,
        nameEn: body.string('name_en', { max: 64 }),
        parentId: body.int('parentid', { min: 1 }),
        order: body.int('order', ORDER),
      });
      return { errmsg: 'updated' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'department/delete',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      await deleteDepartment(ctx, query.requiredInt('id', 'department.id_missing', { min: 0, max: 2 ** 31 - 1 }));
      return { errmsg: 'deleted' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'department/list',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const [list, leaders] = await Promise.all([
        listDepartments(ctx, query.int('id', { min: 0 })),
        listDepartmentLeaders(ctx),
      ]);
      return { department: list.map((d) => toParty(d, leaders)) };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'department/simplelist',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const list = await listDepartments(ctx, query.int('id', { min: 0 }));
      return { department_id: list.map((d) => ({ id: d.id, parentid: d.parentId, order: d.order })) };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'department/get',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const [department, leaders] = await Promise.all([
        getDepartment(ctx, query.requiredInt('id', 'department.id_missing', { min: 0 })),
        listDepartmentLeaders(ctx),
      ]);
      return { department: toParty(department, leaders) };
    },
  }),
];
