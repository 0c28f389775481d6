import type { ConnectorDeps } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk, excerpt } from '../../../core/http/client.js';
import type { NovaPoshtaConfig } from './config.js';
import { Envelope, ListInfo } from './api.js';

/** Messages Nova Poshta uses for a missing, wrong or expired API key. */
const AUTH = /api\s*key|apikey|api_key|auth/i;

/** Every call is one POST of `{apiKey, modelName, calledMethod, methodProperties}`. */
export function createNovaPoshtaClient(config: NovaPoshtaConfig, deps: ConnectorDeps) {
  async function send(modelName: string, calledMethod: string, methodProperties: Record<string, unknown>, signal?: AbortSignal, timeoutMs?: number) {
    const where = `${modelName}.${calledMethod}`;
    const res = ensureOk(
      await deps.http.request({
        method: 'POST',
        url: config.baseUrl,
        json: { apiKey: config.apiKey, modelName, calledMethod, methodProperties },
        timeoutMs,
        signal,
      }),
      `Nova Poshta ${where}`,
    );
    return parseEnvelope(res.json(), where);
  }
  return {
    async call(modelName: string, calledMethod: string, methodProperties: Record<string, unknown>, signal?: AbortSignal): Promise<unknown[]> {
      return (await send(modelName, calledMethod, methodProperties, signal)).data;
    },
    /** One page of a reference list: its rows and `info.totalCount`, when Nova Poshta gives it. */
    async page(modelName: string, calledMethod: string, methodProperties: Record<string, unknown>, signal: AbortSignal, timeoutMs?: number) {
      const env = await send(modelName, calledMethod, methodProperties, signal, timeoutMs);
      const info = ListInfo.safeParse(env.info);
      return { data: env.data, totalCount: info.success ? info.data.totalCount : undefined };
    },
  };
}
export type NovaPoshtaClient = ReturnType<typeof createNovaPoshtaClient>;

/** `success:false` → auth (key problems) or invalid_request, keeping Nova Poshta's own text. */
export function parseEnvelope(body: unknown, where: string): Envelope {
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) {
    throw new ConnectorError('bad_response', `Nova Poshta ${where} answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  }
  if (parsed.data.success) return parsed.data;
  const errors = Array.isArray(parsed.data.errors) ? parsed.data.errors : Object.values(parsed.data.errors ?? {});
  const codes = parsed.data.errorCodes ?? [];
  const text = `${errors.join('; ') || 'no error text'}${codes.length ? ` [${codes.join(', ')}]` : ''}`;
  if (errors.some((e) => AUTH.test(e))) {
    throw new ConnectorError('auth', `Nova Poshta ${where} rejected the API key: ${text}. Check apiKey in the connector config.`);
  }
  throw new ConnectorError('invalid_request', `Nova Poshta ${where} refused the request: ${text}`, { transient: false });
}
