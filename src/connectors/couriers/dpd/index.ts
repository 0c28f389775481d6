import { defineCourier, type CourierAdapter, type TrackUpdate } from '../../../core/connectors/contract.js';
import { isConnectorError } from '../../../core/errors.js';
import { createDpdClient } from './client.js';
import { dpdConfig, type DpdConfig } from './config.js';
import { deliveryTypesToAsk, isNoServiceFault, parseRateResponse, toRateRequest } from './rates.js';
import { faultError } from './soap.js';
import {
  parseCancelResponse,
  parseFindResponse,
  parseOrderStatus,
  toCancelRequest,
  toCreateOrderRequest,
  toOrderStatusRequest,
} from './booking.js';
import { parseTrackResponse, toTrackRequest } from './tracking.js';

/** DPD Russia over its SOAP web services (calculator2, order2, tracing). */
export const dpd = defineCourier<DpdConfig>({
  type: 'dpd',
  title: 'DPD Russia',
  configSchema: dpdConfig,
  secretFields: ['clientKey'],
  create(config, deps): CourierAdapter {
    const client = createDpdClient(config, deps);
    return {
      async quote(input) {
        if (!input.parcels.length) return { rates: [], noService: 'DPD needs at least one parcel to quote' };
        const types = deliveryTypesToAsk(input);
        if (!types.length) return { rates: [], noService: 'DPD offers door and terminal delivery only' };
        const answers = await Promise.all(
          types.map(async (type) => {
            const r = await client.tryCall('calculator', 'getServiceCost2', toRateRequest(config, client.auth, input, type), input.signal);
            if (r.ok) return { rates: parseRateResponse(r.result, type) };
            if (isNoServiceFault(r.fault.code)) return { rates: [], reason: r.fault.message ?? r.fault.faultString };
            throw faultError(r.fault, 'getServiceCost2');
          }),
        );
        const rates = answers.flatMap((a) => a.rates);
        if (rates.length) return { rates };
        const reasons = answers.map((a) => ('reason' in a ? a.reason : undefined)).filter(Boolean);
        return { rates, noService: `DPD has no service to ${input.destination.city}${reasons.length ? `: ${reasons.join('; ')}` : ''}` };
      },

      async book(req) {
        const result = await client.call('order', 'createOrder', toCreateOrderRequest(config, client.auth, req, deps.clock.now()), req.signal);
        return parseOrderStatus(result, 'createOrder');
      },

      async findBooking(shipmentId, signal) {
        const result = await client.call('order', 'getOrderStatus', toOrderStatusRequest(client.auth, shipmentId), signal);
        return parseFindResponse(result);
      },

      async track(refs, signal) {
        const updates: TrackUpdate[] = [];
        // getStatesByDPDOrder takes one order number; DPD has no batch lookup by order number.
        for (const ref of refs) {
          const nr = ref.trackNumber ?? ref.courierId;
          if (!nr) continue;
          try {
            const result = await client.call('tracing', 'getStatesByDPDOrder', toTrackRequest(client.auth, nr), signal);
            const update = parseTrackResponse(result, ref);
            if (update) updates.push(update);
          } catch (err) {
            // One unknown order must not hide the others; credentials and transport errors still fail the batch.
            if (isConnectorError(err) && err.code === 'invalid_request') {
              deps.logger.warn({ connectorId: deps.connectorId, shipmentId: ref.shipmentId, err: err.message }, 'DPD tracking refused one order');
              continue;
            }
            throw err;
          }
        }
        return updates;
      },

      async cancel(ref, signal) {
        parseCancelResponse(await client.call('order', 'cancelOrder', toCancelRequest(client.auth, ref), signal));
      },

      async test(signal) {
        try {
          await client.call('tracing', 'getStatesByDPDOrder', toTrackRequest(client.auth, '0'), signal);
          return { ok: true, detail: 'DPD accepted the credentials' };
        } catch (err) {
          if (isConnectorError(err) && err.code === 'invalid_request') return { ok: true, detail: 'DPD accepted the credentials' };
          return { ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      },
    };
  },
});
