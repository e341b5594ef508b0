import {
  AdminList,
  AdminSession,
  AdminSignedIn,
  AdminView,
  ContactSecret,
  Ok,
  SignUpPending,
  SignUpResult,
} from '@enclave/contracts';
import { z } from 'zod';
import { forbidden } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http/route.js';
import type { SignInAttempts } from '../../platform/sign-in-limits.js';
import { createAdmin, listAdmins, signIn, signOut } from './admins.service.js';
import type { SignUpMailer } from './sign-up-mail.js';
import { confirmSignUp, signUp } from './sign-up.service.js';
import { getOrg, rotateContactSecret } from './orgs.service.js';
import { setSessionCookie, clearSessionCookie, SESSION_COOKIE } from './session-cookie.js';

const SignUpBody = z.object({
  orgName: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
  email: z.string().min(3).max(128),
  password: z.string().min(8).max(200),
});
const ConfirmSignUpBody = z.object({ token: z.string().min(1).max(200) });
const SignInBody = z.object({ email: z.string().min(1).max(128), password: z.string().min(1).max(200) });
const CreateAdminBody = z.object({
  name: z.string().min(1).max(64),
  email: z.string().min(3).max(128),
  password: z.string().min(8).max(200),
  role: z.enum(['admin', 'department_admin']),
  departmentId: z.number().int().positive().nullable().optional(),
});

/** What the org routes need: the process's sign-in limits, the sign-up mailer and the links' address. */
export type OrgRoutesOptions = {
  attempts: SignInAttempts;
  mailer: SignUpMailer;
  /** The console's public address for links in mail (ENCLAVE_PUBLIC_URL); unset: the request's own. */
  publicUrl: string | undefined;
};

/** The admin console's sign-up, sessions and admins; sign-in and sign-up count against `attempts`. */
export const orgRoutes = (options: OrgRoutesOptions) => [
  defineRoute({
    method: 'POST',
    url: '/api/admin/signup',
    principal: 'public',
    response: SignUpPending,
    body: SignUpBody,
    handler: async ({ db, body, request, reply }) => {
      const origin = options.publicUrl ?? `${request.protocol}://${request.host}`;
      const deps = {
        db,
        attempts: options.attempts,
        address: request.ip,
        mailer: options.mailer,
        origin,
        log: request.log,
      };
      const pending = await signUp(deps, { name: body.orgName, owner: body });
      reply.code(202);
      return pending;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/signup/confirm',
    principal: 'public',
    response: SignUpResult,
    body: ConfirmSignUpBody,
    handler: async ({ db, body, request, reply }) => {
      const deps = { db, attempts: options.attempts, address: request.ip };
      const { org, session } = await confirmSignUp(deps, body.token);
      setSessionCookie(reply, session);
      return { corpId: org.corpId, contactSecret: org.contactSecret, csrfToken: session.csrfToken };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/session',
    principal: 'public',
    response: AdminSignedIn,
    body: SignInBody,
    handler: async ({ db, body, request, reply }) => {
      const session = await signIn({ db, attempts: options.attempts, address: request.ip }, body.email, body.password);
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/admin/session',
    principal: 'org-admin',
    response: Ok,
    handler: async ({ db, request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await signOut(db, token);
      clearSessionCookie(reply);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/session',
    principal: 'org-admin',
    response: AdminSession,
    handler: async ({ ctx, request }) => {
      const session = request.adminSession;
      const org = await getOrg(ctx.db, ctx.orgId);
      return {
        admin: session?.admin,
        csrfToken: session?.csrfToken,
        org: { corpId: org.corp_id, name: org.name },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/contact-secret',
    principal: 'org-admin',
    response: ContactSecret,
    handler: async ({ ctx }) => {
      if (ctx.actor.kind !== 'admin' || ctx.actor.role !== 'owner') {
        throw forbidden('admin.no_privilege', 'only the owner can replace the directory secret');
      }
      return { contactSecret: await rotateContactSecret(ctx.db, ctx.orgId) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/admins',
    principal: 'org-admin',
    response: AdminList,
    handler: ({ ctx }) => listAdmins(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/admins',
    principal: 'org-admin',
    response: AdminView,
    body: CreateAdminBody,
    handler: ({ ctx, body }) => createAdmin(ctx, body),
  }),
];
