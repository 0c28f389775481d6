import { z } from 'zod';
import { defineCourier, type CourierQuoteInput, type CourierRate, type QuoteOutcome } from '../../../src/core/connectors/contract.js';
import { ConnectorError } from '../../../src/core/errors.js';
import type { TestHub } from '../../helpers/hub.js';

/** What a scripted courier does on its n-th call (1-based). */
export type Script = (n: number, input: CourierQuoteInput) => Promise<QuoteOutcome>;

/** Scripted test couriers, keyed by connector id: behaviour, call counts, calls in flight. */
export const scripts = new Map<string, Script>();
export const calls = new Map<string, number>();
const active = new Map<string, number>();
export const maxInFlight = new Map<string, number>();

export const scripted = defineCourier({
  type: 'test-scripted', title: 'scripted test courier', configSchema: z.object({ note: z.string().optional() }), secretFields: [],
  create: (_config, deps) => ({
    async quote(input) {
      const id = deps.connectorId;
      const n = (calls.get(id) ?? 0) + 1;
      calls.set(id, n);
      active.set(id, (active.get(id) ?? 0) + 1);
      maxInFlight.set(id, Math.max(maxInFlight.get(id) ?? 0, active.get(id)!));
      try {
        const script = scripts.get(id);
        if (!script) throw new Error(`no script for ${id}`);
        return await script(n, input);
      } finally {
        active.set(id, active.get(id)! - 1);
      }
    },
  }),
});

export function rate(amount: number, extra: Partial<CourierRate> = {}): CourierRate {
  return { carrier: 'Test', service: 'std', serviceName: 'Standard', deliveryType: 'door', price: { amount, currency: 'RUB' }, days: { min: 1, max: 2 }, dayKind: 'business', codAvailable: false, ...extra };
}

/** Resolves after `ms`, or rejects as the http client does when the engine aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ConnectorError('timeout', 'aborted'));
    });
  });
}

export async function addCouriers(t: TestHub, ids: string[]) {
  for (const id of ids) {
    const res = await t.call('PUT', `/v1/admin/connectors/${id}`, { id, type: 'test-scripted', config: {} });
    if (res.status >= 300) throw new Error(`cannot add ${id}: ${res.text}`);
  }
}

export const parcels = [{ weight: 1200, length: 30, width: 20, height: 10 }];
let value = 1000;
/** A quote body; a fresh declared value each time unless given, so answers are not cached. */
export function quoteBody(connectorIds: string[], extra: Record<string, unknown> = {}) {
  return { destination: { country: 'RU', city: 'Москва' }, parcels, connectorIds, declaredValue: value++, ...extra };
}
