import type { CourierQuoteInput, CourierRate } from '../../../core/connectors/contract.js';
import type { Parcel } from '../../../core/model/index.js';
import { ConnectorError } from '../../../core/errors.js';
import { excerpt } from '../../../core/http/client.js';
import type { RussianPostConfig } from './config.js';
import { OtpravkaTariff, TariffV2 } from './api.js';
import { MAIL_TYPES, OBJECT_CODES } from './status.js';

const CARRIER = 'Russian Post';

/** Russian Post carries one item per shipment: total weight, the largest box's sides. */
export function combine(parcels: Parcel[]) {
  const mass = parcels.reduce((s, p) => s + p.weight, 0);
  const big = parcels.reduce((a, p) => (p.length * p.width * p.height > a.length * a.width * a.height ? p : a));
  return { mass, length: Math.ceil(big.length), width: Math.ceil(big.width), height: Math.ceil(big.height) };
}

/** Query of `GET /v2/calculate/tariff/delivery` (tariff.pochta.ru). */
export function toTariffV2Query(config: RussianPostConfig, input: CourierQuoteInput, from: string, to: string) {
  const declared = OBJECT_CODES[config.objectCode].declared && input.currency === 'RUB' && input.declaredValue > 0;
  return {
    json: 'json',
    object: config.objectCode,
    from,
    to,
    weight: combine(input.parcels).mass,
    sumoc: declared ? input.declaredValue : undefined,
  };
}

/** Reads a tariff calculator body: its own error list first, then the price with VAT and the day range. */
export function parseTariffV2(body: unknown, config: RussianPostConfig): CourierRate {
  const parsed = TariffV2.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Russian Post tariff calculator answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  const t = parsed.data;
  const errors = [...(t.errors ?? []).map((e) => (typeof e === 'string' ? e : e.msg)), ...[t.error ?? []].flat()];
  if (errors.length) {
    throw new ConnectorError('invalid_request', `Russian Post tariff calculator refused the request: ${errors.join('; ')}`, { transient: false });
  }
  const price = t.paynds ?? t.pay;
  if (price === undefined || !Number.isFinite(price) || !t.delivery) {
    throw new ConnectorError('bad_response', `Russian Post tariff calculator answered without a price or delivery term: ${excerpt(JSON.stringify(body))}`);
  }
  const obj = OBJECT_CODES[config.objectCode];
  return {
    carrier: CARRIER,
    service: config.objectCode,
    serviceName: t.name ?? obj.name,
    deliveryType: obj.deliveryType,
    price: { amount: Math.round(price), currency: 'RUB' },
    days: { min: t.delivery.min, max: t.delivery.max },
    dayKind: 'calendar',
    codAvailable: true,
  };
}

export function mailCategory(declaredValue: number, codAmount: number): string {
  if (codAmount > 0) return 'WITH_DECLARED_VALUE_AND_CASH_ON_DELIVERY';
  return declaredValue > 0 ? 'WITH_DECLARED_VALUE' : 'ORDINARY';
}

/** Body of otpravka `POST /1.0/tariff`. */
export function toOtpravkaTariffRequest(config: RussianPostConfig, input: CourierQuoteInput, from: string, to: string) {
  const { mass, ...dimension } = combine(input.parcels);
  const declared = input.currency === 'RUB' ? input.declaredValue : 0;
  return {
    'index-from': from,
    'index-to': to,
    'mail-category': mailCategory(declared, 0),
    'mail-type': config.mailType,
    mass,
    dimension,
    fragile: config.fragile,
    'declared-value': declared > 0 ? declared : undefined,
  };
}

/** total-rate + total-vat (kopecks) and the delivery-time range. */
export function parseOtpravkaTariff(body: unknown, config: RussianPostConfig): CourierRate {
  const parsed = OtpravkaTariff.safeParse(body);
  if (!parsed.success || !Number.isFinite(parsed.data['total-rate'])) {
    throw new ConnectorError('bad_response', `Russian Post /1.0/tariff answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  }
  const t = parsed.data;
  const max = t['delivery-time']?.['max-days'];
  const min = t['delivery-time']?.['min-days'] ?? max;
  if (max === undefined || min === undefined) {
    throw new ConnectorError('bad_response', 'Russian Post /1.0/tariff answered without delivery-time; cannot quote days');
  }
  const mt = MAIL_TYPES[config.mailType];
  return {
    carrier: CARRIER,
    service: config.mailType,
    serviceName: mt.name,
    deliveryType: mt.deliveryType,
    price: { amount: Math.round(t['total-rate'] + (t['total-vat'] ?? 0)), currency: 'RUB' },
    days: { min, max },
    dayKind: 'calendar',
    codAvailable: true,
  };
}
