import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Empty, MessageScheduleList, ScheduledMessage } from '@enclave/contracts';
import { api } from '../api';
import type { SendMessageInput } from './apps.queries';

export type { MessageSchedule, ScheduleStatus } from '@enclave/contracts';

export type ScheduleMessageInput = SendMessageInput & { sendAt: number };

const schedulesKey = (agentId: number) => ['apps', agentId, 'schedules'] as const;
const base = (agentId: number) => `/api/admin/apps/${agentId}/schedules`;

export function useSchedules(agentId: number) {
  return useQuery({
    queryKey: schedulesKey(agentId),
    queryFn: () => api.get<MessageScheduleList>(base(agentId)),
    staleTime: 0,
  });
}

function useScheduleMutation<I>(agentId: number, send: (input: I) => Promise<unknown>, silent = false) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: silent ? { silent: true } : undefined,
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: schedulesKey(agentId) }),
  });
}

/** Schedules a send; the composer shows failures itself. */
export function useScheduleMessage(agentId: number) {
  return useScheduleMutation(
    agentId,
    (input: ScheduleMessageInput) => api.post<ScheduledMessage>(base(agentId), input),
    true,
  );
}

export function useEditScheduleTime(agentId: number) {
  return useScheduleMutation(agentId, ({ id, sendAt }: { id: string; sendAt: number }) =>
    api.patch<Empty>(`${base(agentId)}/${id}`, { sendAt }),
  );
}

export function useCancelSchedule(agentId: number) {
  return useScheduleMutation(agentId, (id: string) => api.delete<Empty>(`${base(agentId)}/${id}`));
}
