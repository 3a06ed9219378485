/**
 * Stable error codes every boundary answers with. The HTTP API sends `{ error: { code, message } }`
 * and the UI shows `message`, which always tells the user what to do.
 */
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  totp_required: 401,
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  too_many_requests: 429,
  /** Something the server relayed to (a device) answered wrongly. */
  bad_gateway: 502,
  not_ready: 503,
  /** Something the server waited on (a device) did not answer in time. */
  timeout: 504,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[]; retryAfterSeconds?: number };
}

/** An error with a stable code, an HTTP status, and a sentence for the user. */
export class TandemError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ApiErrorBody['error'], 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'TandemError';
    this.status = ERROR_CODES[code];
  }
}
