import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt, type HttpRequest, type HttpResponse } from '../../../core/http/client.js';
import type { RussianPostConfig } from './config.js';

const trim = (u: string) => u.replace(/\/+$/, '');

/** HTTP and auth for the three Russian Post services; operations stay pure. */
export function createRussianPostClient(config: RussianPostConfig, deps: ConnectorDeps) {
  return {
    /** tariff.pochta.ru: public, no auth. Errors come as JSON bodies, so the caller reads them first. */
    async tariff(path: string, query: HttpRequest['query'], signal?: AbortSignal): Promise<HttpResponse> {
      return deps.http.request({ method: 'GET', url: `${trim(config.baseUrl)}${path}`, query, signal });
    },

    /** otpravka-api.pochta.ru with both auth headers; returns parsed JSON of a 2xx answer. */
    async business(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: { json?: unknown; query?: HttpRequest['query']; signal?: AbortSignal }): Promise<unknown> {
      if (!config.accessToken || !config.authorizationKey) {
        throw new ConnectorError('config', 'Russian Post business API needs accessToken and authorizationKey in the connector config');
      }
      const res = await deps.http.request({
        method,
        url: `${trim(config.businessBaseUrl)}${path}`,
        query: opts.query,
        json: opts.json,
        headers: {
          accept: 'application/json;charset=UTF-8',
          authorization: `AccessToken ${config.accessToken}`,
          'x-user-authorization': `Basic ${config.authorizationKey}`,
        },
        signal: opts.signal,
      });
      ensureOk(res, `Russian Post ${method} ${path}`);
      return res.json();
    },

    /** tracking.russianpost.ru/rtm34, SOAP 1.2; returns the raw XML of any answer with an envelope. */
    async tracking(envelope: string, signal?: AbortSignal): Promise<string> {
      const res = await deps.http.request({
        method: 'POST',
        url: `${trim(config.trackingBaseUrl)}/rtm34`,
        headers: { 'content-type': 'application/soap+xml;charset=utf-8' },
        body: envelope,
        signal,
      });
      if (res.text.includes('Envelope')) return res.text;
      ensureOk(res, 'Russian Post tracking');
      throw new ConnectorError('bad_response', `Russian Post tracking answered ${res.status} without a SOAP envelope: ${excerpt(res.text)}`);
    },
  };
}
export type RussianPostClient = ReturnType<typeof createRussianPostClient>;
