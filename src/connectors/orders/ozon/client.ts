import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt, retryAfterMs, waitOut, type HttpResponse } from '../../../core/http/client.js';
import { OzonError } from './api.js';
import type { OzonConfig } from './config.js';

export interface OzonClient {
  /** POSTs JSON to a Seller API path; retries 429 answers within the limits of the config. */
  post(path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
}

/** Without Retry-After Ozon's per-second limit (50 rps per Client-Id) is over within a second. */
const DEFAULT_WAIT_MS = 1000;

export function createOzonClient(config: OzonConfig, deps: ConnectorDeps): OzonClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  return {
    async post(path, body, signal) {
      for (let attempt = 0; ; attempt++) {
        const res = await deps.http.request({
          method: 'POST',
          url: `${base}${path}`,
          headers: { 'Client-Id': config.clientId, 'Api-Key': config.apiKey },
          json: body,
          timeoutMs: config.timeoutMs,
          signal,
        });
        if (res.status === 429) {
          const wait = retryAfterMs(res.headers) ?? DEFAULT_WAIT_MS * 2 ** attempt;
          if (attempt < config.rateLimitRetries && wait <= config.maxRetryWaitMs) {
            deps.logger.warn({ connectorId: deps.connectorId, path, waitMs: wait, attempt }, 'Ozon rate limit hit; waiting');
            await waitOut(wait, signal, 'Ozon pull');
            continue;
          }
          throw new ConnectorError('rate_limited', `Ozon rate limit on ${path} after ${attempt + 1} attempt(s): ${excerpt(res.text)}`, { retryAfterMs: wait });
        }
        checkOzon(res, path);
        return res.json();
      }
    },
  };
}

/** Ozon's own 4xx shape (`{code, message, details}`) is a permanent, provider-worded rejection. */
export function checkOzon(res: HttpResponse, path: string): void {
  if (res.status === 400 || res.status === 404 || res.status === 409) {
    const body = OzonError.safeParse(safeJson(res.text));
    if (body.success && body.data.message) {
      throw new ConnectorError('invalid_request', `Ozon rejected ${path} (HTTP ${res.status}): ${body.data.message}`, { transient: false });
    }
  }
  ensureOk(res, 'Ozon');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

