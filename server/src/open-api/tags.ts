import {
  addToTag,
  createTag,
  deleteTag,
  getTag,
  listTags,
  removeFromTag,
  renameTag,
} from '../modules/directory/index.js';
import type { Fields } from './lenient.js';
import { defineCgi } from './cgi.js';

const TAGID = { min: 0, max: 2 ** 31 - 1 };

function changeOf(body: Fields) {
  return {
    userIds: body.stringList('userlist', { max: 1000 }) ?? [],
    departmentIds: body.intList('partylist', { max: 100 }) ?? [],
  };
}

/** WeCom's odd partial-failure shape: `invalidlist` is a `|`-joined string, `invalidparty` an int array. */
function partialFailure(result: { invalidUserIds: string[]; invalidDepartmentIds: number[] }) {
  return {
    ...(result.invalidUserIds.length > 0 ? { invalidlist: result.invalidUserIds.join('|') } : {}),
    ...(result.invalidDepartmentIds.length > 0 ? { invalidparty: result.invalidDepartmentIds } : {}),
  };
}

export const tagApi = [
  defineCgi({
    method: 'POST',
    path: 'tag/create',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const tag = await createTag(ctx, {
        name: body.requiredString('tagname', 'tag.invalid_name', { max: 64 }),
        id: body.int('tagid', TAGID) || undefined,
      });
      return { errmsg: 'created', tagid: tag.id };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'tag/update',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      await renameTag(
        ctx,
        body.requiredInt('tagid', 'tag.id_missing', TAGID),
        body.requiredString('tagname', 'tag.invalid_name', { max: 64 }),
      );
      return { errmsg: 'updated' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'tag/delete',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      await deleteTag(ctx, query.requiredInt('tagid', 'tag.id_missing', TAGID));
      return { errmsg: 'deleted' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'tag/get',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const { tag, members, departmentIds } = await getTag(ctx, query.requiredInt('tagid', 'tag.id_missing', TAGID));
      return {
        tagname: tag.name,
        userlist: members.map((m) => ({ userid: m.userId, name: m.name })),
        partylist: departmentIds,
      };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'tag/list',
    auth: 'token',
    handler: async ({ ctx }) => ({ taglist: (await listTags(ctx)).map((t) => ({ tagid: t.id, tagname: t.name })) }),
  }),
  defineCgi({
    method: 'POST',
    path: 'tag/addtagusers',
    auth: 'token',
    handler: async ({ ctx, body }) =>
      partialFailure(await addToTag(ctx, body.requiredInt('tagid', 'tag.id_missing', TAGID), changeOf(body))),
  }),
  defineCgi({
    method: 'POST',
    path: 'tag/deltagusers',
    auth: 'token',
    handler: async ({ ctx, body }) => ({
      errmsg: 'deleted',
      ...partialFailure(await removeFromTag(ctx, body.requiredInt('tagid', 'tag.id_missing', TAGID), changeOf(body))),
    }),
  }),
];
