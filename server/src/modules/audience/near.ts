import type { Queryable } from '../../platform/db/database.js';
import { invalid } from '../../platform/errors.js';

/** A geofence (定点): members whose last reported location is inside it, and recent enough. */
export type Near = {
  latitude: number;
  longitude: number;
  /** At most 50 km. */
  radiusMeters: number;
  /** Reports older than this (minutes, at send time) do not count. */
  maxAgeMinutes: number;
};

export const MAX_RADIUS_METERS = 50_000;
/** A week: older positions say little about where someone is now. */
export const MAX_AGE_MINUTES = 7 * 24 * 60;
const EARTH_RADIUS_METERS = 6_371_008.8;
const METERS_PER_DEGREE_LAT = (Math.PI * EARTH_RADIUS_METERS) / 180;

/** Refuses a geofence outside the ranges above (the open API and the console share it). */
export function checkNear(near: Near): void {
  const inRange = (value: unknown, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  if (!inRange(near.latitude, -90, 90) || !inRange(near.longitude, -180, 180)) {
    throw invalid('message.invalid_near', 'near needs a latitude in [-90, 90] and a longitude in [-180, 180]');
  }
  if (!inRange(near.radiusMeters, 1, MAX_RADIUS_METERS)) {
    throw invalid('message.invalid_near', `near.radius must be between 1 and ${MAX_RADIUS_METERS} metres`);
  }
  if (!inRange(near.maxAgeMinutes, 1, MAX_AGE_MINUTES) || !Number.isInteger(near.maxAgeMinutes)) {
    throw invalid('message.invalid_near', `near.max_age must be whole minutes between 1 and ${MAX_AGE_MINUTES}`);
  }
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The members of an org whose last location, reported within `maxAgeMinutes` of `now`, is inside the circle.
 * A bounding box narrows the rows in SQL (an index on org_id, lat); the exact distance is computed here.
 */
export async function membersNear(db: Queryable, orgId: number, near: Near, now: number): Promise<Set<number>> {
  const dLat = near.radiusMeters / METERS_PER_DEGREE_LAT;
  const cosLat = Math.cos((near.latitude * Math.PI) / 180);
  // Near the poles the box spans every longitude.
  const dLng = cosLat < 1e-6 ? 360 : Math.min(360, dLat / cosLat);
  let query = db
    .selectFrom('member_locations')
    .select(['member_id', 'lat', 'lng'])
    .where('org_id', '=', orgId)
    .where('lat', '>=', near.latitude - dLat)
    .where('lat', '<=', near.latitude + dLat)
    .where('reported_at', '>=', now - near.maxAgeMinutes * 60_000);
  const west = near.longitude - dLng;
  const east = near.longitude + dLng;
  // A box across the antimeridian is two ranges of longitude; a box wider than the globe is none.
  if (dLng < 180) {
    if (west < -180) query = query.where((eb) => eb.or([eb('lng', '>=', west + 360), eb('lng', '<=', east)]));
    else if (east > 180) query = query.where((eb) => eb.or([eb('lng', '>=', west), eb('lng', '<=', east - 360)]));
    else query = query.where('lng', '>=', west).where('lng', '<=', east);
  }
  const rows = await query.execute();
  const inside = new Set<number>();
  for (const r of rows) {
    if (distanceMeters(near.latitude, near.longitude, r.lat, r.lng) <= near.radiusMeters) inside.add(r.member_id);
  }
  return inside;
}
