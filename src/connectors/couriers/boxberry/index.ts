import { defineCourier, type BookingResult, type ConnectorDeps, type CourierAdapter, type CourierRate } from '../../../core/connectors/contract.js';
import { ConnectorError, isConnectorError } from '../../../core/errors.js';
import { parseCreateResponse, parseInfoResponse, toParcelRequest } from './booking.js';
import { BoxberryApiError, createBoxberryClient } from './client.js';
import { BoxberryConfig } from './config.js';
import { BOXBERRY_COUNTRY, findCity, parseCityList, type CityIndex } from './location.js';
import { parsePickupPoints, toListPointsRequest } from './pickup-points.js';
import { parseRateResponse, planRateRequests, toBoxSizes, toRateRequest } from './rates.js';
import { DUPLICATE_MESSAGE, NO_SERVICE_MESSAGE, NOT_FOUND_MESSAGE } from './status.js';
import { parseTrackResponse } from './tracking.js';

const DAY = 86_400_000;
const TRACK_CONCURRENCY = 4;
/** ListPoints sends a whole country's points (Russia: tens of thousands) in one answer. */
const LIST_POINTS_TIMEOUT_MS = 90_000;

/** A Boxberry error whose message matches: returned to the caller as a value instead of thrown. */
const isMessage = (err: unknown, re: RegExp): err is BoxberryApiError => err instanceof BoxberryApiError && err.code !== 'auth' && re.test(err.providerMessage);

export function createBoxberryAdapter(config: BoxberryConfig, deps: ConnectorDeps): CourierAdapter {
  const client = createBoxberryClient(config, deps);

  /** Boxberry's cities with pickup points, indexed by name; reference data cached for a week. */
  function cities(country: string, signal: AbortSignal): Promise<CityIndex> {
    return deps.cache.cached(`cities:${country}`, { ttlMs: 7 * DAY, refreshAfterMs: DAY }, async () => parseCityList(await client.call('ListCities', { CountryCode: country })), signal);
  }

  async function findBooking(shipmentId: string, signal: AbortSignal): Promise<BookingResult | null> {
    try {
      return parseInfoResponse(await client.call('ParcelInfo', { parcels: [{ order_id: shipmentId }] }, signal, 'post'), shipmentId);
    } catch (err) {
      if (isMessage(err, NOT_FOUND_MESSAGE)) return null;
      throw err;
    }
  }

  return {
    async quote(input) {
      const countryCode = BOXBERRY_COUNTRY[input.destination.country];
      if (!countryCode) return { rates: [], noService: `Boxberry does not deliver to ${input.destination.country}` };
      if (!toBoxSizes(input.parcels, config.defaultPackage).length) {
        throw new ConnectorError('invalid_request', 'Boxberry quote needs at least one parcel (or defaultPackage in the connector config)', { transient: false });
      }
      const want = input.deliveryTypes?.length ? input.deliveryTypes : ['pickup_point', 'door'];
      const wantPickup = want.includes('pickup_point');
      const wantDoor = want.includes('door');
      const cityId = wantPickup || (wantDoor && !input.destination.postcode) ? findCity(await cities(countryCode, input.signal), input.destination) : undefined;
      const zip = input.destination.country === 'RU' ? input.destination.postcode : undefined;
      const plan = planRateRequests(cityId, zip, wantPickup, wantDoor);
      if (!plan.length) return { rates: [], noService: `Boxberry does not deliver to ${input.destination.city} with the requested delivery types` };
      const refusals: string[] = [];
      const answers = await Promise.all(
        plan.map(async (target): Promise<CourierRate[]> => {
          try {
            const rates = parseRateResponse(await client.call('DeliveryCalculation', toRateRequest(input, target, config), input.signal, 'post'));
            // A call made for one delivery type answers only for it, even if Boxberry lists more.
            return target.deliveryType ? rates.filter((r) => r.service === String(target.deliveryType)) : rates;
          } catch (err) {
            if (!isMessage(err, NO_SERVICE_MESSAGE)) throw err;
            refusals.push(err.providerMessage);
            return [];
          }
        }),
      );
      const rates = answers.flat().filter((r) => want.includes(r.deliveryType));
      if (rates.length) return { rates };
      return { rates: [], noService: refusals.length ? `Boxberry: ${refusals.join('; ')}` : `Boxberry offers no delivery to ${input.destination.city}` };
    },

    async book(req) {
      try {
        return parseCreateResponse(await client.call('ParselCreate', { sdata: toParcelRequest(req, config) }, req.signal, 'post'));
      } catch (err) {
        if (!(err instanceof BoxberryApiError) || err.code === 'auth') throw err;
        // An earlier attempt (e.g. one that timed out) already created it: report that parcel.
        if (DUPLICATE_MESSAGE.test(err.providerMessage)) {
          const found = await findBooking(req.shipmentId, req.signal);
          if (found) return found;
        }
        return { state: 'rejected', message: `Boxberry rejected the parcel: ${err.providerMessage}` };
      }
    },

    findBooking,

    async track(refs, signal) {
      const out = [];
      for (let i = 0; i < refs.length; i += TRACK_CONCURRENCY) {
        const batch = refs.slice(i, i + TRACK_CONCURRENCY).map(async (ref) => {
          try {
            const body = await client.call('ListStatusesFull', { ImId: ref.trackNumber ?? ref.courierId ?? ref.shipmentId }, signal);
            return parseTrackResponse(body, ref.shipmentId);
          } catch (err) {
            if (isMessage(err, NOT_FOUND_MESSAGE)) return [];
            throw err;
          }
        });
        out.push(...(await Promise.all(batch)));
      }
      return out.flat();
    },

    async cancel(ref, signal) {
      const track = ref.trackNumber ?? ref.courierId ?? (await findBooking(ref.shipmentId, signal))?.trackNumber;
      if (!track) return; // Boxberry has no such parcel: nothing to cancel.
      try {
        await client.call('ParselDel', { ImId: track }, signal);
      } catch (err) {
        if (isMessage(err, NOT_FOUND_MESSAGE)) return;
        throw err;
      }
    },

    async pickupPoints(signal) {
      // Every country Boxberry quotes to, so a point it prices can also be picked; all or nothing,
      // so a failed country never wipes that country's stored points.
      const lists = await Promise.all(
        Object.entries(BOXBERRY_COUNTRY).map(async ([iso, code]) => {
          try {
            return parsePickupPoints(await client.call('ListPoints', toListPointsRequest(code), signal, 'get', LIST_POINTS_TIMEOUT_MS), iso);
          } catch (err) {
            // Boxberry reports "nothing found" as an error: for a country without points that is an empty list.
            if (isMessage(err, NOT_FOUND_MESSAGE)) return [];
            throw err;
          }
        }),
      );
      return lists.flat();
    },

    async test(signal) {
      try {
        await client.call('ParselList', {}, signal);
        return { ok: true, detail: 'Boxberry accepted the API token' };
      } catch (err) {
        // Any answer other than an auth refusal proves the token works.
        if (err instanceof BoxberryApiError && err.code !== 'auth') return { ok: true, detail: `Boxberry accepted the API token (${err.providerMessage})` };
        if (isConnectorError(err)) return { ok: false, detail: err.message };
        throw err;
      }
    },
  };
}

export const boxberry = defineCourier({
  type: 'boxberry',
  title: 'Boxberry',
  configSchema: BoxberryConfig,
  secretFields: ['token'],
  create: createBoxberryAdapter,
});
