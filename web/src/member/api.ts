/**
 * Fetch client of the member API (`/api/client/*`): JSON in/out, the member session's CSRF token on
 * writes, errors as ApiError. Kept apart from the console's client: the two faces hold different sessions.
 */

import { ApiError, type Method, type Query, readError, withQuery } from '../shared/http';

export { ApiError, isSignedOutError, withQuery, type ApiErrorBody } from '../shared/http';

/** A feature the server does not serve yet (404 on the route itself): show an empty state. */
export function isMissingRouteError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

let csrfToken: string | null = null;

/** Remember the token handed out by sign-in, joining or GET /api/client/session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const form = body instanceof FormData;
  // A FormData body sets its own multipart content type (with the boundary).
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'network_error', message: 'Network error' });
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query: Query = {}) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** A multipart upload (`FormData`), with the CSRF header like every write. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};
