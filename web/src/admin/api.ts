/** Small typed fetch client for the admin API: JSON in/out, CSRF header on writes, errors as ApiError. */

import { createApiClient } from '../shared/http';

export { ApiError, isSignedOutError, withQuery, type ApiErrorBody } from '../shared/http';

let csrfToken: string | null = null;

/** Remember the token handed out by sign-in, sign-up or GET /api/admin/session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const api = createApiClient(() => csrfToken);
