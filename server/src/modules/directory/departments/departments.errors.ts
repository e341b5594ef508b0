/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const departmentErrors = {
  notFound: 'department.not_found',
  parentNotFound: 'department.parent_not_found',
  invalidName: 'department.invalid_name',
  nameCharacters: 'department.name_characters',
  invalidId: 'department.invalid_id',
  exists: 'department.exists',
  tooDeep: 'department.too_deep',
  cycle: 'department.cycle',
  isRoot: 'department.is_root',
  hasChildren: 'department.has_children',
  hasMembers: 'department.has_members',
} as const;
