import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk } from '../../../core/http/client.js';
import type { BoxberryConfig } from './config.js';

const TIMEOUT_MS = 8000;
/** Boxberry has no error codes; a wrong or revoked token is recognised by its message. */
const AUTH_MESSAGE = /токен|token|ключ|авторизац|доступ запрещ/i;

/** A Boxberry-reported error (HTTP 200 with an error body); callers may turn some into values. */
export class BoxberryApiError extends ConnectorError {
  constructor(
    readonly method: string,
    readonly providerMessage: string,
  ) {
    const auth = AUTH_MESSAGE.test(providerMessage);
    super(auth ? 'auth' : 'invalid_request', `Boxberry ${method} failed: ${providerMessage}${auth ? ' (check the API token)' : ''}`, { transient: false });
    this.name = 'BoxberryApiError';
  }
}

/**
 * The error in a Boxberry answer, in any of its shapes: `{"err":"…"}`, `{"err":true,"message":"…"}`,
 * `[{"err":"…"}]`, `{"error":true,"message":"…"}`. Undefined for a success.
 */
export function boxberryError(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== 'object') return undefined;
  const b = first as { err?: unknown; error?: unknown; message?: unknown };
  const message = typeof b.message === 'string' && b.message ? b.message : undefined;
  if (typeof b.err === 'string' && b.err) return b.err;
  if (b.err === true || b.error === true) return message ?? 'unspecified error';
  if (typeof b.error === 'string' && b.error) return b.error;
  return undefined;
}

export interface BoxberryClient {
  /**
   * Calls a json.php method: reads by GET with query parameters, writes by POST with a JSON body.
   * `timeoutMs` is per attempt, for the few calls that download whole reference lists; a lookup
   * shared by several quotes passes no `signal` and ends at that limit.
   */
  call(method: string, params: Record<string, unknown>, signal?: AbortSignal, how?: 'get' | 'post', timeoutMs?: number): Promise<unknown>;
}

export function createBoxberryClient(config: BoxberryConfig, deps: ConnectorDeps): BoxberryClient {
  return {
    async call(method, params, signal, how = 'get', timeoutMs = TIMEOUT_MS) {
      const res =
        how === 'post'
          ? await deps.http.request({ method: 'POST', url: config.baseUrl, json: { token: config.token, method, ...params }, timeoutMs, signal })
          : await deps.http.request({
              url: config.baseUrl,
              query: { token: config.token, method, ...(params as Record<string, string | number | undefined>) },
              timeoutMs,
              signal,
            });
      const body = ensureOk(res, 'Boxberry').json();
      const err = boxberryError(body);
      if (err !== undefined) throw new BoxberryApiError(method, err);
      return body;
    },
  };
}
