import { forgetTokens, revokeTokens } from '../access-tokens/index.js';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/constraint.js';
import { conflict, invalid } from '../../platform/errors.js';
import { hashPassword, hashToken, randomToken } from '../../platform/secrets.js';
import { ROOT_DEPARTMENT_ID } from '../directory/index.js';

export type CreateOrgOptions = {
  name: string;
  owner: { name: string; email: string; password: string };
};

export type CreatedOrg = {
  orgId: number;
  corpId: string;
  name: string;
  /** The directory (通讯录同步) secret, shown once. */
  contactSecret: string;
  owner: { id: number; name: string; email: string; role: 'owner' };
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateAdminInput(admin: { name: string; email: string; password: string }) {
  const name = admin.name.trim();
  const email = admin.email.trim().toLowerCase();
  if (name.length === 0 || name.length > 64) throw invalid('admin.invalid_name', 'name must be 1 to 64 characters');
  if (!EMAIL.test(email) || email.length > 128)
    throw invalid('admin.invalid_email', `"${email}" is not an email address`);
  if (admin.password.length < 8 || admin.password.length > 200) {
    throw invalid('admin.weak_password', 'the password must be at least 8 characters');
  }
  return { name, email, password: admin.password };
}

/** The org's name and its owner, trimmed and checked as `createOrg` stores them. */
export function validateOrgInput(options: CreateOrgOptions) {
  const name = options.name.trim();
  if (name.length === 0 || [...name].length > 64)
    throw invalid('org.invalid_name', 'org name must be 1 to 64 characters');
  return { name, owner: validateAdminInput(options.owner) };
}

/** Creates an org with its root department, its directory secret and its owner. */
export async function createOrg(db: Db, options: CreateOrgOptions): Promise<CreatedOrg> {
  const { name, owner } = validateOrgInput(options);
  return createCheckedOrg(db, {
    name,
    owner: { name: owner.name, email: owner.email, passwordHash: await hashPassword(owner.password) },
  });
}

/**
 * `createOrg` for input already checked and a password already hashed: a sign-up confirmed by its emailed link
 * (the password was hashed when the sign-up was asked for and is not kept in clear).
 */
export async function createCheckedOrg(
  db: Db,
  options: { name: string; owner: { name: string; email: string; passwordHash: string } },
): Promise<CreatedOrg> {
  const { name, owner } = options;
  const passwordHash = owner.passwordHash;
  const contactSecret = randomToken(32);
  const corpId = `ww${randomBytes(8).toString('hex')}`;
  try {
    return await db.transaction().execute(async (tx) => {
      const now = Date.now();
      const org = await tx
        .insertInto('orgs')
        .values({ corp_id: corpId, name, contact_secret_hash: hashToken(contactSecret), created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('departments')
        .values({
          org_id: org.id,
          id: ROOT_DEPARTMENT_ID,
          parent_id: 0,
          name: name.replace(/[\\:*?"<>|]/g, ' ').slice(0, 32),
          name_en: '',
          sort_order: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const admin = await tx
        .insertInto('admins')
        .values({
          org_id: org.id,
          email: owner.email,
          name: owner.name,
          password_hash: passwordHash,
          role: 'owner',
          department_id: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        orgId: org.id,
        corpId,
        name,
        contactSecret,
        owner: { id: admin.id, name: owner.name, email: owner.email, role: 'owner' as const },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('admin.email_exists', `${owner.email} already administers an org`);
    throw error;
  }
}

export async function findOrgByCorpId(db: Db, corpId: string) {
  return db.selectFrom('orgs').selectAll().where('corp_id', '=', corpId).executeTakeFirst();
}

const corpIds = new WeakMap<Queryable, Map<number, string>>();

/** An org's corpid; it never changes, so it is remembered after the first read. */
export async function corpIdOf(db: Queryable, orgId: number): Promise<string> {
  let known = corpIds.get(db);
  if (!known) corpIds.set(db, (known = new Map()));
  const cached = known.get(orgId);
  if (cached) return cached;
  const corpId = (await getOrg(db, orgId)).corp_id;
  known.set(orgId, corpId);
  return corpId;
}

export async function getOrg(db: Queryable, orgId: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'corp_id', 'name', 'created_at'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}

/** Replaces the directory secret; tokens minted with the old one stop working. */
export async function rotateContactSecret(db: Db, orgId: number): Promise<string> {
  const secret = randomToken(32);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('orgs')
      .set({ contact_secret_hash: hashToken(secret) })
      .where('id', '=', orgId)
      .execute();
    await revokeTokens(tx, orgId, null);
  });
  forgetTokens(db);
  return secret;
}
