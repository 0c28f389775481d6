import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt } from '../../../core/http/client.js';
import type { NovaPoshtaConfig } from './config.js';
import { Envelope } from './api.js';

/** Messages Nova Poshta uses for a missing, wrong or expired API key. */
const AUTH = /api\s*key|apikey|api_key|auth/i;

/** One POST of `{apiKey, modelName, calledMethod, methodProperties}`; returns `data[]`. */
export function createNovaPoshtaClient(config: NovaPoshtaConfig, deps: ConnectorDeps) {
  return {
    async call(modelName: string, calledMethod: string, methodProperties: Record<string, unknown>, signal?: AbortSignal): Promise<unknown[]> {
      const where = `${modelName}.${calledMethod}`;
      const res = ensureOk(
        await deps.http.request({
          method: 'POST',
          url: config.baseUrl,
          json: { apiKey: config.apiKey, modelName, calledMethod, methodProperties },
          signal,
        }),
        `Nova Poshta ${where}`,
      );
      return parseEnvelope(res.json(), where);
    },
  };
}
export type NovaPoshtaClient = ReturnType<typeof createNovaPoshtaClient>;

/** `success:false` → auth (key problems) or invalid_request, keeping Nova Poshta's own text. */
export function parseEnvelope(body: unknown, where: string): unknown[] {
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) {
    throw new ConnectorError('bad_response', `Nova Poshta ${where} answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  }
  if (parsed.data.success) return parsed.data.data;
  const errors = Array.isArray(parsed.data.errors) ? parsed.data.errors : Object.values(parsed.data.errors ?? {});
  const codes = parsed.data.errorCodes ?? [];
  const text = `${errors.join('; ') || 'no error text'}${codes.length ? ` [${codes.join(', ')}]` : ''}`;
  if (errors.some((e) => AUTH.test(e))) {
    throw new ConnectorError('auth', `Nova Poshta ${where} rejected the API key: ${text}. Check apiKey in the connector config.`);
  }
  throw new ConnectorError('invalid_request', `Nova Poshta ${where} refused the request: ${text}`, { transient: false });
}
