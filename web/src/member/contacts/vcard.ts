import type { MemberCard } from './contacts.queries';

const escape = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');

/** The e-business card as vCard 3.0 text (what the profile's QR code holds). */
export function toVCard(member: MemberCard, orgName: string): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${escape(member.name)}`, `N:${escape(member.name)};;;;`];
  const org = member.kind === 'external' && member.externalCorpName ? member.externalCorpName : orgName;
  const department = member.departments[0]?.name;
  if (org) lines.push(`ORG:${escape(org)}${department ? ';' + escape(department) : ''}`);
  if (member.position) lines.push(`TITLE:${escape(member.position)}`);
  if (member.mobile) lines.push(`TEL;TYPE=CELL:${escape(member.mobile)}`);
  if (member.email) lines.push(`EMAIL:${escape(member.email)}`);
  lines.push('END:VCARD');
  return lines.join('\n');
}
