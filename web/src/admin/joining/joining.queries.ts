import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DevOutboxList, Ok } from '@enclave/contracts';
import { api } from '../api';

export type { DevOutboxItem } from '@enclave/contracts';

/** What the development sender "sent" (verification codes), newest first, polled every `refreshMs`. */
export function useDevOutbox(refreshMs: number) {
  return useQuery({
    queryKey: ['dev-outbox'],
    queryFn: () => api.get<DevOutboxList>('/api/admin/dev-outbox'),
    refetchInterval: refreshMs,
    staleTime: 0,
  });
}

const storageKey = (corpId: string) => `enclave.selfJoin.${corpId}`;

function readStored(corpId: string): boolean {
  try {
    return window.sessionStorage.getItem(storageKey(corpId)) === '1';
  } catch {
    return false;
  }
}

/**
 * Whether listed members may join by scanning the org's QR code. The server has no read for it yet, so the
 * value shown is the last one saved in this browser session (off until then).
 */
export function useSelfJoin(corpId: string) {
  const [allowed, setAllowed] = useState(() => readStored(corpId));
  const save = useMutation({
    mutationFn: (next: boolean) => api.put<Ok>('/api/admin/org/self-join', { allowed: next }),
    onSuccess: (_answer, next) => {
      setAllowed(next);
      try {
        window.sessionStorage.setItem(storageKey(corpId), next ? '1' : '0');
      } catch {
        // not kept past this page; the switch still shows it
      }
    },
  });
  return { allowed, save };
}
