/* global self, caches */
/*
 * Enclave member client service worker (scope /m/): keeps the app shell (the page and its hashed
 * assets) so the client opens offline and shows the inbox it stored in IndexedDB. It never caches
 * API calls or the realtime socket: messages always come from the inbox sync. It also shows the client's
 * message notifications (mobile browsers allow them only from here) and opens the conversation on a click,
 * in an open client window when there is one, or a new one.
 */
const CACHE = 'enclave-shell-v1';
const SHELL = ['/m/', '/favicon.svg', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/cgi-bin/')) return;

  // Pages: the network first (a new deploy shows at once), the cached shell when offline.
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(CACHE).then((cache) => cache.put('/m/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/m/').then((cached) => cached || Response.error())),
    );
    return;
  }

  // Hashed build assets never change: cache first, filled on first use.
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const hash = (event.notification.data && event.notification.data.hash) || '';
  const target = new URL(`/m/${hash.startsWith('#/') ? hash : ''}`, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith('/m'));
      if (!open) return self.clients.openWindow(target);
      // navigate() works only on windows this worker controls; otherwise open the conversation anew.
      return open
        .navigate(target)
        .then((w) => (w || open).focus())
        .catch(() => self.clients.openWindow(target));
    }),
  );
});
