import { z } from 'zod';
import { CsrfToken, Id } from './common.js';

/** The admin console's org, sessions and admins (`/api/admin/{signup,session,contact-secret,admins}`). */

/** `owner`: the admin who signed the org up (the only one who may replace the directory secret). */
export const AdminRole = z.enum(['owner', 'admin', 'department_admin']);
export type AdminRole = z.infer<typeof AdminRole>;

export const AdminView = z.strictObject({
  id: Id,
  name: z.string(),
  email: z.string(),
  role: AdminRole,
  /** The subtree a department admin manages; null for the others. */
  departmentId: Id.nullable(),
});
export type AdminView = z.infer<typeof AdminView>;

/** `GET /api/admin/admins` */
export const AdminList = z.array(AdminView);
export type AdminList = z.infer<typeof AdminList>;

/** `GET /api/admin/session`: who is signed in, to which org. */
export const AdminSession = z.strictObject({
  admin: AdminView,
  csrfToken: z.string(),
  org: z.strictObject({ corpId: z.string(), name: z.string() }),
});
export type AdminSession = z.infer<typeof AdminSession>;

/** `POST /api/admin/session`: signed in (the session is the cookie). */
export const AdminSignedIn = CsrfToken;
export type AdminSignedIn = z.infer<typeof AdminSignedIn>;

/**
 * `POST /api/admin/signup` (HTTP 202): the same answer whether the email is free or taken; the mail sent to it
 * carries the link that creates the org, or says the email has an org already.
 */
export const SignUpPending = z.strictObject({ status: z.literal('check_email'), email: z.string() });
export type SignUpPending = z.infer<typeof SignUpPending>;

/** `POST /api/admin/signup/confirm`: the new org, its directory secret (shown this once) and the owner's session. */
export const SignUpResult = z.strictObject({ corpId: z.string(), contactSecret: z.string(), csrfToken: z.string() });
export type SignUpResult = z.infer<typeof SignUpResult>;

/** `POST /api/admin/contact-secret`: the new directory secret, shown this once. */
export const ContactSecret = z.strictObject({ contactSecret: z.string() });
export type ContactSecret = z.infer<typeof ContactSecret>;
