import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt, retryAfterMs, type HttpResponse } from '../../../core/http/client.js';
import { ApiError } from './api.js';
import type { YandexMarketConfig } from './config.js';

/** Market allows 4 parallel requests per campaign; the hub keeps to 2 so the shop's other tools still fit. */
export const MAX_PARALLEL = 2;
/** Waits on 420/429 up to this long before giving the failure (with its Retry-After) to the caller. */
const MAX_RATE_WAIT_MS = 5000;
const RATE_RETRIES = 2;
const DEFAULT_RATE_WAIT_MS = 1000;

export interface MarketCall {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface MarketClient {
  call(req: MarketCall): Promise<unknown>;
}

/** HTTP and auth only: the Api-Key header, at most MAX_PARALLEL requests in flight, rate limits honoured. */
export function createMarketClient(config: YandexMarketConfig, deps: ConnectorDeps): MarketClient {
  const slot = semaphore(MAX_PARALLEL);
  const base = config.baseUrl.replace(/\/+$/, '');
  return {
    async call(req) {
      for (let attempt = 0; ; attempt++) {
        const res = await slot(() =>
          deps.http.request({
            method: req.method,
            url: `${base}${req.path}`,
            query: req.query,
            json: req.json,
            headers: { 'Api-Key': config.apiKey, accept: 'application/json' },
            timeoutMs: config.timeoutMs,
            signal: req.signal,
          }),
        );
        // Market answers 420 "Enhance Your Calm" for its limits; 429 is accepted as well.
        if (res.status === 420 || res.status === 429) {
          const wait = retryAfterMs(res.headers) ?? DEFAULT_RATE_WAIT_MS;
          if (attempt < RATE_RETRIES && wait <= MAX_RATE_WAIT_MS) {
            await sleep(wait, req.signal);
            continue;
          }
          throw new ConnectorError('rate_limited', `Yandex Market rate limit hit on ${req.method} ${req.path}: ${errorText(res)}`, { retryAfterMs: wait });
        }
        if (res.status === 401 || res.status === 403) {
          throw new ConnectorError('auth', `Yandex Market refused the Api-Key (HTTP ${res.status}): ${errorText(res)}; check the token and its access to campaign ${config.campaignId}`);
        }
        if (res.status >= 400 && res.status < 500) {
          throw new ConnectorError('invalid_request', `Yandex Market rejected ${req.method} ${req.path} (HTTP ${res.status}): ${errorText(res)}`);
        }
        return ensureOk(res, 'Yandex Market').json();
      }
    },
  };
}

/** Market's own error codes and messages when the body has them, else an excerpt. */
function errorText(res: HttpResponse): string {
  try {
    const parsed = ApiError.safeParse(JSON.parse(res.text));
    const errors = parsed.success ? parsed.data.errors : undefined;
    if (errors?.length) return errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ');
  } catch {
    // not JSON: fall through
  }
  return excerpt(res.text);
}

/** Runs at most `n` tasks at once, the rest wait in order. */
export function semaphore(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ConnectorError('timeout', 'Yandex Market call aborted while waiting out a rate limit'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new ConnectorError('timeout', 'Yandex Market call aborted while waiting out a rate limit'));
      },
      { once: true },
    );
  });
}
