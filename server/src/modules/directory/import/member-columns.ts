import { invalid } from '../../../platform/errors.js';
import type { MemberPatch } from '../members/members.types.js';
import { mapColumns } from './csv.js';

/** Header names accepted for each member field: WeCom's template (current and 2015) and plain English. */
export const MEMBER_COLUMNS = {
  name: ['姓名', 'name'],
  userId: ['帐号', '账号', 'userid', 'UserID'],
  mobile: ['手机号', '手机', 'mobile'],
  email: ['邮箱', 'email'],
  departments: ['所在部门', '部门', 'department'],
  position: ['职位', 'position'],
  gender: ['性别', 'gender'],
  isLeader: ['是否部门内领导', 'is_leader_in_dept'],
  order: ['排序', 'order'],
  alias: ['别名', 'alias'],
  address: ['地址', 'address'],
  telephone: ['座机', 'telephone'],
  disabled: ['禁用*', 'disabled'],
  kind: ['成员类型', 'kind'],
  externalCorpName: ['外部企业', 'external_corp_name'],
};

export type MemberColumn = keyof typeof MEMBER_COLUMNS;
export type MemberColumns = Partial<Record<MemberColumn, number>>;

/** The fixed header of our exports and of the console's template. */
export const MEMBER_EXPORT_HEADER = [
  '姓名',
  '帐号',
  '手机号',
  '邮箱',
  '所在部门',
  '职位',
  '性别',
  '是否部门内领导',
  '排序',
  '别名',
  '地址',
  '座机',
  '禁用',
  '成员类型',
  '外部企业',
];

export function memberColumnsOf(header: string[]): MemberColumns {
  const columns = mapColumns(header, MEMBER_COLUMNS);
  if (columns.userId === undefined) throw invalid('job.invalid_file', 'the file has no 帐号 (userid) column');
  return columns;
}

/** A row's cells as a partial member plus its raw department references; only columns present are set. */
export type MemberRow = {
  userId: string;
  patch: MemberPatch;
  /** Department ids ("2") or name paths ("研发部/前端组"), in the order given. */
  departmentRefs?: string[];
  leaders?: string[];
  orders?: string[];
  /** From the 禁用 column: true disables, false re-enables, absent leaves the status alone. */
  disabled?: boolean;
};

function genderOf(value: string): number {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '0' || v === '未知') return 0;
  if (v === '男' || v === '1' || v === 'male' || v === 'm') return 1;
  if (v === '女' || v === '2' || v === 'female' || v === 'f') return 2;
  throw invalid('member.invalid_field', `性别 (gender) "${value}" must be 男 or 女`, { field: 'gender' });
}

function kindOf(value: string): 'staff' | 'external' {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '内部' || v === 'staff') return 'staff';
  if (v === '外部' || v === 'external') return 'external';
  throw invalid('member.invalid_field', `成员类型 (kind) "${value}" must be 内部 or 外部`, { field: 'kind' });
}

const split = (value: string) =>
  value
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Reads one CSV row into a member row; throws a field-naming error for bad cells. */
export function readMemberRow(columns: MemberColumns, cells: string[]): MemberRow {
  const cell = (c: MemberColumn) => {
    const index = columns[c];
    return index === undefined ? undefined : (cells[index] ?? '').trim();
  };
  const userId = cell('userId') ?? '';
  if (userId === '') throw invalid('member.userid_missing', '帐号 (userid) is empty', { field: 'userid' });
  const patch: MemberPatch = {};
  const text = (
    c: 'name' | 'mobile' | 'email' | 'position' | 'alias' | 'address' | 'telephone' | 'externalCorpName',
  ) => {
    const value = cell(c);
    if (value !== undefined) patch[c] = value;
  };
  text('name');
  text('mobile');
  text('email');
  text('position');
  text('alias');
  text('address');
  text('telephone');
  text('externalCorpName');
  const gender = cell('gender');
  if (gender !== undefined) patch.gender = genderOf(gender);
  const kind = cell('kind');
  if (kind !== undefined) patch.kind = kindOf(kind);
  const disabled = cell('disabled');
  if (disabled !== undefined && disabled !== '') {
    if (!['0', '1'].includes(disabled))
      throw invalid('member.invalid_field', '禁用 must be 0 or 1', { field: 'disabled' });
  }
  const row: MemberRow = { userId, patch };
  if (disabled === '1' || disabled === '0') row.disabled = disabled === '1';
  const departments = cell('departments');
  if (departments !== undefined && departments !== '') row.departmentRefs = split(departments);
  const leaders = cell('isLeader');
  if (leaders !== undefined && leaders !== '') row.leaders = split(leaders);
  const orders = cell('order');
  if (orders !== undefined && orders !== '') row.orders = split(orders);
  return row;
}
