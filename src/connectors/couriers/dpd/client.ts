import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt } from '../../../core/http/client.js';
import type { DpdConfig } from './config.js';
import { faultError, parseSoap, soapEnvelope, type SoapFault } from './soap.js';

export const NS = {
  calculator: 'http://dpd.ru/ws/calculator/2012-03-20',
  order: 'http://dpd.ru/ws/order2/2012-04-04',
  tracing: 'http://dpd.ru/ws/tracing/2011-11-18',
} as const;

const PATHS = { calculator: '/services/calculator2', order: '/services/order2', tracing: '/services/tracing' } as const;

export type DpdService = keyof typeof NS;

/** The `auth` element every DPD request carries. */
export interface DpdAuth {
  clientNumber: string;
  clientKey: string;
}

export type DpdCallResult = { ok: true; result: Record<string, unknown> } | { ok: false; fault: SoapFault };

/** HTTP + SOAP transport for DPD; operations build bodies and read results with pure functions. */
export function createDpdClient(config: DpdConfig, deps: ConnectorDeps) {
  const base = config.baseUrl.replace(/\/+$/, '');
  const auth: DpdAuth = { clientNumber: config.clientNumber, clientKey: config.clientKey };
  /** Calls `operation`; returns the `<operation>Response` element, or the fault for the caller to judge. */
  async function tryCall(service: DpdService, operation: string, body: Record<string, unknown>, signal: AbortSignal): Promise<DpdCallResult> {
    const res = await deps.http.request({
      method: 'POST',
      url: `${base}${PATHS[service]}`,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: soapEnvelope(NS[service], operation, body),
      signal,
    });
    // DPD answers faults with HTTP 500 and a SOAP body: read the fault before judging the status.
    if (res.text.includes('Envelope')) {
      const parsed = parseSoap(res.text, operation);
      if (!parsed.ok) return parsed;
      ensureOk(res, `DPD ${operation}`);
      const result = parsed.body[`${operation}Response`];
      return { ok: true, result: result && typeof result === 'object' ? (result as Record<string, unknown>) : {} };
    }
    ensureOk(res, `DPD ${operation}`);
    throw new ConnectorError('bad_response', `DPD ${operation} answered ${res.status} without a SOAP envelope: ${excerpt(res.text)}`);
  }
  return {
    auth,
    tryCall,
    /** Like `tryCall`, but a fault throws (auth or invalid_request). */
    async call(service: DpdService, operation: string, body: Record<string, unknown>, signal: AbortSignal) {
      const r = await tryCall(service, operation, body, signal);
      if (!r.ok) throw faultError(r.fault, operation);
      return r.result;
    },
  };
}
export type DpdClient = ReturnType<typeof createDpdClient>;
