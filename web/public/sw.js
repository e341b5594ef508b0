/* global self, caches */
/*
 * Enclave member client service worker (scope /m/): keeps the app shell (the page and its hashed
 * assets) so the client opens offline and shows the inbox it stored in IndexedDB. It never caches
 * API calls or the realtime socket: messages always come from the inbox sync.
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
