import { isConnectorError } from '../errors.js';
import type { Address, Parcel, QuoteError } from '../model/index.js';
import type { CourierRate } from '../connectors/contract.js';
import type { DeliveryType } from '../model/index.js';
import type { ConnectorInstance } from '../connectors/service.js';

export interface FanOutInput {
  origin: Address;
  destination: Address;
  parcels: Parcel[];
  declaredValue: number;
  currency: string;
  deliveryTypes?: DeliveryType[];
}

export interface FanOutResult {
  rates: { connectorId: string; rate: CourierRate }[];
  errors: QuoteError[];
}

/**
 * Asks every courier at once and answers by the deadline with what came back. A courier still
 * working at the deadline is aborted and reported as `timeout`; one that has no service to the
 * place is reported as `no_service`, which is an answer, not a failure.
 */
export async function fanOut(couriers: ConnectorInstance<'courier'>[], input: FanOutInput, deadlineMs: number): Promise<FanOutResult> {
  const controller = new AbortController();
  const rates: FanOutResult['rates'] = [];
  const errors: QuoteError[] = [];
  const pending = new Set(couriers.map((c) => c.id));
  const calls = couriers.map(async (c) => {
    try {
      const out = await c.adapter.quote({ ...input, signal: controller.signal });
      if (!pending.has(c.id)) return;
      for (const rate of out.rates) rates.push({ connectorId: c.id, rate });
      if (!out.rates.length) errors.push({ connectorId: c.id, code: 'no_service', message: out.noService ?? 'no service to this destination' });
    } catch (err) {
      if (!pending.has(c.id)) return;
      errors.push(
        isConnectorError(err)
          ? { connectorId: c.id, code: err.code, message: err.message }
          : { connectorId: c.id, code: 'internal', message: `connector failed unexpectedly: ${err instanceof Error ? err.message : String(err)}` },
      );
    } finally {
      pending.delete(c.id);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(calls), new Promise<void>((res) => (timer = setTimeout(res, deadlineMs)))]);
  clearTimeout(timer);
  for (const id of pending) errors.push({ connectorId: id, code: 'timeout', message: `no answer within the ${deadlineMs} ms deadline` });
  pending.clear();
  controller.abort();
  return { rates, errors };
}
