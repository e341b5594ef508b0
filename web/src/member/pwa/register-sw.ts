/** Registers the app-shell service worker for the member client only (scope /m/). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.location.pathname.startsWith('/m')) return;
  if (import.meta.env.DEV) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/m/' }).catch(() => {
    // no offline shell; the client still works online
  });
}
