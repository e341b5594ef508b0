import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AppDetails,
  AppList,
  AppMessageList,
  AppMessageReceipts,
  AppSecret,
  AppView,
  CallbackAnswer,
  CallbackDeliveryList,
  CallbackSettings,
  CreatedApp,
  Near,
  Ok,
  SentAppMessage,
  TagList,
} from '@enclave/contracts';
import { api, withQuery } from '../api';

export type {
  AppDetails,
  AppMessageSummary as AppMessage,
  AppMessageReceipts as MessageReceipts,
  CallbackDelivery,
  CallbackSettings,
  DeliveryStatus,
  SentAppMessage as SendMessageResult,
} from '@enclave/contracts';

/** An app as the console lists it. */
export type AdminApp = AppView;

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
  return useQuery({ queryKey: appsKey, queryFn: () => api.get<AppList>('/api/admin/apps') });
}

export function useAppDetails(agentId: number) {
  return useQuery({ queryKey: appKey(agentId), queryFn: () => api.get<AppDetails>(`/api/admin/apps/${agentId}`) });
}

/** Tags to choose from in the scope editor (the tags feature's query, shared by key). */
export function useTagOptions() {
  return useQuery({
    queryKey: ['tags'],
    queryFn: () => api.get<TagList>('/api/admin/tags'),
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
    mutationFn: (input: CreateAppInput) => api.post<CreatedApp>('/api/admin/apps', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appsKey }),
  });
}

export function useRotateAppSecret() {
  return useMutation({
    mutationFn: (agentId: number) => api.post<AppSecret>(`/api/admin/apps/${agentId}/secret`),
  });
}

const callbackKey = (agentId: number) => ['apps', agentId, 'callback'] as const;
const deliveriesKey = (agentId: number) => ['apps', agentId, 'callback', 'deliveries'] as const;

export function useCallbackSettings(agentId: number) {
  return useQuery({
    queryKey: callbackKey(agentId),
    queryFn: () => api.get<CallbackAnswer>(`/api/admin/apps/${agentId}/callback`),
  });
}

/** The server checks the URL with WeCom's echostr handshake first; its refusal is shown by the form. */
export function useSaveCallback(agentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: CallbackSettings) => api.put<Ok>(`/api/admin/apps/${agentId}/callback`, input),
    onSuccess: (_answer, input) => queryClient.setQueryData<CallbackAnswer>(callbackKey(agentId), { callback: input }),
  });
}

/** The newest deliveries of the app's callback events, polled every `refreshMs` while `refreshMs` is set. */
export function useCallbackDeliveries(agentId: number, refreshMs: number | false) {
  return useQuery({
    queryKey: deliveriesKey(agentId),
    queryFn: () => api.get<CallbackDeliveryList>(`/api/admin/apps/${agentId}/callback/deliveries`, { limit: 50 }),
    refetchInterval: refreshMs,
    staleTime: 0,
  });
}

export type ComposerMsgType = 'text' | 'markdown' | 'textcard';

/** Members last seen within `radiusMeters` of a point, no longer than `maxAgeMinutes` ago (定点). */
export type NearAudience = Near;

export interface SendMessageInput {
  audience: { all?: boolean; userIds?: string[]; departmentIds?: number[]; tagIds?: number[]; near?: NearAudience };
  msgType: ComposerMsgType;
  payload: Record<string, string>;
  confidential?: boolean;
}

const messagesKey = (agentId: number) => ['apps', agentId, 'messages'] as const;

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
      api.get<AppMessageReceipts>(
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
    queryFn: () => api.get<AppMessageList>(`/api/admin/apps/${agentId}/messages`),
    staleTime: 0,
  });
}

/** Sends as the app; the composer shows failures itself (with the invalid recipients the server lists). */
export function useSendAppMessage(agentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: SendMessageInput) => api.post<SentAppMessage>(`/api/admin/apps/${agentId}/messages`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesKey(agentId) }),
  });
}
