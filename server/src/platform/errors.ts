/** How an error reads at the edges: the client API turns the kind into an HTTP status. */
/** `unavailable`: something Enclave depends on (a mail server) failed; trying again later may work. */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_many' | 'unavailable';

/**
 * An error the domain expects and names. `code` is `module.reason` (e.g. `department.not_found`); only the
 * edges translate it (HTTP status for the client API, WeCom errcode in open-api/).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  unavailable: 503,
};

export function invalid(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, 'invalid', message, details);
}
export function notFound(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, 'not_found', message, details);
}
export function conflict(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, 'conflict', message, details);
}
export function forbidden(code: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, 'forbidden', message, details);
}
export function unauthorized(code: string, message: string): DomainError {
  return new DomainError(code, 'unauthorized', message);
}
