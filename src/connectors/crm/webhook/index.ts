import { defineCrm } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk } from '../../../core/http/client.js';
import { WebhookConfig } from './config.js';
import { sign, SIGNATURE_HEADER } from './signature.js';

/** Signed outbound events to any URL (a CRM, a queue gateway, the shop's backend). */
export const webhook = defineCrm({
  type: 'webhook',
  title: 'Webhook (signed events)',
  configSchema: WebhookConfig,
  secretFields: ['secret'],
  create(config, deps) {
    const wanted = config.events ? new Set(config.events) : undefined;
    return {
      accepts: (event) => !wanted || wanted.has(event.type),
      async deliver(event, ctx) {
        const body = JSON.stringify(event);
        const res = await deps.http.request({
          method: 'POST',
          url: config.url,
          body,
          timeoutMs: config.timeoutMs,
          signal: ctx.signal,
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: sign(config.secret, body, Math.floor(deps.clock.now().getTime() / 1000)),
            'Svyazka-Event-Id': event.id,
            'Svyazka-Event-Type': event.type,
          },
        });
        // Any non-2xx is "not delivered": the receiver may be mid-deploy; a 4xx is retried too.
        try {
          ensureOk(res, 'webhook receiver');
        } catch (err) {
          throw err instanceof ConnectorError ? new ConnectorError(err.code, err.message, { transient: true }) : err;
        }
      },
      async test(signal) {
        const res = await deps.http.request({ method: 'POST', url: config.url, json: { type: 'ping' }, signal, timeoutMs: config.timeoutMs }).catch((e: Error) => e);
        if (res instanceof Error) return { ok: false, detail: res.message };
        return { ok: res.status < 300, detail: `receiver answered HTTP ${res.status}` };
      },
    };
  },
});
