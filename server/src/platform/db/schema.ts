import type { Generated } from 'kysely';

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
}

export interface AccessTokenTable {
  token_hash: string;
  org_id: number;
  /** Null for a token minted with the org's directory (contact) secret. */
  app_id: number | null;
  created_at: number;
  expires_at: number;
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

export interface AppScopeTable {
  org_id: number;
  app_id: number;
  kind: 'member' | 'department' | 'tag';
  ref_id: number;
}

export interface MessageTable {
  id: Generated<number>;
  org_id: number;
  /** The sending app; null for member-to-member chat (issue 4). */
  app_id: number | null;
  /** The id callers see (WeCom's msgid), unique per org. */
  msg_id: string;
  msg_type: string;
  payload: string;
  is_confidential: number;
  recipient_count: number;
  created_at: number;
  recalled_at: number | null;
  /** The member who wrote it (1:1 and group chat); null for app messages. */
  sender_member_id: number | null;
}

/** A term a message is found by: a word, or a pair or single of ideographs (search in one's messages). */
export interface MessageSearchGramTable {
  org_id: number;
  gram: string;
  message_id: number;
}

/** A media id a message's payload refers to (who may download it: the members with the message). */
export interface MessageMediaTable {
  org_id: number;
  media_id: string;
  message_id: number;
}

export interface MemberSequenceTable {
  member_id: number;
  org_id: number;
  last_seq: number;
}

export interface InboxEntryTable {
  member_id: number;
  seq: number;
  org_id: number;
  message_id: number;
  /** Which conversation of the member's client it belongs to, e.g. `app:1000002`. */
  conversation: string;
  /** `message` delivers a message; `recall` tells the client a message was recalled. */
  kind: 'message' | 'recall';
  created_at: number;
  read_at: number | null;
}

export interface MessageFingerprintTable {
  org_id: number;
  app_id: number;
  fingerprint: string;
  msg_id: string;
  expires_at: number;
}

export interface AppCallbackTable {
  app_id: number;
  org_id: number;
  url: string;
  token: string;
  encoding_aes_key: string;
  verified_at: number;
}

export interface CallbackDeliveryTable {
  id: Generated<number>;
  org_id: number;
  app_id: number;
  /** Deduplicates: the same event is queued once per app (e.g. `outbox:42`). */
  event_key: string;
  event_type: string;
  /** The plaintext XML of the message or event; encrypted at each attempt. */
  body: string;
  /** The member the event is from, so a passive reply can reach them. */
  from_member_id: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface AppChatTable {
  id: Generated<number>;
  org_id: number;
  /** The app that created the chat; only it may manage the chat or send to it. */
  app_id: number;
  /** The id apps use (`[0-9a-zA-Z]`, ≤32), unique within the org. */
  chat_id: string;
  name: string;
  owner_member_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface AppChatMemberTable {
  app_chat_id: number;
  member_id: number;
  org_id: number;
  /** Join order. */
  slot: number;
}

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

export interface Database {
  orgs: OrgTable;
  admins: AdminTable;
  admin_sessions: AdminSessionTable;
  apps: AppTable;
  access_tokens: AccessTokenTable;
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
