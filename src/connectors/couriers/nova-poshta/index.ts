import { defineCourier, type CourierAdapter } from '../../../core/connectors/contract.js';
import { ConnectorError, isConnectorError } from '../../../core/errors.js';
import { createNovaPoshtaClient } from './client.js';
import { novaPoshtaConfig, type NovaPoshtaConfig } from './config.js';
import { resolveCity } from './cities.js';
import { deliveryDate } from './dates.js';
import { parseRate, serviceTypesToAsk, toPriceRequest } from './rates.js';
import {
  bookingConfigGaps,
  parseDocumentList,
  parseSaveResponse,
  toDeleteRequest,
  toDocumentListRequest,
  toSaveRequest,
} from './booking.js';
import { chunk, parseTrackResponse, toTrackRequest, TRACK_BATCH } from './tracking.js';
import { fetchPickupPoints } from './pickup-points.js';

/** Nova Poshta (Ukraine) over its JSON API 2.0. */
export const novaPoshta = defineCourier<NovaPoshtaConfig>({
  type: 'nova-poshta',
  title: 'Nova Poshta',
  configSchema: novaPoshtaConfig,
  secretFields: ['apiKey'],
  create(config, deps): CourierAdapter {
    const client = createNovaPoshtaClient(config, deps);
    return {
      async quote(input) {
        if (input.destination.country !== 'UA') return { rates: [], noService: 'Nova Poshta quotes deliveries within Ukraine only' };
        if (!input.parcels.length) return { rates: [], noService: 'Nova Poshta needs at least one parcel to quote' };
        const services = serviceTypesToAsk(config.serviceTypes, input.deliveryTypes);
        if (!services.length) return { rates: [], noService: 'No configured Nova Poshta service type matches the requested delivery types' };
        const [from, to] = await Promise.all([
          config.senderCityRef ?? resolveCity(client, deps.cache, input.origin, input.signal),
          resolveCity(client, deps.cache, input.destination, input.signal),
        ]);
        if (!from) return { rates: [], noService: `Nova Poshta has no city '${input.origin.city}' (origin); set senderCityRef` };
        if (!to) return { rates: [], noService: `Nova Poshta does not deliver to '${input.destination.city}'` };
        const now = deps.clock.now();
        const rates = await Promise.all(
          services.map(async (s) => {
            const [price, date] = await Promise.all([
              client.call('InternetDocument', 'getDocumentPrice', toPriceRequest(input, from, to, s), input.signal),
              deliveryDate(client, deps.cache, now, from, to, s, input.signal),
            ]);
            return parseRate(price, date, s, now);
          }),
        );
        return { rates };
      },

      async book(req) {
        const gaps = bookingConfigGaps(config);
        if (gaps.length) throw new ConnectorError('config', `Nova Poshta booking needs ${gaps.join(', ')} in the connector config`);
        try {
          return parseSaveResponse(await client.call('InternetDocument', 'save', toSaveRequest(config, req, deps.clock.now()), req.signal));
        } catch (err) {
          // Validation errors on the waybill are Nova Poshta refusing this shipment: an outcome, not a fault.
          if (isConnectorError(err) && err.code === 'invalid_request') return { state: 'rejected', message: err.message };
          throw err;
        }
      },

      async findBooking(shipmentId, signal) {
        const data = await client.call('InternetDocument', 'getDocumentList', toDocumentListRequest(deps.clock.now(), config.findBookingDays), signal);
        return parseDocumentList(data, shipmentId);
      },

      async track(refs, signal) {
        const withNumbers = refs.filter((r) => r.trackNumber);
        const out = [];
        for (const batch of chunk(withNumbers, TRACK_BATCH)) {
          const data = await client.call('TrackingDocument', 'getStatusDocuments', toTrackRequest(batch), signal);
          out.push(...parseTrackResponse(data, batch, deps.clock.now()));
        }
        return out;
      },

      async cancel(ref, signal) {
        if (!ref.courierId) throw new ConnectorError('invalid_request', 'Nova Poshta can only delete a waybill by its Ref (courierId), which this shipment lacks', { transient: false });
        await client.call('InternetDocument', 'delete', toDeleteRequest(ref.courierId), signal);
      },

      pickupPoints: (signal) => fetchPickupPoints(client, signal),

      async test(signal) {
        try {
          await client.call('Counterparty', 'getCounterparties', { CounterpartyProperty: 'Sender', Page: '1' }, signal);
          return { ok: true, detail: 'Nova Poshta accepted the API key' };
        } catch (err) {
          return { ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      },
    };
  },
});
