import { createHash } from 'node:crypto';
import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt, type HttpRequest, type HttpResponse } from '../../../core/http/client.js';
import { CdekOAuthError, CdekToken, type CdekError } from './api.js';
import { cdekBaseUrl, type CdekConfig } from './config.js';

/** Stop using a token this long before CDEK says it expires (clock skew, slow requests). */
export const TOKEN_SAFETY_MARGIN_MS = 120_000;
/** CDEK issues tokens for an hour; until a token says otherwise, the cache plans for that. */
const DEFAULT_TOKEN_LIFETIME_MS = 3600_000;
/** In the last third of its life a token is still used while a new one is fetched in the background. */
const TOKEN_REFRESH_AFTER = 2 / 3;
const TIMEOUT_MS = 8000;

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used. */
  useUntil: number;
}

export interface CdekCall extends Omit<HttpRequest, 'url' | 'headers'> {
  path: string;
}

export interface CdekClient {
  /** Calls the API with a bearer token; on a 401 fetches a new token once and retries once. */
  call(req: CdekCall): Promise<HttpResponse>;
  /** A valid token, from the cache when possible; `force` drops the cached one first. */
  token(signal?: AbortSignal, force?: boolean): Promise<string>;
}

export function createCdekClient(config: CdekConfig, deps: ConnectorDeps): CdekClient {
  const base = cdekBaseUrl(config);
  // One account per cache entry: a changed client id or host never reuses an old token.
  const key = `token:${createHash('sha256').update(`${base}|${config.clientId}`).digest('hex').slice(0, 16)}`;
  let lifetimeMs = DEFAULT_TOKEN_LIFETIME_MS;
  const usableFor = (ms: number) => ms - Math.min(TOKEN_SAFETY_MARGIN_MS, ms / 6);
  const cacheOptions = () => ({ ttlMs: usableFor(lifetimeMs), refreshAfterMs: lifetimeMs * TOKEN_REFRESH_AFTER });

  // Shared by every caller waiting for it (cache.cached runs one load per key), so it answers to
  // its own time limit, never to the signal of whichever quote happened to start it.
  async function fetchToken(): Promise<CachedToken> {
    const res = await deps.http.request({
      method: 'POST',
      url: `${base}/v2/oauth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret }).toString(),
      timeoutMs: TIMEOUT_MS,
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const err = CdekOAuthError.safeParse(safeJson(res));
      const why = err.success ? `${err.data.error}${err.data.error_description ? `: ${err.data.error_description}` : ''}` : excerpt(res.text);
      throw new ConnectorError('auth', `CDEK rejected the client id/secret (HTTP ${res.status}, ${why}); check clientId and clientSecret${config.sandbox ? ' for the test environment' : ''}`);
    }
    ensureOk(res, 'CDEK');
    const parsed = CdekToken.safeParse(res.json());
    if (!parsed.success) throw new ConnectorError('bad_response', `CDEK token answer has no access_token/expires_in: ${excerpt(res.text)}`);
    lifetimeMs = parsed.data.expires_in * 1000;
    return { accessToken: parsed.data.access_token, useUntil: deps.clock.now().getTime() + usableFor(lifetimeMs) };
  }

  /**
   * A token from the cache; one near its end is still served while the cache refreshes it in the
   * background, so only a missing or expired token is fetched on the caller's time.
   */
  async function token(signal?: AbortSignal, force = false): Promise<string> {
    if (force) await deps.cache.delete(key);
    const hit = await deps.cache.cached(key, cacheOptions(), fetchToken, signal);
    if (hit.useUntil > deps.clock.now().getTime()) return hit.accessToken;
    // The entry outlived its token: CDEK issued a shorter one than the cache planned for.
    await deps.cache.delete(key);
    return (await deps.cache.cached(key, cacheOptions(), fetchToken, signal)).accessToken;
  }

  async function send(req: CdekCall, bearer: string): Promise<HttpResponse> {
    const { path, ...rest } = req;
    return deps.http.request({ timeoutMs: TIMEOUT_MS, ...rest, url: `${base}${path}`, headers: { authorization: `Bearer ${bearer}` } });
  }

  return {
    token,
    async call(req) {
      const first = await send(req, await token(req.signal));
      if (first.status !== 401) return first;
      deps.logger.info({ connectorId: deps.connectorId }, 'CDEK answered 401; fetching a new token and retrying once');
      return send(req, await token(req.signal, true));
    },
  };
}

export function safeJson(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    return undefined;
  }
}

/** `errors[]` of a CDEK answer (top level or in `requests[]`), whatever the HTTP status. */
export function cdekErrors(body: unknown): CdekError[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as { errors?: unknown; requests?: { errors?: unknown }[] };
  const out: CdekError[] = [];
  if (Array.isArray(b.errors)) out.push(...(b.errors as CdekError[]));
  if (Array.isArray(b.requests)) for (const r of b.requests) if (Array.isArray(r?.errors)) out.push(...(r.errors as CdekError[]));
  return out;
}

export function describeErrors(errors: CdekError[]): string {
  return errors.map((e) => (e.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e.message ?? ''))).join('; ');
}

/**
 * Throws for an answer that is not a success: CDEK's own `errors[]` first (they carry the reason),
 * then the HTTP status. Returns the parsed body.
 */
export function cdekJson(res: HttpResponse, what: string): unknown {
  if (res.status >= 200 && res.status < 300) return res.json();
  const errors = cdekErrors(safeJson(res));
  const refused = res.status >= 400 && res.status < 500 && ![401, 403, 408, 429].includes(res.status);
  if (errors.length && refused) {
    throw new ConnectorError('invalid_request', `CDEK refused ${what}: ${describeErrors(errors)}`, { transient: false });
  }
  return ensureOk(res, 'CDEK').json();
}
