// Typed errors with stable codes (architecture: errors are typed and mapped in one place).
// The HTTP error middleware maps `code` to a status; the CLI prints `message`; queue handlers
// report the message as failed. Messages never contain PII.

export const errorCodes = {
  /** 400: the request can't be read (bad JSON, wrong types in path or query). */
  malformed: 400,
  /** 401: no token, or a token that does not verify. */
  unauthorized: 401,
  /** 403: outside the caller's unit, or a step the caller's role may not take. */
  forbidden: 403,
  not_found: 404,
  /** 409: optimistic-lock conflict, or a state that does not allow the action. */
  conflict: 409,
  transition_not_allowed: 409,
  /** 422: well-formed but fails a rule (validation, eligibility). */
  validation_failed: 422,
  not_eligible: 422,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorDetail {
  /** The offending field, e.g. 'headIdNumber' or 'body.date'. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
