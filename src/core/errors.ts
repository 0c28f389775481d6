/**
 * Errors of the hub. Two channels (STYLE.md): expected outcomes are values; these classes are for
 * failures. Each has a stable `code`; the HTTP layer maps them once to problem+json, the queue
 * wrapper decides retry from `transient`.
 */

export interface ProblemExtras {
  [key: string]: unknown;
}

/** A failure that becomes an RFC 9457 problem at the HTTP boundary. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends ProblemError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(400, 'validation_failed', 'Invalid request', message, { errors: issues });
  }
}

export class NotFoundError extends ProblemError {
  constructor(what: string, id: string) {
    super(404, 'not_found', 'Not found', `${what} '${id}' does not exist`);
  }
}

export class ConflictError extends ProblemError {
  constructor(code: string, message: string, extras: ProblemExtras = {}) {
    super(409, code, 'Conflict', message, extras);
  }
}

/** Codes a connector failure can carry; the quote engine reports them in `errors[]`. */
export type ConnectorErrorCode =
  | 'timeout'
  | 'network'
  | 'auth'
  | 'rate_limited'
  | 'provider_error'
  | 'bad_response'
  | 'no_service'
  | 'invalid_request'
  | 'config'
  | 'circuit_open';

const TRANSIENT: ReadonlySet<ConnectorErrorCode> = new Set(['timeout', 'network', 'rate_limited', 'provider_error']);

/**
 * A failure talking to a provider. `transient` says whether a retry may succeed; `ambiguous`
 * says the provider may have acted before failing (a timeout after sending a booking), so a
 * retry must look the booking up first.
 */
export class ConnectorError extends Error {
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  readonly ambiguous: boolean;
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    opts: { transient?: boolean; retryAfterMs?: number; ambiguous?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ConnectorError';
    this.transient = opts.transient ?? TRANSIENT.has(code);
    this.retryAfterMs = opts.retryAfterMs;
    this.ambiguous = opts.ambiguous ?? false;
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
