export type MemberStatus = 'invited' | 'active' | 'disabled';
export type MemberKind = 'staff' | 'external';

export type MemberDepartment = {
  id: number;
  /** Order inside that department; bigger sorts first. */
  order: number;
  isLeader: boolean;
};

export type Member = {
  id: number;
  userId: string;
  name: string;
  alias: string;
  mobile: string | null;
  email: string | null;
  position: string;
  /** 0 unset, 1 male, 2 female (WeCom's values). */
  gender: number;
  avatar: string;
  telephone: string;
  address: string;
  status: MemberStatus;
  kind: MemberKind;
  /** For external contacts: the supplier's, customer's or farm's own name. */
  externalCorpName: string;
  mainDepartmentId: number | null;
  extattr: Record<string, unknown>;
  departments: MemberDepartment[];
  /** For external contacts: the departments they may see (empty: only themselves). */
  externalScope: number[];
  createdAt: number;
  updatedAt: number;
};

/** Fields a create accepts; every field but userId and name is optional. */
export type MemberInput = {
  userId: string;
  name: string;
  alias?: string;
  mobile?: string | null;
  email?: string | null;
  position?: string;
  gender?: number;
  avatar?: string;
  telephone?: string;
  address?: string;
  status?: MemberStatus;
  kind?: MemberKind;
  externalCorpName?: string;
  departments?: MemberDepartment[];
  mainDepartmentId?: number | null;
  extattr?: Record<string, unknown>;
  externalScope?: number[];
};

/** Fields an update accepts: absent fields stay as they are. */
export type MemberPatch = Partial<Omit<MemberInput, 'userId'>> & { newUserId?: string };
