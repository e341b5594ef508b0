/**
 * Fetch client of the member API (`/api/client/*`): JSON in/out, the member session's CSRF token on
 * writes, errors as ApiError. Kept apart from the console's client: the two faces hold different sessions.
 */

import { ApiError, createApiClient } from '../shared/http';

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

export const api = createApiClient(() => csrfToken);
