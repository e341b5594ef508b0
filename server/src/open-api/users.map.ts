import { createHash } from 'node:crypto';
import { invalid } from '../platform/errors.js';
import type { Member, MemberDepartment, MemberPatch } from '../modules/directory/index.js';
import type { Fields } from './lenient.js';

const STATUS = { active: 1, disabled: 2, invited: 4 } as const;

/** A stable per-org pseudonym of a userid (WeCom's openid / open_userid). */
export function openIdOf(corpId: string, userId: string): string {
  return `o${createHash('sha256').update(`${corpId}:${userId.toLowerCase()}`).digest('base64url').slice(0, 27)}`;
}

/** Enclave's member → WeCom's user object (wecom-api.md §3.2). */
export function toUser(m: Member, corpId: string) {
  return {
    userid: m.userId,
    name: m.name,
    department: m.departments.map((d) => d.id),
    order: m.departments.map((d) => d.order),
    position: m.position,
    mobile: m.mobile ?? '',
    gender: String(m.gender),
    email: m.email ?? '',
    biz_mail: '',
    is_leader_in_dept: m.departments.map((d) => (d.isLeader ? 1 : 0)),
    direct_leader: [],
    avatar: m.avatar,
    thumb_avatar: m.avatar,
    telephone: m.telephone,
    alias: m.alias,
    address: m.address,
    open_userid: openIdOf(corpId, m.userId),
    main_department: m.mainDepartmentId ?? 1,
    extattr: m.extattr.attrs ? m.extattr : { attrs: [] },
    status: STATUS[m.status],
    enable: m.status === 'disabled' ? 0 : 1,
    isleader: m.departments.some((d) => d.isLeader) ? 1 : 0,
    hide_mobile: 0,
    qr_code: '',
    external_position: '',
    external_profile: { external_corp_name: m.externalCorpName, external_attr: [] },
  };
}

function departmentsOf(body: Fields): MemberDepartment[] | undefined {
  const ids = body.intList('department', { max: 100 });
  if (!ids) return undefined;
  // WeCom's range for an order, as for a department's (departments.ts).
  const orders = body.intList('order', { item: { min: 0, max: 2 ** 32 - 1 } }) ?? [];
  const leaders = body.intList('is_leader_in_dept', { item: { min: 0, max: 1 } }) ?? [];
  if ((orders.length > 0 && orders.length !== ids.length) || (leaders.length > 0 && leaders.length !== ids.length)) {
    throw invalid('request.invalid', 'order and is_leader_in_dept must have as many items as department');
  }
  return ids.map((id, i) => ({ id, order: orders[i] ?? 0, isLeader: leaders[i] === 1 }));
}

function genderOf(body: Fields): number | undefined {
  const gender = body.int('gender', { min: 0, max: 2 });
  return gender;
}

/** The fields of a `user/create` or `user/update` body, as a member patch (absent fields absent). */
export function toMemberPatch(body: Fields): MemberPatch {
  const patch: MemberPatch = {
    name: body.string('name', { max: 64 }),
    alias: body.string('alias', { max: 64 }),
    mobile: body.string('mobile', { max: 32 }),
    email: body.string('email', { max: 64 }),
    position: body.string('position', { max: 128 }),
    gender: genderOf(body),
    telephone: body.string('telephone', { max: 32 }) ?? body.string('tel', { max: 32 }),
    address: body.string('address', { max: 128 }),
    departments: departmentsOf(body),
    mainDepartmentId: body.int('main_department', { min: 1 }),
    extattr: body.object('extattr'),
  };
  const profile = body.object('external_profile');
  if (profile && typeof profile.external_corp_name === 'string') patch.externalCorpName = profile.external_corp_name;
  const enable = body.int('enable', { min: 0, max: 1 });
  if (enable === 0) patch.status = 'disabled';
  return patch;
}
