import { useMutation, useQuery } from '@tanstack/react-query';
import type { AppEventReported, JsapiSignature, JsapiVerdict, MemberApp, MemberAppList } from '@enclave/contracts';
import { api, isMissingRouteError } from '../api';

export type { MemberApp, MenuItem } from '@enclave/contracts';

export type AppEvent = { event: 'enter_agent' } | { event: 'click' | 'view'; eventKey: string };

const appsKey = ['member', 'apps'] as const;

/**
 * The apps this member may use (workbench, app conversation titles and menus); [] until the server has it.
 * `fresh`: ask the server again on mount even when the list is recent — the workbench shows what the admin
 * opened or closed a moment ago (an app's scope, or opening it to external contacts), not what it was.
 */
export function useApps(options: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: appsKey,
    queryFn: async (): Promise<MemberApp[]> => {
      try {
        return (await api.get<MemberAppList>('/api/client/apps')).items;
      } catch (error) {
        if (isMissingRouteError(error)) return [];
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    refetchOnMount: options.fresh ? 'always' : true,
    meta: { silent: true },
  });
}

export function useApp(agentId: number | null): MemberApp | undefined {
  const apps = useApps();
  return agentId === null ? undefined : apps.data?.find((a) => a.agentId === agentId);
}

/** Tells the app what the member did (menu click, link, opening the conversation). */
export function useAppEvent(agentId: number) {
  return useMutation({
    mutationFn: (event: AppEvent) => api.post<AppEventReported>(`/api/client/apps/${agentId}/events`, event),
    meta: { silent: true },
  });
}

export type JsapiCheck = { url: string; timestamp: number; nonceStr: string; signature: string; agentId?: number };

/** Whether an app page's JS-SDK config signature is the one the server computes (the bridge's gate). */
export async function verifyJsapiSignature(check: JsapiCheck): Promise<boolean> {
  return (await api.post<JsapiVerdict>('/api/client/jsapi/verify', check)).valid;
}

/** A JS-SDK config signed by the server for a page (only Enclave's own demo page gets this through the bridge). */
export function signJsapiConfig(url: string, agentId?: number) {
  return api.post<JsapiSignature>('/api/client/jsapi/signature', { url, agentId });
}
