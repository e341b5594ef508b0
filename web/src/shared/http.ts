/** What both faces' fetch clients share: the error shape of the client and admin APIs, and query strings. */

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

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The ApiError of a failed response: the server's `{code, message}` when it sent one. */
export async function readError(response: Response): Promise<ApiError> {
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

/**
 * A JSON client for one face of the web app. Each face (console, member client) holds its own session, so
 * each passes the getter of its own CSRF token, sent on every write.
 */
export function createApiClient(csrfToken: () => string | null) {
  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const form = body instanceof FormData;
    // A FormData body sets its own multipart content type (with the boundary).
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    const token = csrfToken();
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
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

  return {
    get: <T>(path: string, query: Query = {}) => request<T>('GET', withQuery(path, query)),
    post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    delete: <T = void>(path: string) => request<T>('DELETE', path),
    /** A multipart upload (`FormData`), with the CSRF header like every write. */
    upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  };
}
