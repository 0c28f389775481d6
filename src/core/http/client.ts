import { setTimeout as sleepFor } from 'node:timers/promises';
import { Agent, getGlobalDispatcher, interceptors, request as undiciRequest, setGlobalDispatcher, type Dispatcher } from 'undici';
import { ConnectorError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Serialised as JSON with the matching content type. */
  json?: unknown;
  body?: string | Uint8Array | URLSearchParams;
  /** Per-attempt time limit; the caller's `signal` may end it sooner. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parses the body; a body that is not JSON is a `bad_response`. */
  json<T = unknown>(): T;
}

export interface HttpClient {
  /** Sends a request; any HTTP status resolves. Network failures and timeouts throw ConnectorError. */
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  logger: Logger;
  /**
   * How requests leave. `fetch`: the global fetch (what msw intercepts in tests). `undici`:
   * undici.request on the global dispatcher, following redirects like fetch; it costs about half
   * the CPU of fetch per call and answers a few ms sooner when several couriers answer at once, so
   * `svyazka` runs it. Both resolve any status and classify failures alike. @defaultValue 'fetch'
   */
  transport?: 'fetch' | 'undici';
  /** The fetch of the `fetch` transport; defaults to the global one. */
  fetch?: typeof fetch;
  defaultTimeoutMs?: number;
  userAgent?: string;
}

/**
 * The one way connectors reach the network. It classifies failures once, so every adapter reports
 * timeouts and network errors alike, and it never logs query strings or bodies: providers put
 * tokens there (Boxberry, Nova Poshta).
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const send = opts.transport === 'undici' ? undiciSend() : fetchSend(opts.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args)));
  const defaultTimeout = opts.defaultTimeoutMs ?? 10_000;
  return {
    async request(req) {
      const method = req.method ?? (req.json !== undefined || req.body !== undefined ? 'POST' : 'GET');
      const url = new URL(req.url);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { 'user-agent': opts.userAgent ?? 'svyazka/0.1', ...req.headers };
      let body: string | Uint8Array | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] ??= 'application/json';
      } else if (req.body instanceof URLSearchParams) {
        body = req.body.toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
      } else if (req.body !== undefined) {
        body = req.body;
      }
      const timeoutMs = req.timeoutMs ?? defaultTimeout;
      // One controller, a timer and a listener: AbortSignal.timeout + AbortSignal.any cost several
      // times more per call, and quotes make one call per courier.
      const ctrl = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ctrl.abort(new DOMException(`no answer in ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
      const onAbort = () => ctrl.abort(req.signal?.reason);
      if (req.signal?.aborted) onAbort();
      else req.signal?.addEventListener('abort', onAbort, { once: true });
      const where = `${method} ${url.origin}${url.pathname}`;
      const started = performance.now();
      let res: Sent;
      try {
        res = await send(url, { method, headers, body, signal: ctrl.signal });
      } catch (err) {
        // After the request left, the provider may have acted: only a GET is safe to call unambiguous.
        const ambiguous = method !== 'GET';
        if (timedOut || req.signal?.aborted) {
          throw new ConnectorError('timeout', `${where} timed out after ${Math.round(performance.now() - started)} ms`, {
            ambiguous,
            cause: err,
          });
        }
        throw new ConnectorError('network', `${where} failed: ${describe(err)}`, { ambiguous, cause: err });
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      }
      opts.logger.debug({ http: where, status: res.status, ms: Math.round(performance.now() - started) }, 'provider call');
      const { status, text } = res;
      return {
        status,
        get headers() {
          return res.headers();
        },
        text,
        json<T>() {
          try {
            return JSON.parse(text) as T;
          } catch {
            throw new ConnectorError('bad_response', `${where} answered ${status} with a body that is not JSON: ${excerpt(text)}`);
          }
        },
      };
    },
  };
}

/**
 * Pooled keep-alive connections to providers, for both transports (fetch and undici.request use
 * the global dispatcher): install it once at start-up, before the first provider call.
 */
export function installProviderDispatcher(): void {
  setGlobalDispatcher(new Agent({ connections: 64, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 60_000 }));
}

/** A response as a transport hands it over: headers built only when someone reads them. */
interface Sent {
  status: number;
  headers(): Headers;
  text: string;
}
type Send = (url: URL, init: { method: string; headers: Record<string, string>; body: string | Uint8Array | undefined; signal: AbortSignal }) => Promise<Sent>;

function fetchSend(doFetch: typeof fetch): Send {
  return async (url, init) => {
    const res = await doFetch(url, init as RequestInit);
    const text = await res.text();
    return { status: res.status, headers: () => res.headers, text };
  };
}

function undiciSend(): Send {
  // Composed on first use: main.ts installs the pooled Agent as the global dispatcher first.
  let dispatcher: Dispatcher | undefined;
  return async (url, init) => {
    dispatcher ??= getGlobalDispatcher().compose(interceptors.redirect({ maxRedirections: 5 }));
    const res = await undiciRequest(url, { ...init, method: init.method as Dispatcher.HttpMethod, dispatcher });
    const text = await res.body.text();
    let headers: Headers | undefined;
    return {
      status: res.statusCode,
      headers: () => (headers ??= toHeaders(res.headers)),
      text,
    };
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) h.append(k, x);
  }
  return h;
}

/**
 * Maps the HTTP status of a provider answer to the hub's error classes; returns the response when
 * it is a success. Adapters call it after checking provider-specific error shapes they know better.
 */
export function ensureOk(res: HttpResponse, provider: string): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  const detail = `${provider} answered HTTP ${res.status}: ${excerpt(res.text)}`;
  if (res.status === 401 || res.status === 403) throw new ConnectorError('auth', detail);
  if (res.status === 429) throw new ConnectorError('rate_limited', detail, { retryAfterMs: retryAfterMs(res.headers) });
  if (res.status >= 500 || res.status === 408) throw new ConnectorError('provider_error', detail);
  throw new ConnectorError('invalid_request', detail, { transient: false });
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty body)';
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

/**
 * Waits out a provider's rate limit (Retry-After), giving up at once when the caller's signal
 * aborts, as a ConnectorError the caller reports like any timeout.
 */
export async function waitOut(ms: number, signal: AbortSignal, what: string): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleepFor(ms, undefined, { signal });
  } catch {
    throw new ConnectorError('timeout', `${what} was cancelled while waiting out a rate limit`);
  }
}
