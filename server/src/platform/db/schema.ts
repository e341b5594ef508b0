import type { Generated } from 'kysely';
import type {
  AppScopeTable,
  MessageTable,
  MessageSearchGramTable,
  MessageMediaTable,
  MemberSequenceTable,
  InboxEntryTable,
  MessageFingerprintTable,
  AppCallbackTable,
  CallbackDeliveryTable,
  AppChatTable,
  AppChatMemberTable,
} from './schema-messaging.js';
import type {
  MemberInviteTable,
  VerificationCodeTable,
  MemberSessionTable,
  DevOutboxTable,
  OAuthCodeTable,
  OAuthUserTicketTable,
  OAuthQrLoginTable,
  JsapiTicketTable,
  MemberLocationTable,
  AppSubscriberTable,
  GroupChatTable,
  GroupChatMemberTable,
  ConversationSettingTable,
} from './schema-members.js';

/** Times are integer milliseconds since the epoch; booleans are 0/1 integers (one shape on both dialects). */
export interface OrgTable {
  id: Generated<number>;
  corp_id: string;
  name: string;
  contact_secret_hash: string;
  created_at: number;
  allow_self_join: Generated<number>;
}

export interface AdminTable {
  id: Generated<number>;
  org_id: number;
  email: string;
  name: string;
  password_hash: string;
  role: 'owner' | 'admin' | 'department_admin';
  /** For a department admin: the root of the subtree they manage. */
  department_id: number | null;
  created_at: number;
}

export interface AdminSessionTable {
  token_hash: string;
  admin_id: number;
  org_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** A sign-up waiting for its emailed link (ADR 0019); the org is created when the link is followed. */
export interface AdminSignUpTable {
  token_hash: string;
  /** Trimmed, in lower case, as admins.email. */
  email: string;
  org_name: string;
  owner_name: string;
  password_hash: string;
  created_at: number;
  expires_at: number;
  /** When the link was followed (or replaced by a newer sign-up); null while it may be. */
  used_at: number | null;
}

/** Mail that belongs to no org (sign-up links), kept here when no SMTP server is configured (`dev-mail` CLI). */
export interface DevMailTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body: string;
  created_at: number;
}

export interface AppTable {
  id: Generated<number>;
  org_id: number;
  agent_id: number;
  name: string;
  description: string;
  secret_hash: string;
  can_write_directory: number;
  is_enabled: number;
  created_at: number;
  /** An external square logo URL set by an admin; null when the logo is stored media or unset. */
  logo_url: Generated<string | null>;
  /** A public image (media.is_public) used as the square logo. */
  logo_media_id: Generated<string | null>;
  home_url: Generated<string>;
  redirect_domain: Generated<string>;
  report_location_flag: Generated<number>;
  is_report_enter: Generated<number>;
  /** WeCom's menu `button` array as JSON text; null when the app has no menu. */
  menu: Generated<string | null>;
  /** 1 when the app is opened to external contacts (reaches and shows to them within its scope). */
  external_contacts: Generated<number>;
}

export interface AccessTokenTable {
  token_hash: string;
  org_id: number;
  /** Null for a token minted with the org's directory (contact) secret. */
  app_id: number | null;
  created_at: number;
  expires_at: number;
}

/** One row (id 1): how many token revocations there have been; see access-tokens.service.ts (ADR 0004). */
export interface AccessTokenEpochTable {
  id: number;
  epoch: number;
}

export interface DepartmentTable {
  org_id: number;
  id: number;
  parent_id: number;
  name: string;
  name_en: string;
  sort_order: number;
  created_at: number;
  updated_at: number;
}

export interface MemberTable {
  id: Generated<number>;
  org_id: number;
  user_id: string;
  user_id_lower: string;
  name: string;
  alias: string;
  mobile: string | null;
  email: string | null;
  position: string;
  gender: number;
  avatar: string;
  telephone: string;
  address: string;
  status: 'invited' | 'active' | 'disabled';
  kind: 'staff' | 'external';
  external_corp_name: string;
  main_department_id: number | null;
  extattr: string;
  created_at: number;
  updated_at: number;
}

export interface MemberDepartmentTable {
  org_id: number;
  member_id: number;
  department_id: number;
  sort_order: number;
  is_leader: number;
  /** Position of this department in the member's own list (WeCom keeps the order given). */
  slot: number;
}

export interface MemberSearchTermTable {
  org_id: number;
  member_id: number;
  term: string;
}

export interface ExternalScopeTable {
  org_id: number;
  member_id: number;
  department_id: number;
}

export interface TagTable {
  org_id: number;
  id: number;
  name: string;
  /** The app that created the tag; null when an admin or the directory secret did. */
  app_id: number | null;
  created_at: number;
}

export interface TagMemberTable {
  org_id: number;
  tag_id: number;
  member_id: number;
}

export interface TagDepartmentTable {
  org_id: number;
  tag_id: number;
  department_id: number;
}

export interface OutboxTable {
  id: Generated<number>;
  org_id: number;
  type: string;
  payload: string;
  created_at: number;
  relayed_at: number | null;
}

export interface JobTable {
  id: string;
  org_id: number;
  type: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  input: string;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  /** Not before this time (ms); 0 for "now". */
  run_at: number;
  /** Runs started so far; at max_attempts a failure is final. */
  attempts: number;
  max_attempts: number;
  /** The latest failure, kept while the job waits for its next try. */
  last_error: string | null;
}

/** A scheduled app message (定时): the request as sent, fired by its job at send_at. */
export interface MessageScheduleTable {
  id: string;
  org_id: number;
  app_id: number;
  agent_id: number;
  /** The Audience as JSON, `near` included: resolved when it fires. */
  audience: string;
  msg_type: string;
  payload: string;
  is_confidential: number;
  send_at: number;
  status: 'scheduled' | 'sent' | 'cancelled' | 'failed';
  job_id: string;
  msg_id: string | null;
  recipients: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface MediaTable {
  id: string;
  org_id: number;
  type: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: number;
  expires_at: number | null;
  /** 1 for permanent images (uploadimg, app logos) served without a token by their id. */
  is_public: Generated<number>;
  /** The member who uploaded it from the member client; null for uploads by apps and admins. */
  uploaded_by_member_id: Generated<number | null>;
}

export interface Database {
  orgs: OrgTable;
  admins: AdminTable;
  admin_sessions: AdminSessionTable;
  admin_signups: AdminSignUpTable;
  dev_mail: DevMailTable;
  apps: AppTable;
  access_tokens: AccessTokenTable;
  access_token_epoch: AccessTokenEpochTable;
  departments: DepartmentTable;
  members: MemberTable;
  member_departments: MemberDepartmentTable;
  member_search_terms: MemberSearchTermTable;
  external_scopes: ExternalScopeTable;
  tags: TagTable;
  tag_members: TagMemberTable;
  tag_departments: TagDepartmentTable;
  outbox: OutboxTable;
  jobs: JobTable;
  message_schedules: MessageScheduleTable;
  media: MediaTable;
  app_scopes: AppScopeTable;
  messages: MessageTable;
  member_sequences: MemberSequenceTable;
  inbox_entries: InboxEntryTable;
  message_fingerprints: MessageFingerprintTable;
  message_search_grams: MessageSearchGramTable;
  message_media: MessageMediaTable;
  app_callbacks: AppCallbackTable;
  callback_deliveries: CallbackDeliveryTable;
  member_invites: MemberInviteTable;
  verification_codes: VerificationCodeTable;
  member_sessions: MemberSessionTable;
  dev_outbox: DevOutboxTable;
  group_chats: GroupChatTable;
  group_chat_members: GroupChatMemberTable;
  conversation_settings: ConversationSettingTable;
  app_chats: AppChatTable;
  app_chat_members: AppChatMemberTable;
  oauth_codes: OAuthCodeTable;
  oauth_user_tickets: OAuthUserTicketTable;
  oauth_qr_logins: OAuthQrLoginTable;
  jsapi_tickets: JsapiTicketTable;
  member_locations: MemberLocationTable;
  app_subscribers: AppSubscriberTable;
}

export type * from './schema-messaging.js';
export type * from './schema-members.js';
