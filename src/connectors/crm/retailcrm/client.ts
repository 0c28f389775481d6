import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { excerpt, retryAfterMs, type HttpResponse } from '../../../core/http/client.js';
import { ApiResult } from './api.js';
import type { RetailCrmConfig } from './config.js';

/** retailCRM allows 10 requests/s per API key; past that it answers 503 (or 429). */
const RATE_LIMIT_WAIT_MS = 1000;

export interface CrmAnswer {
  status: number;
  /** Parsed JSON body; `undefined` when the body is not JSON. */
  body: unknown;
  res: HttpResponse;
}

export interface RetailCrmClient {
  /** Sends a request; returns every HTTP answer (callers decide on 404s), throws only on network failures. */
  get(path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<CrmAnswer>;
  /** Form-encoded POST (`application/x-www-form-urlencoded`), as every v5 write method expects. */
  post(path: string, form: Record<string, string | undefined>, signal?: AbortSignal): Promise<CrmAnswer>;
  /** Returns the body of a successful answer or throws the classified ConnectorError. */
  ok(answer: CrmAnswer, what: string): unknown;
}

/** HTTP and auth only: the X-API-KEY header, form bodies, retailCRM's error shapes. */
export function createRetailCrmClient(config: RetailCrmConfig, deps: ConnectorDeps): RetailCrmClient {
  const base = `${config.baseUrl.replace(/\/+$/, '')}/api/v5`;
  const headers = { 'X-API-KEY': config.apiKey, accept: 'application/json' };
  const answer = (res: HttpResponse): CrmAnswer => {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, res };
  };
  return {
    async get(path, query, signal) {
      const res = await deps.http.request({ method: 'GET', url: `${base}${path}`, query, headers, timeoutMs: config.timeoutMs, signal });
      return answer(res);
    },
    async post(path, form, signal) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
      const res = await deps.http.request({
        method: 'POST',
        url: `${base}${path}`,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        timeoutMs: config.timeoutMs,
        signal,
      });
      return answer(res);
    },
    ok(a, what) {
      const parsed = ApiResult.safeParse(a.body);
      if (a.status >= 200 && a.status < 300) {
        if (!parsed.success) throw new ConnectorError('bad_response', `retailCRM answered ${what} with a body that is not a v5 result: ${excerpt(a.res.text)}`);
        if (parsed.data.success) return a.body;
      }
      throw classify(a, what);
    },
  };
}

/** Maps a failed answer to the hub's error classes, keeping retailCRM's own text. */
export function classify(a: CrmAnswer, what: string): ConnectorError {
  const text = errorText(a);
  const status = a.status;
  if (status === 401 || status === 403) {
    return new ConnectorError('auth', `retailCRM refused the API key for ${what} (HTTP ${status}): ${text}; check the key and its access to the store and method`);
  }
  if (status === 429 || (status === 503 && /limit/i.test(text))) {
    return new ConnectorError('rate_limited', `retailCRM rate limit (10 requests/s per API key) hit on ${what}: ${text}`, {
      retryAfterMs: retryAfterMs(a.res.headers) ?? RATE_LIMIT_WAIT_MS,
    });
  }
  if (status >= 500 || status === 408) return new ConnectorError('provider_error', `retailCRM failed ${what} (HTTP ${status}): ${text}`);
  if (status >= 200 && status < 300) return new ConnectorError('invalid_request', `retailCRM did not accept ${what}: ${text}`, { transient: false });
  return new ConnectorError('invalid_request', `retailCRM rejected ${what} (HTTP ${status}): ${text}`, { transient: false });
}

/** `errorMsg` plus every `errors` entry (`field: text`), else an excerpt of the body. */
export function errorText(a: CrmAnswer): string {
  const parsed = ApiResult.safeParse(a.body);
  if (!parsed.success) return excerpt(a.res.text);
  const { errorMsg, errors } = parsed.data;
  const details = !errors
    ? []
    : Array.isArray(errors)
      ? errors.map((e) => String(e))
      : Object.entries(errors).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const all = [errorMsg, ...details].filter(Boolean).join('; ');
  return all || excerpt(a.res.text);
}
