import type { Generated } from 'kysely';

/** Tables of members' joining, sessions, OAuth, JS-SDK tickets, locations and groups (conventions as in schema.ts). */

export interface MemberInviteTable {
  token_hash: string;
  org_id: number;
  member_id: number;
  created_at: number;
  expires_at: number;
}

export interface VerificationCodeTable {
  id: Generated<number>;
  org_id: number;
  member_id: number;
  channel: 'sms' | 'email';
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface MemberSessionTable {
  id: Generated<number>;
  token_hash: string;
  org_id: number;
  member_id: number;
  csrf_token: string;
  /** What the person's browser said it is, for the devices list. */
  device: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface DevOutboxTable {
  id: Generated<number>;
  org_id: number;
  /** The member the code was for; null on rows written before it was recorded. */
  member_id: number | null;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
  created_at: number;
}

export interface OAuthCodeTable {
  code_hash: string;
  org_id: number;
  member_id: number;
  /** The app the code was asked for; 0 when the authorize URL named none. */
  agent_id: number;
  scope: 'snsapi_base' | 'snsapi_privateinfo';
  /** Host of the redirect_uri the code was sent to. */
  redirect_host: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OAuthUserTicketTable {
  ticket_hash: string;
  org_id: number;
  member_id: number;
  agent_id: number;
  created_at: number;
  expires_at: number;
}

export interface OAuthQrLoginTable {
  id: Generated<number>;
  ticket_hash: string;
  /** Only the desktop page that asked for the QR code knows the key; it must show it to collect the code. */
  poll_key_hash: string;
  org_id: number;
  agent_id: number;
  redirect_uri: string;
  state: string;
  status: 'pending' | 'confirmed' | 'used';
  member_id: number | null;
  created_at: number;
  expires_at: number;
}

export interface JsapiTicketTable {
  org_id: number;
  /** 0 for the org's ticket (wx.config); an app's id for its agent_config ticket (wx.agentConfig). */
  app_id: number;
  ticket: string;
  created_at: number;
  expires_at: number;
}

export interface MemberLocationTable {
  member_id: number;
  org_id: number;
  /** Latitude and longitude in degrees (WGS-84, as the client reports them); precision in metres. */
  lat: number;
  lng: number;
  precision: number;
  reported_at: number;
}

export interface AppSubscriberTable {
  app_id: number;
  /** Not a foreign key: a deleted member's rows stay until the app has heard `unsubscribe`. */
  member_id: number;
  org_id: number;
  user_id: string;
  subscribed_at: number;
}

export interface GroupChatTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  owner_member_id: number;
  created_at: number;
}

export interface GroupChatMemberTable {
  org_id: number;
  group_id: number;
  member_id: number;
  joined_at: number;
}

export interface ConversationSettingTable {
  org_id: number;
  member_id: number;
  conversation: string;
  pinned: number;
  muted: number;
}
