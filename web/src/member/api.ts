/**
 * Fetch client of the member API (`/api/client/*`): JSON in/out, the member session's CSRF token on
 * writes, errors as ApiError. Kept apart from the console's client: the two faces hold different sessions.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** A feature the server does not serve yet (404 on the route itself): show an empty state. */
export function isMissingRouteError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

let csrfToken: string | null = null;

/** Remember the token handed out by sign-in, joining or GET /api/client/session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    const b = body as Partial<ApiErrorBody> & { message: string };
    return new ApiError(response.status, { code: b.code ?? 'unknown', message: b.message, details: b.details });
  }
  return new ApiError(response.status, { code: 'http_' + response.status, message: response.statusText || 'Error' });
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
