import type { Db } from '../../platform/db/database.js';
import { writeMembers } from './members/member-cache.js';
import { setStatus } from './members/members.repository.js';
import type { MemberStatus } from './members/members.types.js';

/** Tests only: sets a member's status without recording an event (a member who joined before anyone listened). */
export function setMemberStatusQuietly(db: Db, orgId: number, memberId: number, status: MemberStatus) {
  return writeMembers(db, orgId, (tx) => setStatus(tx, orgId, memberId, status));
}
