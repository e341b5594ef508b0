/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const tagErrors = {
  notFound: 'tag.not_found',
  invalidName: 'tag.invalid_name',
  nameExists: 'tag.name_exists',
  invalidId: 'tag.invalid_id',
  notOwner: 'tag.not_owner',
  nothingToAdd: 'tag.all_invalid_add',
  nothingToRemove: 'tag.all_invalid_remove',
  tooMany: 'tag.too_many',
  listMissing: 'tag.list_missing',
} as const;
