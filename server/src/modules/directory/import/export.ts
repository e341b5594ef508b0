import { stringify } from 'csv-stringify/sync';
import type { OrgContext } from '../../../platform/context.js';
import { listMembers } from '../members/members.read.js';
import { MEMBER_EXPORT_HEADER } from './member-columns.js';

/** The members the actor may see, as a CSV in the import format (UTF-8 with BOM, so Excel reads it). */
export async function exportMembersCsv(ctx: OrgContext): Promise<string> {
  const rows: string[][] = [MEMBER_EXPORT_HEADER];
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await listMembers(ctx, { recursive: true, limit: pageSize, offset });
    for (const m of page.items) {
      rows.push([
        m.name,
        m.userId,
        m.mobile ?? '',
        m.email ?? '',
        m.departments.map((d) => d.id).join(';'),
        m.position,
        m.gender === 1 ? '男' : m.gender === 2 ? '女' : '',
        m.departments.map((d) => (d.isLeader ? '1' : '0')).join(';'),
        m.departments.map((d) => String(d.order)).join(';'),
        m.alias,
        m.address,
        m.telephone,
        m.status === 'disabled' ? '1' : '0',
        m.kind === 'external' ? '外部' : '内部',
        m.externalCorpName,
      ]);
    }
    if (page.items.length < pageSize) break;
  }
  return `\ufeff${stringify(rows)}`;
}
