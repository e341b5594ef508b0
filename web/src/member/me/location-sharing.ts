import { useEffect } from 'react';
import { api } from '../api';

/** This device's consent to share its location (per device, as the browser's permission is). */
const KEY = 'enclave.shareLocation';
/** While sharing, the position is sent at most this often (and when the client starts). */
export const REPORT_EVERY_MS = 5 * 60_000;

const listeners = new Set<() => void>();

export function locationSupported(): boolean {
  return typeof navigator !== 'undefined' && 'geolocation' in navigator;
}

export function isSharingLocation(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: false, timeout: 15_000 }),
  );
}

/** Sends this device's position once; the server keeps only the last one. */
export async function reportLocation(): Promise<void> {
  const { coords } = await currentPosition();
  await api.put('/api/client/location', {
    latitude: coords.latitude,
    longitude: coords.longitude,
    precision: Math.min(100_000, Math.round(coords.accuracy)),
  });
}

/**
 * Turns sharing on (after the member agreed in the client): asks the browser, reports at once, and keeps
 * reporting while the client is open. Throws when the browser refuses; sharing then stays off.
 */
export async function startSharingLocation(): Promise<void> {
  await reportLocation();
  localStorage.setItem(KEY, '1');
  for (const listener of listeners) listener();
}

/** Turns sharing off and has the server forget the last position. */
export async function stopSharingLocation(): Promise<void> {
  localStorage.removeItem(KEY);
  for (const listener of listeners) listener();
  await api.delete('/api/client/location');
}

/** While sharing is on, reports the position when the client opens and every REPORT_EVERY_MS after. */
export function useLocationReports(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const sync = () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!isSharingLocation() || !locationSupported()) return;
      const report = () => void reportLocation().catch(() => undefined);
      report();
      timer = setInterval(report, REPORT_EVERY_MS);
    };
    sync();
    listeners.add(sync);
    return () => {
      listeners.delete(sync);
      if (timer) clearInterval(timer);
    };
  }, []);
}
