/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const memberErrors = {
  notFound: 'member.not_found',
  invalidUserId: 'member.invalid_userid',
  userIdExists: 'member.userid_exists',
  invalidName: 'member.invalid_name',
  invalidMobile: 'member.invalid_mobile',
  mobileExists: 'member.mobile_exists',
  invalidEmail: 'member.invalid_email',
  emailExists: 'member.email_exists',
  contactMissing: 'member.contact_missing',
  invalidDepartment: 'member.invalid_department',
  tooManyDepartments: 'member.too_many_departments',
  invalidField: 'member.invalid_field',
  tooMany: 'member.too_many',
} as const;
