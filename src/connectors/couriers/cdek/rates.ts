import type { CourierQuoteInput, CourierRate, QuoteOutcome } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import type { DeliveryType, Parcel } from '../../../core/model/index.js';
import { CdekTariffList, type CdekTariff } from './api.js';
import { describeErrors } from './client.js';
import type { CdekConfig } from './config.js';
import { toCalcLocation, type CdekPlace } from './location.js';
import { CDEK_DELIVERY_MODE, CDEK_NO_SERVICE_CODES } from './status.js';

export const CARRIER = 'CDEK';

/** CDEK wants whole grams and centimetres. */
export function toCdekPackages(parcels: Parcel[], fallback: CdekConfig['defaultPackage']) {
  const list = parcels.length ? parcels : fallback ? [fallback] : [];
  return list.map((p) => ({ weight: Math.max(1, Math.round(p.weight)), length: Math.ceil(p.length), width: Math.ceil(p.width), height: Math.ceil(p.height) }));
}

/** Body of `POST /v2/calculator/tarifflist`: type 1 = online-shop order, locations by CDEK city code or address. */
export function toRateRequest(input: Pick<CourierQuoteInput, 'parcels'>, from: CdekPlace, to: CdekPlace, config: CdekConfig) {
  return {
    type: 1,
    from_location: toCalcLocation(from),
    to_location: toCalcLocation(to),
    packages: toCdekPackages(input.parcels, config.defaultPackage),
  };
}

export interface RateFilter {
  tariffCodes?: number[];
  deliveryTypes?: DeliveryType[];
  /** Destination city's COD limit (roubles): 0 means CDEK takes no cash there. */
  paymentLimit?: number;
}

/** Maps the tariff list to rates; CDEK's "no tariff for this direction" errors become `noService`. */
export function parseRateResponse(body: unknown, filter: RateFilter): QuoteOutcome {
  const parsed = CdekTariffList.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `CDEK tariff list has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { tariff_codes: tariffs = [], errors = [] } = parsed.data;
  if (!tariffs.length && errors.length) {
    if (errors.some((e) => e.code && CDEK_NO_SERVICE_CODES.has(e.code))) return { rates: [], noService: `CDEK: ${describeErrors(errors)}` };
    throw new ConnectorError('invalid_request', `CDEK refused the tariff calculation: ${describeErrors(errors)}`, { transient: false });
  }
  const rates = tariffs
    .filter((t) => !filter.tariffCodes?.length || filter.tariffCodes.includes(t.tariff_code))
    .map((t) => toRate(t, filter.paymentLimit))
    .filter((r): r is CourierRate => !!r && (!filter.deliveryTypes?.length || filter.deliveryTypes.includes(r.deliveryType)));
  if (!rates.length) return { rates: [], noService: 'CDEK offers no tariff for these parcels to this place with the requested delivery types and tariff codes' };
  return { rates };
}

function toRate(t: CdekTariff, paymentLimit: number | undefined): CourierRate | undefined {
  const deliveryType = CDEK_DELIVERY_MODE[t.delivery_mode];
  if (!deliveryType) return undefined;
  // period_min/max are working days (spec: "в рабочих днях"); CDEK also sends calendar_min/max,
  // counted with its own holiday calendar, so those are preferred when present.
  const calendar = t.calendar_min !== undefined && t.calendar_max !== undefined;
  return {
    carrier: CARRIER,
    service: String(t.tariff_code),
    serviceName: t.tariff_name,
    deliveryType,
    // delivery_sum is in roubles and may be fractional.
    price: { amount: Math.round(t.delivery_sum * 100), currency: 'RUB' },
    days: calendar ? { min: t.calendar_min!, max: t.calendar_max! } : { min: t.period_min, max: t.period_max },
    dayKind: calendar ? 'calendar' : 'business',
    codAvailable: paymentLimit !== 0,
  };
}
