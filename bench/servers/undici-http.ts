import { request } from 'undici';
import { ConnectorError } from '../../src/core/errors.js';
import type { HttpClient, HttpResponse } from '../../src/core/http/client.js';

/**
 * An experiment for the quote benchmark (BENCH_HTTP=undici): the hub's HttpClient over
 * undici.request instead of the WHATWG fetch, with one AbortController per call instead of
 * AbortSignal.timeout + AbortSignal.any. Same contract as src/core/http/client.ts (any status
 * resolves; timeouts and network failures throw ConnectorError), minus the logging; it is here to
 * measure what the fetch layer costs per courier call, not to replace the client.
 */
export function createUndiciHttpClient(defaultTimeoutMs = 10_000): HttpClient {
  return {
    async request(req) {
      const method = req.method ?? (req.json !== undefined || req.body !== undefined ? 'POST' : 'GET');
      const url = new URL(req.url);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { 'user-agent': 'svyazka/0.1', ...req.headers };
      let body: string | Uint8Array | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] ??= 'application/json';
      } else if (req.body !== undefined) {
        body = req.body instanceof URLSearchParams ? req.body.toString() : req.body;
      }
      const where = `${method} ${url.origin}${url.pathname}`;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => ((timedOut = true), controller.abort()), req.timeoutMs ?? defaultTimeoutMs);
      const onAbort = () => controller.abort();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const started = performance.now();
      try {
        const res = await request(url, { method, headers, body, signal: controller.signal });
        const text = await res.body.text();
        let parsed: Headers | undefined;
        const out: HttpResponse = {
          status: res.statusCode,
          get headers() {
            return (parsed ??= new Headers(Object.entries(res.headers).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string])))));
          },
          text,
          json<T>() {
            try {
              return JSON.parse(text) as T;
            } catch {
              throw new ConnectorError('bad_response', `${where} answered ${res.statusCode} with a body that is not JSON`);
            }
          },
        };
        return out;
      } catch (err) {
        const ambiguous = method !== 'GET';
        if (timedOut || req.signal?.aborted) throw new ConnectorError('timeout', `${where} timed out after ${Math.round(performance.now() - started)} ms`, { ambiguous, cause: err });
        throw new ConnectorError('network', `${where} failed: ${err instanceof Error ? err.message : String(err)}`, { ambiguous, cause: err });
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
