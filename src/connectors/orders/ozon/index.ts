import { defineOrdersSource, type ConnectorDeps, type ConnectorTestResult, type OrdersAdapter } from '../../../core/connectors/contract.js';
import { isConnectorError, ProblemError } from '../../../core/errors.js';
import { createOzonClient, type OzonClient } from './client.js';
import { ozonConfig, type OzonConfig } from './config.js';
import { advance, decodeCursor, openWindow } from './cursor.js';
import { mapPage, nextPage, parseListResponse, toListRequest, type OzonPullResult } from './orders.js';
import { errorReply, parseOzonPush } from './push.js';

export { parseOzonPush, pingReply, OK_REPLY, errorReply } from './push.js';
export type { OzonPushOutcome, OzonPushKind } from './push.js';
export type { OzonPullResult, RejectedPosting } from './orders.js';

/** One page of postings per call; `more` says the caller should call again at once. */
async function pull(client: OzonClient, config: OzonConfig, deps: ConnectorDeps, raw: string | undefined, signal: AbortSignal): Promise<OzonPullResult> {
  const now = deps.clock.now();
  const win = openWindow(decodeCursor(raw), now, config);
  const req = toListRequest(win, config);
  const page = parseListResponse(await client.post(req.path, req.body, signal));
  const { orders, rejected } = mapPage(page.postings, { source: deps.connectorId, defaultCountry: config.defaultCountry });
  if (rejected.length) deps.logger.warn({ connectorId: deps.connectorId, rejected: rejected.map((r) => r.externalId) }, 'Ozon postings could not be mapped');
  return { orders, rejected, ...advance(win, nextPage(win, page), now, config) };
}

/** The adapter, typed with the extras the registry's contract does not name (`rejected`). */
export type OzonAdapter = OrdersAdapter & {
  pull(cursor: string | undefined, signal: AbortSignal): Promise<OzonPullResult>;
  test(signal: AbortSignal): Promise<ConnectorTestResult>;
};

export function createOzonAdapter(config: OzonConfig, deps: ConnectorDeps): OzonAdapter {
  const client = createOzonClient(config, deps);
  return {
    pull: (cursor, signal) => pull(client, config, deps, cursor, signal),
    pullEveryMs: config.pullIntervalSeconds * 1000,
    // A push names a posting, not its content: the hub answers at once and pulls.
    async handlePush(_action, req) {
      const out = parseOzonPush(req.body, deps.clock.now());
      if (out.kind === 'invalid') return { reply: out.reply, unmappable: `Ozon push: ${JSON.stringify(out.reply.body)}` };
      // Ozon signs nothing; a push naming another seller is not for this connector.
      if (out.sellerId && out.sellerId !== config.clientId) return { reply: errorReply('ERROR_UNKNOWN', `seller ${out.sellerId} is not this connector's Client-Id`, 403) };
      return { reply: out.reply, pullNow: out.kind === 'trigger' };
    },
    async remap(payload) {
      const { orders, rejected } = mapPage([payload], { source: deps.connectorId, defaultCountry: config.defaultCountry });
      if (rejected.length) throw new ProblemError(422, 'unmappable_payload', 'Payload cannot be mapped', rejected.map((r) => r.reason).join('; '));
      return orders;
    },
    async test(signal) {
      const now = deps.clock.now();
      const win = { api: config.apiVersion, from: new Date(now.getTime() - 86_400_000), to: now, page: undefined };
      const req = toListRequest(win, { ...config, pageSize: 1 });
      try {
        const page = parseListResponse(await client.post(req.path, req.body, signal));
        return { ok: true, detail: `Ozon Seller API ${config.apiVersion} answered; ${page.postings.length ? 'postings' : 'no postings'} changed in the last 24 h` };
      } catch (err) {
        if (isConnectorError(err)) return { ok: false, detail: err.code === 'auth' ? `Ozon refused Client-Id/Api-Key: ${err.message}` : err.message };
        throw err;
      }
    },
  };
}

export const ozon = defineOrdersSource<OzonConfig>({
  type: 'ozon',
  title: 'Ozon Seller API (FBS/rFBS postings)',
  configSchema: ozonConfig,
  secretFields: ['apiKey'],
  create: createOzonAdapter,
});
