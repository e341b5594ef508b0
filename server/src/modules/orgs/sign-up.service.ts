import type { Logger } from 'pino';
import { DomainError, invalid } from '../../platform/errors.js';
import { hashPassword, hashToken, randomToken } from '../../platform/secrets.js';
import { openSession, type OpenedSession, type SignInDeps } from './admins.service.js';
import { createCheckedOrg, validateOrgInput, type CreatedOrg, type CreateOrgOptions } from './orgs.service.js';
import type { SignUpMail, SignUpMailer } from './sign-up-mail.js';

const LINK_TTL_MS = 24 * 3600 * 1000;

/** What sign-up needs besides sign-in's: where its mail goes, and the console's address for the link. */
export type SignUpDeps = SignInDeps & {
  mailer: SignUpMailer;
  /** The console's address as its users reach it, without a trailing slash (`https://enclave.example.com`). */
  origin: string;
  /** Where a failed mail is logged (the request's logger). */
  log?: Pick<Logger, 'error'>;
};

/** The one answer to a sign-up, whether the email is free or taken. */
export type SignUpPending = { status: 'check_email'; email: string };

/**
 * Asks for an org: the email is proved before anything is created. A free email gets a link that creates the
 * org (24 h; a later sign-up replaces it); an email that already administers an org gets a mail saying so.
 * The answer is the same for both after the same work (a password hash, a lookup, a mail), so sign-up does not
 * tell who has an org (ADR 0019). Counted per client address and per email, taken or free, before anything.
 */
/**
 * Sends a sign-up mail; a mail server that fails is a 503 the person can retry (admin.mail_failed), logged as
 * what it is, not a 500. It fails alike for free and taken emails.
 */
async function sendMail(deps: SignUpDeps, mail: SignUpMail): Promise<void> {
  try {
    await deps.mailer.send(deps.db, mail);
  } catch (error) {
    deps.log?.error({ err: error }, 'sign-up mail failed');
    throw new DomainError('admin.mail_failed', 'unavailable', 'the mail could not be sent; try again in a moment');
  }
}

export async function signUp(deps: SignUpDeps, options: CreateOrgOptions): Promise<SignUpPending> {
  const { name, owner } = validateOrgInput(options);
  const { perAddress, perLogin } = deps.attempts.limits;
  await deps.attempts.count(
    [
      { key: `address-signup:${deps.address}`, windows: perAddress.adminSignUps },
      { key: `signup:${owner.email}`, windows: perLogin.adminSignUps },
    ],
    () => new DomainError('admin.too_many_signups', 'too_many', 'too many sign-ups from here; try again later'),
  );
  const passwordHash = await hashPassword(owner.password);
  const taken = await deps.db.selectFrom('admins').select('id').where('email', '=', owner.email).executeTakeFirst();
  if (taken) {
    await sendMail(deps, {
      recipient: owner.email,
      subject: 'Enclave: this email already has an org / 此邮箱已有企业',
      body:
        `This email already administers an org on Enclave: sign in at ${deps.origin}/admin/ ` +
        `(nothing new was created).\n\n此邮箱已是 Enclave 上一个企业的管理员，请在 ${deps.origin}/admin/ 登录（未创建新企业）。\n`,
    });
    return { status: 'check_email', email: owner.email };
  }
  const token = randomToken(32);
  const now = Date.now();
  await deps.db.transaction().execute(async (tx) => {
    // A newer sign-up replaces the older links of the same email: only its details can create the org.
    await tx
      .updateTable('admin_signups')
      .set({ used_at: now })
      .where('email', '=', owner.email)
      .where('used_at', 'is', null)
      .execute();
    await tx
      .insertInto('admin_signups')
      .values({
        token_hash: hashToken(token),
        email: owner.email,
        org_name: name,
        owner_name: owner.name,
        password_hash: passwordHash,
        created_at: now,
        expires_at: now + LINK_TTL_MS,
        used_at: null,
      })
      .execute();
  });
  const link = `${deps.origin}/admin/#/signup/confirm?token=${encodeURIComponent(token)}`;
  await sendMail(deps, {
    recipient: owner.email,
    subject: 'Enclave: confirm your sign-up / 确认注册',
    body:
      `Follow this link within 24 hours to create ${name} on Enclave:\n${link}\n\n` +
      `请在 24 小时内打开以下链接，在 Enclave 上创建「${name}」：\n${link}\n\n` +
      `If you did not sign up, ignore this mail. 如果不是你本人操作，请忽略此邮件。\n`,
  });
  return { status: 'check_email', email: owner.email };
}

/**
 * Follows a sign-up link: creates the org as it was asked for and signs its owner in. The link is spent before
 * the org is created, in one statement, so a link followed twice at once creates one org. Counted per address.
 */
export async function confirmSignUp(
  deps: SignInDeps,
  token: string,
): Promise<{ org: CreatedOrg; session: OpenedSession }> {
  await deps.attempts.count(
    [{ key: `address-signup-confirm:${deps.address}`, windows: deps.attempts.limits.perAddress.adminSignUpConfirms }],
    () => new DomainError('admin.too_many_signups', 'too_many', 'too many sign-ups from here; try again later'),
  );
  const now = Date.now();
  const pending = await deps.db
    .updateTable('admin_signups')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['email', 'org_name', 'owner_name', 'password_hash'])
    .executeTakeFirst();
  if (!pending) {
    throw invalid('admin.signup_link_invalid', 'this sign-up link is unknown, used or expired; sign up again');
  }
  const org = await createCheckedOrg(deps.db, {
    name: pending.org_name,
    owner: { name: pending.owner_name, email: pending.email, passwordHash: pending.password_hash },
  });
  return { org, session: await openSession(deps.db, org.owner.id, org.orgId) };
}
