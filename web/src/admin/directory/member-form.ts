import type { Gender, Member, MemberDepartment, MemberInput, MemberKind } from './directory.queries';

/** What the member form edits; `departments` and `externalScope` are department ids. */
export interface MemberFormValues {
  userId: string;
  name: string;
  mobile?: string;
  email?: string;
  position?: string;
  gender?: Gender;
  alias?: string;
  departments?: number[];
  kind: MemberKind;
  externalCorpName?: string;
  externalScope?: number[];
}

export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const MOBILE_PATTERN = /^\+?[0-9][0-9 -]{4,19}$/;

export function toFormValues(member: Member | null, defaultDepartmentId: number | null): MemberFormValues {
  if (!member) {
    return {
      userId: '',
      name: '',
      gender: 0,
      kind: 'staff',
      departments: defaultDepartmentId === null ? [] : [defaultDepartmentId],
      externalScope: [],
    };
  }
  return {
    userId: member.userId,
    name: member.name,
    mobile: member.mobile ?? '',
    email: member.email ?? '',
    position: member.position,
    gender: member.gender,
    alias: member.alias,
    departments: member.departments.map((d) => d.id),
    kind: member.kind,
    externalCorpName: member.externalCorpName,
    externalScope: member.externalScope,
  };
}

const trimmed = (value: string | undefined) => (value ?? '').trim();

/** Form values → request body. Keeps order/leader of departments the member already had. */
export function toMemberInput(values: MemberFormValues, existing: Member | null): MemberInput {
  const previous = new Map((existing?.departments ?? []).map((d) => [d.id, d]));
  const departments: MemberDepartment[] = (values.departments ?? []).map(
    (id) => previous.get(id) ?? { id, order: 0, isLeader: false },
  );
  const mobile = trimmed(values.mobile);
  const email = trimmed(values.email);
  const isExternal = values.kind === 'external';
  const input: MemberInput = {
    name: trimmed(values.name),
    position: trimmed(values.position),
    gender: values.gender ?? 0,
    alias: trimmed(values.alias),
    kind: values.kind,
    departments,
    externalCorpName: isExternal ? trimmed(values.externalCorpName) : '',
    externalScope: isExternal ? (values.externalScope ?? []) : [],
  };
  const mainDepartmentId = existing?.mainDepartmentId;
  if (mainDepartmentId != null && values.departments?.includes(mainDepartmentId)) {
    input.mainDepartmentId = mainDepartmentId;
  } else if (departments[0]) {
    input.mainDepartmentId = departments[0].id;
  }
  if (existing) {
    // PATCH: an emptied field is cleared with null
    input.mobile = mobile || null;
    input.email = email || null;
    const userId = trimmed(values.userId);
    if (userId !== existing.userId) input.newUserId = userId;
  } else {
    input.userId = trimmed(values.userId);
    if (mobile) input.mobile = mobile;
    if (email) input.email = email;
  }
  return input;
}
