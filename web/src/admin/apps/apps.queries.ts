import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api';

export interface AdminApp {
  id: number;
  agentId: number;
  name: string;
  description: string;
  canWriteDirectory: boolean;
  isEnabled: boolean;
}

/** A menu item as the server stores it: an action (type and its field) or a group of items. */
export interface AppMenuItem {
  name: string;
  type?: string;
  key?: string;
  url?: string;
  appId?: string;
  pagePath?: string;
  items?: AppMenuItem[];
}

export interface AppScope {
  memberUserIds: string[];
  departmentIds: number[];
  tagIds: number[];
}

export interface AppDetails extends AdminApp {
  /** An external URL or a path on this server; '' when unset. */
  squareLogoUrl: string;
  homeUrl: string;
  redirectDomain: string;
  reportLocation: boolean;
  reportEnter: boolean;
  externalContacts: boolean;
  menu: AppMenuItem[] | null;
  scope: AppScope;
}

export interface CreateAppInput {
  name: string;
  description?: string;
  canWriteDirectory?: boolean;
}

export interface AppSettingsInput {
  name: string;
  description: string;
  squareLogoUrl: string | null;
  homeUrl: string;
  redirectDomain: string;
  reportLocation: boolean;
  reportEnter: boolean;
  externalContacts: boolean;
}

export interface AppScopeInput {
  userIds: string[];
  departmentIds: number[];
  tagIds: number[];
}

const appsKey = ['apps'] as const;
const appKey = (agentId: number) => ['apps', agentId] as const;

export function useApps() {
  return useQuery({ queryKey: appsKey, queryFn: () => api.get<AdminApp[]>('/api/admin/apps') });
}

export function useAppDetails(agentId: number) {
  return useQuery({ queryKey: appKey(agentId), queryFn: () => api.get<AppDetails>(`/api/admin/apps/${agentId}`) });
}

/** Tags to choose from in the scope editor (the tags feature's query, shared by key). */
export function useTagOptions() {
  return useQuery({
    queryKey: ['tags'],
    queryFn: () => api.get<{ id: number; name: string }[]>('/api/admin/tags'),
  });
}

/** Stores the answer as the app's details and refreshes the list (name and status show there). */
function useSaveDetails<I>(agentId: number, send: (input: I) => Promise<AppDetails>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (details) => {
      queryClient.setQueryData(appKey(agentId), details);
      return queryClient.invalidateQueries({ queryKey: appsKey, exact: true });
    },
  });
}

export function useUpdateAppSettings(agentId: number) {
  return useSaveDetails(agentId, (input: Partial<AppSettingsInput>) =>
    api.patch<AppDetails>(`/api/admin/apps/${agentId}`, input),
  );
}

export function useSetAppScope(agentId: number) {
  return useSaveDetails(agentId, (input: AppScopeInput) =>
    api.put<AppDetails>(`/api/admin/apps/${agentId}/scope`, input),
  );
}

export function useSetAppEnabled(agentId: number) {
  return useSaveDetails(agentId, (enabled: boolean) =>
    api.post<AppDetails>(`/api/admin/apps/${agentId}/${enabled ? 'enable' : 'disable'}`),
  );
}

/** Resolves with the new app and its secret, which the server shows only this once. */
export function useCreateApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAppInput) => api.post<{ app: AdminApp; secret: string }>('/api/admin/apps', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appsKey }),
  });
}

export function useRotateAppSecret() {
  return useMutation({
    mutationFn: (agentId: number) => api.post<{ secret: string }>(`/api/admin/apps/${agentId}/secret`),
  });
}

export interface CallbackSettings {
  url: string;
  token: string;
  encodingAesKey: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface CallbackDelivery {
  id: number;
  eventKey: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  nextAttemptAt: number | null;
}

const callbackKey = (agentId: number) => ['apps', agentId, 'callback'] as const;
const deliveriesKey = (agentId: number) => ['apps', agentId, 'callback', 'deliveries'] as const;

export function useCallbackSettings(agentId: number) {
  return useQuery({
    queryKey: callbackKey(agentId),
    queryFn: () => api.get<{ callback: CallbackSettings | null }>(`/api/admin/apps/${agentId}/callback`),
  });
}

/** The server checks the URL with WeCom's echostr handshake first; its refusal is shown by the form. */
export function useSaveCallback(agentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: CallbackSettings) => api.put<unknown>(`/api/admin/apps/${agentId}/callback`, input),
    onSuccess: (_answer, input) => queryClient.setQueryData(callbackKey(agentId), { callback: input }),
  });
}

/** The newest deliveries of the app's callback events, polled every `refreshMs` while `refreshMs` is set. */
export function useCallbackDeliveries(agentId: number, refreshMs: number | false) {
  return useQuery({
    queryKey: deliveriesKey(agentId),
    queryFn: () =>
      api.get<{ items: CallbackDelivery[] }>(`/api/admin/apps/${agentId}/callback/deliveries`, { limit: 50 }),
    refetchInterval: refreshMs,
    staleTime: 0,
  });
}

export type ComposerMsgType = 'text' | 'markdown' | 'textcard';

/** Members last seen within `radiusMeters` of a point, no longer than `maxAgeMinutes` ago (定点). */
export interface NearAudience {
  latitude: number;
  longitude: number;
  radiusMeters: number;
  maxAgeMinutes: number;
}

export interface SendMessageInput {
  audience: { all?: boolean; userIds?: string[]; departmentIds?: number[]; tagIds?: number[]; near?: NearAudience };
  msgType: ComposerMsgType;
  payload: Record<string, string>;
  confidential?: boolean;
}

export interface SendMessageResult {
  msgId: string;
  recipients: number;
  invalidUserIds: string[];
  invalidDepartmentIds: number[];
  invalidTagIds: number[];
}

export interface AppMessage {
  msgId: string;
  msgType: string;
  /** null once the app recalled it. */
  payload: Record<string, unknown> | null;
  isConfidential: boolean;
  recalled: boolean;
  recipientCount: number;
  readCount: number;
  createdAt: number;
}

const messagesKey = (agentId: number) => ['apps', agentId, 'messages'] as const;

export interface MessageReceipts {
  read: number;
  unread: number;
  state: 'read' | 'unread';
  items: { userId: string; name: string; readAt: number | null }[];
}

/** One page of who has read an app message (or who has not), with both counts. */
export function useMessageReceipts(
  agentId: number,
  msgId: string | null,
  state: 'read' | 'unread',
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: [...messagesKey(agentId), msgId, 'receipts', state, page, pageSize] as const,
    queryFn: () =>
      api.get<MessageReceipts>(
        withQuery(`/api/admin/apps/${agentId}/messages/${encodeURIComponent(msgId ?? '')}/receipts`, {
          state,
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
      ),
    enabled: msgId !== null,
    placeholderData: (previous) => previous,
    staleTime: 0,
  });
}

export function useAppMessages(agentId: number) {
  return useQuery({
    queryKey: messagesKey(agentId),
    queryFn: () => api.get<{ items: AppMessage[] }>(`/api/admin/apps/${agentId}/messages`),
    staleTime: 0,
  });
}

/** Sends as the app; the composer shows failures itself (with the invalid recipients the server lists). */
export function useSendAppMessage(agentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: SendMessageInput) => api.post<SendMessageResult>(`/api/admin/apps/${agentId}/messages`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesKey(agentId) }),
  });
}
