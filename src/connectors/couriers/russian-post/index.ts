import { defineCourier, type CourierAdapter, type TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { ensureOk } from '../../../core/http/client.js';
import { createRussianPostClient } from './client.js';
import { hasBusinessApi, russianPostConfig, type RussianPostConfig } from './config.js';
import { parseOtpravkaTariff, parseTariffV2, toOtpravkaTariffRequest, toTariffV2Query } from './rates.js';
import { parseBacklogResponse, parseDeleteResponse, parseSearchResponse, toBacklogRequest } from './booking.js';
import { parseTrackResponse, toTrackEnvelope } from './tracking.js';

/** Russian Post: tariff calculator or business API for quotes, business API for bookings, SOAP tracking. */
export const russianPost = defineCourier<RussianPostConfig>({
  type: 'russian-post',
  title: 'Russian Post (Почта России)',
  configSchema: russianPostConfig,
  secretFields: ['accessToken', 'authorizationKey', 'trackingPassword'],
  create(config, deps): CourierAdapter {
    const client = createRussianPostClient(config, deps);
    const business = hasBusinessApi(config);

    const adapter: CourierAdapter = {
      async quote(input) {
        if (input.destination.country !== 'RU') return { rates: [], noService: 'Russian Post connector quotes domestic (RU) deliveries only' };
        if (!input.parcels.length) return { rates: [], noService: 'Russian Post needs at least one parcel to quote' };
        const from = config.fromPostcode ?? input.origin.postcode;
        const to = input.destination.postcode;
        if (!from) return { rates: [], noService: 'Russian Post needs the origin postcode; set fromPostcode in the connector config' };
        if (!to || !/^\d{6}$/.test(to)) return { rates: [], noService: 'Russian Post needs a 6-digit destination postcode' };
        if (business) {
          const body = await client.business('POST', '/1.0/tariff', { json: toOtpravkaTariffRequest(config, input, from, to), signal: input.signal });
          return { rates: [parseOtpravkaTariff(body, config)] };
        }
        const res = await client.tariff('/v2/calculate/tariff/delivery', toTariffV2Query(config, input, from, to), input.signal);
        // The calculator explains refusals in a JSON body (also on 4xx); outages are not JSON.
        if (res.status >= 500 || res.status === 429) ensureOk(res, 'Russian Post tariff calculator');
        const rate = parseTariffV2(res.json(), config);
        ensureOk(res, 'Russian Post tariff calculator');
        return { rates: [rate] };
      },
    };

    if (business) {
      adapter.book = async (req) => {
        const body = await client.business('PUT', '/1.0/user/backlog', { json: toBacklogRequest(config, req, config.fromPostcode ?? req.origin.postcode), signal: req.signal });
        return parseBacklogResponse(body);
      };
      adapter.findBooking = async (shipmentId, signal) => {
        // New orders sit in the backlog; once put into a batch they move to shipments.
        const inBacklog = parseSearchResponse(await client.business('GET', '/1.0/backlog/search', { query: { query: shipmentId }, signal }), shipmentId);
        if (inBacklog) return inBacklog;
        return parseSearchResponse(await client.business('GET', '/1.0/shipment/search', { query: { query: shipmentId }, signal }), shipmentId);
      };
      adapter.cancel = async (ref, signal) => {
        if (!ref.courierId) throw new ConnectorError('invalid_request', 'Russian Post deletes backlog orders by id (courierId), which this shipment lacks', { transient: false });
        parseDeleteResponse(await client.business('DELETE', '/1.0/backlog', { json: [Number(ref.courierId)], signal }));
      };
    }

    const { trackingLogin: login, trackingPassword: password } = config;
    if (login && password) {
      adapter.track = async (refs, signal) => {
        const out: TrackUpdate[] = [];
        // The single-access API takes one barcode per call.
        for (const ref of refs) {
          if (!ref.trackNumber) continue;
          const outcome = parseTrackResponse(await client.tracking(toTrackEnvelope(ref.trackNumber, login, password), signal), ref);
          if (outcome.ok) {
            if (outcome.update) out.push(outcome.update);
            continue;
          }
          if (outcome.auth) throw new ConnectorError('auth', `Russian Post tracking refused the credentials: ${outcome.fault}. Check trackingLogin/trackingPassword.`);
          deps.logger.warn({ connectorId: deps.connectorId, shipmentId: ref.shipmentId, fault: outcome.fault }, 'Russian Post tracking refused one barcode');
        }
        return out;
      };
    }
    return adapter;
  },
});
