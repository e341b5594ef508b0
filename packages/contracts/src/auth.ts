import { z } from 'zod';
import { CsrfToken, Id, listOf, Timestamp } from './common.js';
import { MemberView } from './directory.js';

/**
 * Members joining and signing in (`/api/client/{invites,codes,session,devices}`), and the admin's side of it
 * (`/api/admin/members/:userId/invite`, `/api/admin/dev-outbox`).
 */

export const CodeChannel = z.enum(['sms', 'email']);
export type CodeChannel = z.infer<typeof CodeChannel>;

/** `GET /api/client/invites/:token`: whom the invitation is for, and where a code can go (masked). */
export const InvitePreview = z.strictObject({
  org: z.strictObject({ name: z.string(), corpId: z.string() }),
  member: z.strictObject({ name: z.string() }),
  channels: z.array(z.strictObject({ channel: CodeChannel, to: z.string() })),
});
export type InvitePreview = z.infer<typeof InvitePreview>;

/** `POST /api/client/codes`: the same answer whether or not the login is listed (it tells nobody who is). */
export const CodeRequested = z.strictObject({ sent: z.literal(true), message: z.string() });
export type CodeRequested = z.infer<typeof CodeRequested>;

/** `POST /api/client/session`, `POST /api/client/invites/:token/accept`: signed in (the session is the cookie). */
export const MemberSignedIn = CsrfToken;
export type MemberSignedIn = z.infer<typeof MemberSignedIn>;

/** `GET /api/client/session`: the signed-in member and their org. */
export const MemberSession = z.strictObject({
  member: MemberView,
  org: z.strictObject({ name: z.string(), corpId: z.string() }),
  csrfToken: z.string(),
});
export type MemberSession = z.infer<typeof MemberSession>;

/** One signed-in device of the member; `current` is the one asking. */
export const Device = z.strictObject({
  id: Id,
  device: z.string(),
  signedInAt: Timestamp,
  lastSeenAt: Timestamp,
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

/** `GET /api/client/devices` */
export const DeviceList = listOf(Device);
export type DeviceList = z.infer<typeof DeviceList>;

/** `POST /api/admin/members/:userId/invite`: a new invitation link. */
export const MemberInvite = z.strictObject({
  token: z.string(),
  /** `/join?invite=…`, on this server's origin. */
  path: z.string(),
  expiresAt: Timestamp,
});
export type MemberInvite = z.infer<typeof MemberInvite>;

/** What the development sender "sent" (verification codes), for the console to show. */
export const DevOutboxItem = z.strictObject({
  id: Id,
  channel: CodeChannel,
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: Timestamp,
});
export type DevOutboxItem = z.infer<typeof DevOutboxItem>;

/** `GET /api/admin/dev-outbox`, newest first. */
export const DevOutboxList = listOf(DevOutboxItem);
export type DevOutboxList = z.infer<typeof DevOutboxList>;
