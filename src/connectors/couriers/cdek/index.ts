import { setTimeout as sleep } from 'node:timers/promises';
import { defineCourier, type BookingResult, type ConnectorDeps, type CourierAdapter } from '../../../core/connectors/contract.js';
import { ConnectorError, isConnectorError } from '../../../core/errors.js';
import type { HttpResponse } from '../../../core/http/client.js';
import type { Address } from '../../../core/model/index.js';
import { parseOrderState, toOrderRequest, type OrderState } from './booking.js';
import { cdekErrors, cdekJson, createCdekClient, describeErrors, safeJson } from './client.js';
import { CdekConfig } from './config.js';
import { cdekCodeOf, cityCacheKey, parseCityResponse, resolvePlace, toCityQuery, type CdekCityRef, type CdekPlace } from './location.js';
import { downloadPickupPoints, PICKUP_PAGE_SIZE } from './pickup-points.js';
import { parseRateResponse, toCdekPackages, toRateRequest } from './rates.js';
import { CDEK_DUPLICATE_NUMBER, CDEK_NOT_FOUND_CODES } from './status.js';
import { parseTrackResponse, toTrackQuery } from './tracking.js';
import { checkWebhookToken, parseWebhookBody } from './webhook.js';

const DAY = 86_400_000;
const TRACK_CONCURRENCY = 4;
/** A page of the office list is large: more time than a quote call gets. */
const PICKUP_PAGE_TIMEOUT_MS = 30_000;

/** Tunables of the adapter itself (not user config); tests shrink them. */
export interface CdekAdapterOptions {
  /** Offices per page when downloading the pickup point list. @defaultValue PICKUP_PAGE_SIZE */
  pickupPageSize?: number;
}

export function createCdekAdapter(config: CdekConfig, deps: ConnectorDeps, options: CdekAdapterOptions = {}): CourierAdapter {
  const client = createCdekClient(config, deps);
  const notFound = (res: HttpResponse) =>
    res.status === 404 || (res.status === 400 && cdekErrors(safeJson(res)).some((e) => !!e.code && CDEK_NOT_FOUND_CODES.has(e.code)));

  /**
   * CDEK city code for an address; reference data, cached for a month and refreshed in the
   * background. Concurrent quotes share one lookup, so it runs under its own time limit.
   */
  function resolveCity(a: Address, signal: AbortSignal): Promise<CdekCityRef | null> {
    return deps.cache.cached(
      cityCacheKey(a),
      { ttlMs: 30 * DAY, refreshAfterMs: 7 * DAY },
      async () => parseCityResponse(cdekJson(await client.call({ path: '/v2/location/cities', query: toCityQuery(a) }), 'the city lookup'), a),
      signal,
    );
  }

  const place = (a: Address, signal: AbortSignal) => resolvePlace(a, (x) => resolveCity(x, signal));

  /** The warehouse: a CDEK code on its address, else the configured sender city, else as any place. */
  async function origin(a: Address, signal: AbortSignal): Promise<CdekPlace | null> {
    if (cdekCodeOf(a) === undefined && config.senderCityCode) return { code: config.senderCityCode };
    return place(a, signal);
  }

  function toResult(state: OrderState, shipmentId: string): BookingResult {
    if (state.state === 'waiting') return { state: 'pending', ...(state.courierId ? { courierId: state.courierId } : {}) };
    if (state.state === 'duplicate') return { state: 'rejected', message: `CDEK reports an order numbered ${shipmentId} already exists` };
    return state;
  }

  async function findBooking(shipmentId: string, signal: AbortSignal): Promise<BookingResult | null> {
    const res = await client.call({ path: '/v2/orders', query: { im_number: shipmentId }, signal });
    if (notFound(res)) return null;
    const body = cdekJson(res, 'the order lookup') as { entity?: unknown };
    if (!body || !body.entity) return null;
    return toResult(parseOrderState(body), shipmentId);
  }

  /** After an INVALID "number already used": the earlier attempt did book, so report that booking. */
  async function existing(shipmentId: string, signal: AbortSignal): Promise<BookingResult> {
    return (await findBooking(shipmentId, signal)) ?? { state: 'rejected', message: `CDEK reports an order numbered ${shipmentId} already exists but cannot find it` };
  }

  return {
    async quote(input) {
      if (!toCdekPackages(input.parcels, config.defaultPackage).length) {
        throw new ConnectorError('invalid_request', 'CDEK quote needs at least one parcel (or defaultPackage in the connector config)', { transient: false });
      }
      const to = await place(input.destination, input.signal);
      if (!to) return { rates: [], noService: `CDEK does not know the place ${input.destination.city}${input.destination.postcode ? ` (${input.destination.postcode})` : ''}` };
      const from = await origin(input.origin, input.signal);
      if (!from) throw new ConnectorError('config', `CDEK does not know the sender city ${input.origin.city}; set senderCityCode in the connector config or codes.cdek on the warehouse address`);
      const res = await client.call({ method: 'POST', path: '/v2/calculator/tarifflist', json: toRateRequest(input, from, to, config), signal: input.signal });
      // CDEK reports "no tariff to this place" as errors[] with HTTP 400 or 200; the parser tells them apart.
      const body = res.status === 400 && cdekErrors(safeJson(res)).length ? safeJson(res) : cdekJson(res, 'the tariff calculation');
      return parseRateResponse(body, {
        ...(config.tariffCodes ? { tariffCodes: config.tariffCodes } : {}),
        ...(input.deliveryTypes ? { deliveryTypes: input.deliveryTypes } : {}),
        ...('paymentLimit' in to && to.paymentLimit !== undefined ? { paymentLimit: to.paymentLimit } : {}),
      });
    },

    async book(req) {
      const [from, to] = await Promise.all([
        config.shipmentPoint ? null : origin(req.origin, req.signal),
        req.pickupPointCode ? null : place(req.destination, req.signal),
      ]);
      const res = await client.call({ method: 'POST', path: '/v2/orders', json: toOrderRequest(req, config, from ?? undefined, to ?? undefined), signal: req.signal });
      if (res.status === 400) {
        const errors = cdekErrors(safeJson(res));
        if (errors.some((e) => e.code === CDEK_DUPLICATE_NUMBER)) return existing(req.shipmentId, req.signal);
        if (errors.length) return { state: 'rejected', message: `CDEK rejected the order: ${describeErrors(errors)}` };
      }
      const created = parseOrderState(cdekJson(res, 'the order'));
      if (created.state === 'duplicate') return existing(req.shipmentId, req.signal);
      if (created.state !== 'waiting') return created;
      const uuid = created.courierId;
      if (!uuid) throw new ConnectorError('bad_response', 'CDEK accepted the order but returned no entity uuid');
      // Registration is asynchronous (ACCEPTED → SUCCESSFUL | INVALID, usually within a second).
      for (const ms of config.bookingPollDelaysMs) {
        try {
          await sleep(ms, undefined, { signal: req.signal });
          const state = parseOrderState(cdekJson(await client.call({ path: `/v2/orders/${encodeURIComponent(uuid)}`, signal: req.signal }), 'the order lookup'));
          if (state.state === 'duplicate') return existing(req.shipmentId, req.signal);
          if (state.state !== 'waiting') return state.courierId ? state : { ...state, courierId: uuid };
        } catch (err) {
          // The order is accepted: a failed status check (or the caller giving up) leaves it pending, not failed.
          deps.logger.warn({ connectorId: deps.connectorId, err: String(err) }, 'CDEK order status check failed; reporting the booking as pending');
          break;
        }
      }
      return { state: 'pending', courierId: uuid };
    },

    findBooking,

    async pickupPoints(signal) {
      const got = await downloadPickupPoints(config.pickupPointCountries, options.pickupPageSize ?? PICKUP_PAGE_SIZE, async (query) =>
        cdekJson(await client.call({ path: '/v2/deliverypoints', query, timeoutMs: PICKUP_PAGE_TIMEOUT_MS, signal }), 'the pickup point list'),
      );
      const log = { connectorId: deps.connectorId, countries: config.pickupPointCountries };
      if (got.malformed.length) deps.logger.warn({ ...log, malformed: got.malformed.length, examples: got.malformed.slice(0, 3) }, 'CDEK pickup points that could not be read were left out');
      if (got.excluded) deps.logger.debug({ ...log, excluded: got.excluded }, 'closed and reception-only CDEK offices left out');
      return got.points;
    },

    async track(refs, signal) {
      const out: Awaited<ReturnType<typeof parseTrackResponse>>[] = [];
      for (let i = 0; i < refs.length; i += TRACK_CONCURRENCY) {
        const batch = refs.slice(i, i + TRACK_CONCURRENCY).map(async (ref) => {
          const q = toTrackQuery(ref);
          const res = await client.call({ path: q.path, ...(q.query ? { query: q.query } : {}), signal });
          return notFound(res) ? [] : parseTrackResponse(cdekJson(res, 'the order lookup'), ref.shipmentId);
        });
        out.push(...(await Promise.all(batch)));
      }
      return out.flat();
    },

    async cancel(ref, signal) {
      const uuid = ref.courierId ?? (await findBooking(ref.shipmentId, signal))?.courierId;
      if (!uuid) return; // CDEK has no such order: nothing to cancel.
      const res = await client.call({ method: 'DELETE', path: `/v2/orders/${encodeURIComponent(uuid)}`, signal });
      if (notFound(res)) return;
      const errors = cdekErrors(cdekJson(res, 'the cancellation'));
      if (errors.length) throw new ConnectorError('invalid_request', `CDEK refused to cancel order ${uuid}: ${describeErrors(errors)}`, { transient: false });
    },

    async parseWebhook(req) {
      checkWebhookToken(req, config.webhookToken);
      return parseWebhookBody(req.body);
    },

    async subscribeWebhook(hookUrl, signal) {
      if (!config.webhookToken) throw new ConnectorError('config', 'set webhookToken in the CDEK connector config before subscribing to webhooks');
      const url = `${hookUrl}${hookUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(config.webhookToken)}`;
      const res = await client.call({ method: 'POST', path: '/v2/webhooks', json: { type: 'ORDER_STATUS', url }, signal });
      const body = cdekJson(res, 'the webhook subscription') as { entity?: { uuid?: string } };
      const errors = cdekErrors(body);
      if (errors.length) throw new ConnectorError('invalid_request', `CDEK refused the webhook subscription: ${describeErrors(errors)}`, { transient: false });
      if (!body.entity?.uuid) throw new ConnectorError('bad_response', 'CDEK accepted the webhook subscription but returned no uuid');
      return body.entity.uuid;
    },

    async test(signal) {
      try {
        await client.token(signal, true);
        return { ok: true, detail: 'CDEK accepted the client id and secret' };
      } catch (err) {
        if (isConnectorError(err)) return { ok: false, detail: err.message };
        throw err;
      }
    },
  };
}

export const cdek = defineCourier({
  type: 'cdek',
  title: 'CDEK (СДЭК) API v2',
  configSchema: CdekConfig,
  secretFields: ['clientSecret', 'webhookToken'],
  create: createCdekAdapter,
});
