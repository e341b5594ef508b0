import type { Queryable } from '../../platform/db/database.js';

export type MemberLocation = { latitude: number; longitude: number; precision: number; reportedAt: number };

/** Keeps one row per member: the last position their client reported. */
export async function saveLocation(db: Queryable, orgId: number, memberId: number, at: MemberLocation): Promise<void> {
  const values = { lat: at.latitude, lng: at.longitude, precision: at.precision, reported_at: at.reportedAt };
  await db
    .insertInto('member_locations')
    .values({ member_id: memberId, org_id: orgId, ...values })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(values))
    .execute();
}

export async function findLocation(db: Queryable, orgId: number, memberId: number): Promise<MemberLocation | null> {
  const row = await db
    .selectFrom('member_locations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row
    ? { latitude: row.lat, longitude: row.lng, precision: row.precision, reportedAt: Number(row.reported_at) }
    : null;
}

/** Forgets the member's last position: they stopped sharing it. */
export async function deleteLocation(db: Queryable, orgId: number, memberId: number): Promise<void> {
  await db.deleteFrom('member_locations').where('org_id', '=', orgId).where('member_id', '=', memberId).execute();
}
