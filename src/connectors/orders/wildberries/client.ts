import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt, retryAfterMs, waitOut, type HttpRequest, type HttpResponse } from '../../../core/http/client.js';
import { WbError } from './api.js';
import type { WildberriesConfig } from './config.js';

export interface WbClient {
  get(path: string, query: Record<string, number | string>, signal: AbortSignal): Promise<unknown>;
  post(path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
}

/** Marketplace methods allow 300 requests a minute (one per 200 ms, bursts of 20). */
const DEFAULT_WAIT_MS = 1000;

export function createWbClient(config: WildberriesConfig, deps: ConnectorDeps): WbClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  async function send(path: string, req: Omit<HttpRequest, 'url'>, signal: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      // WB wants the token exactly as issued, without a "Bearer" prefix.
      const res = await deps.http.request({ ...req, url: `${base}${path}`, headers: { Authorization: config.token }, timeoutMs: config.timeoutMs, signal });
      if (res.status === 429) {
        const wait = waitOf(res) ?? DEFAULT_WAIT_MS * 2 ** attempt;
        if (attempt < config.rateLimitRetries && wait <= config.maxRetryWaitMs) {
          deps.logger.warn({ connectorId: deps.connectorId, path, waitMs: wait, attempt }, 'Wildberries rate limit hit; waiting');
          await waitOut(wait, signal, 'Wildberries pull');
          continue;
        }
        throw new ConnectorError('rate_limited', `Wildberries rate limit on ${path} after ${attempt + 1} attempt(s): ${excerpt(res.text)}`, { retryAfterMs: wait });
      }
      checkWb(res, path);
      return res.json();
    }
  }
  return {
    get: (path, query, signal) => send(path, { method: 'GET', query }, signal),
    post: (path, body, signal) => send(path, { method: 'POST', json: body }, signal),
  };
}

/** `Retry-After`, else WB's own `X-Ratelimit-Retry` (seconds until a request may be sent again). */
export function waitOf(res: HttpResponse): number | undefined {
  const std = retryAfterMs(res.headers);
  if (std !== undefined) return std;
  const wb = Number(res.headers.get('x-ratelimit-retry') ?? NaN);
  return Number.isFinite(wb) && wb >= 0 ? wb * 1000 : undefined;
}

/** WB's 400 body `{code, message}` is a permanent, provider-worded rejection. */
export function checkWb(res: HttpResponse, path: string): void {
  if (res.status === 400 || res.status === 404 || res.status === 409 || res.status === 422) {
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = undefined;
    }
    const body = WbError.safeParse(json);
    const msg = body.success ? (body.data.message ?? body.data.detail) : undefined;
    if (msg) throw new ConnectorError('invalid_request', `Wildberries rejected ${path} (HTTP ${res.status}${body.data?.code ? `, ${body.data.code}` : ''}): ${msg}`, { transient: false });
  }
  ensureOk(res, 'Wildberries');
}

