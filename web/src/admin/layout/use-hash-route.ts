import { useCallback, useSyncExternalStore } from 'react';

export const routeKeys = ['directory', 'tags', 'import', 'apps', 'joining', 'admins', 'jobs'] as const;
export type RouteKey = (typeof routeKeys)[number];

function isRouteKey(value: string): value is RouteKey {
  return (routeKeys as readonly string[]).includes(value);
}

function readRoute(): RouteKey {
  const key = window.location.hash.replace(/^#\/?/, '');
  return isRouteKey(key) ? key : 'directory';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The console page lives in the URL hash (#/tags) so reloads and the back button keep it. */
export function useHashRoute(): [RouteKey, (key: RouteKey) => void] {
  const route = useSyncExternalStore(subscribe, readRoute);
  const navigate = useCallback((key: RouteKey) => {
    window.location.hash = '/' + key;
  }, []);
  return [route, navigate];
}
