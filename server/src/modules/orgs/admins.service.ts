import type { Actor, OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/constraint.js';
import { conflict, DomainError, forbidden, invalid, unauthorized } from '../../platform/errors.js';
import { hashPassword, hashToken, randomToken, verifyPassword } from '../../platform/secrets.js';
import type { SignInAttempts } from '../../platform/sign-in-limits.js';
import { loadTree } from '../directory/index.js';
import { validateAdminInput } from './orgs.service.js';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/**
 * Checked when no admin has the typed email, so that such a sign-in costs the scrypt a known email costs and
 * takes as long. Its password was random and is forgotten; it could not sign anyone in anyway (no row).
 */
const UNKNOWN_EMAIL_HASH = 'scrypt$7kqjHEjnTz8TN34hC8mJPQ==$yZ78MVnp2qFjSSuc8ls9gbG1/zkYCwinvq0JXcoJ8c8=';

export type AdminRole = 'owner' | 'admin' | 'department_admin';
export type AdminView = { id: number; name: string; email: string; role: AdminRole; departmentId: number | null };
export type AdminSession = { admin: AdminView; orgId: number; csrfToken: string; actor: Actor };
export type OpenedSession = { token: string; csrfToken: string; maxAgeSeconds: number };

/** What signing in and up need besides their input. */
export type SignInDeps = {
  db: Db;
  attempts: SignInAttempts;
  /** The client's address (request.ip), counted against the per-address limits. */
  address: string;
};

function actorOf(admin: AdminView): Actor {
  return { kind: 'admin', adminId: admin.id, role: admin.role, departmentId: admin.departmentId };
}

const tooMany = () =>
  new DomainError('admin.too_many_attempts', 'too_many', 'too many sign-in attempts; wait 15 minutes and try again');

/** The email's key among the limits, as it is matched: trimmed, in lower case. */
const emailLogin = (email: string) => `admin:${email.trim().toLowerCase()}`;

/**
 * Checks the password and opens a session. An unknown email and a wrong password get the same answer after the
 * same work, and both count against the email as typed: beyond the limit it is locked for the rest of the
 * window, even for the right password (counted before the check, so concurrent guesses cannot slip past).
 */
export async function signIn(deps: SignInDeps, email: string, password: string): Promise<OpenedSession> {
  const { perAddress, perLogin } = deps.attempts.limits;
  await deps.attempts.count(
    [
      { key: `address-admin:${deps.address}`, windows: perAddress.adminSignIns },
      { key: emailLogin(email), windows: perLogin.adminSignIns },
    ],
    tooMany,
  );
  const row = await deps.db
    .selectFrom('admins')
    .select(['id', 'org_id', 'password_hash'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const matches = await verifyPassword(password, row?.password_hash ?? UNKNOWN_EMAIL_HASH);
  if (!row || !matches) throw unauthorized('admin.bad_credentials', 'email or password is wrong');
  return openSession(deps.db, row.id, row.org_id);
}

/** Opens an admin session (the caller sets the cookie). */
export async function openSession(db: Db, adminId: number, orgId: number): Promise<OpenedSession> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = Date.now();
  await db
    .insertInto('admin_sessions')
    .values({
      token_hash: hashToken(token),
      admin_id: adminId,
      org_id: orgId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
    })
    .execute();
  return { token, csrfToken, maxAgeSeconds: SESSION_TTL_MS / 1000 };
}

export async function resolveSession(db: Db, token: string): Promise<AdminSession | undefined> {
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select([
      'admins.id',
      'admins.name',
      'admins.email',
      'admins.role',
      'admins.department_id',
      'admin_sessions.org_id',
      'admin_sessions.csrf_token',
      'admin_sessions.expires_at',
    ])
    .where('admin_sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at < Date.now()) return undefined;
  const admin: AdminView = {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    departmentId: row.department_id,
  };
  return { admin, orgId: row.org_id, csrfToken: row.csrf_token, actor: actorOf(admin) };
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function listAdmins(ctx: OrgContext): Promise<AdminView[]> {
  const rows = await ctx.db
    .selectFrom('admins')
    .select(['id', 'name', 'email', 'role', 'department_id'])
    .where('org_id', '=', ctx.orgId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, role: r.role, departmentId: r.department_id }));
}

export type CreateAdminOptions = {
  name: string;
  email: string;
  password: string;
  role: 'admin' | 'department_admin';
  /** Required for a department admin: the subtree they manage. */
  departmentId?: number | null;
};

/** Adds an admin; only the owner and org-wide admins may. */
export async function createAdmin(ctx: OrgContext, options: CreateAdminOptions): Promise<AdminView> {
  if (ctx.actor.kind !== 'admin' || ctx.actor.role === 'department_admin') {
    throw forbidden('admin.no_privilege', 'only the owner and org-wide admins can add admins');
  }
  const input = validateAdminInput(options);
  let departmentId: number | null = null;
  if (options.role === 'department_admin') {
    const tree = await loadTree(ctx.db, ctx.orgId);
    if (options.departmentId === undefined || options.departmentId === null || !tree.has(options.departmentId)) {
      throw invalid('admin.invalid_department', 'a department admin needs an existing department');
    }
    departmentId = options.departmentId;
  }
  try {
    const row = await ctx.db
      .insertInto('admins')
      .values({
        org_id: ctx.orgId,
        email: input.email,
        name: input.name,
        password_hash: await hashPassword(input.password),
        role: options.role,
        department_id: departmentId,
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, name: input.name, email: input.email, role: options.role, departmentId };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('admin.email_exists', `${input.email} is already an admin`);
    throw error;
  }
}
