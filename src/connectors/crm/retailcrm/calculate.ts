import type { Address, Parcel, QuoteOption, QuoteRequest, QuoteResponse } from '../../../core/model/index.js';
import { CallbackError, type CalculatePayload, type CalculateResultItem, type CallbackAddress, type CallbackPackage } from './api.js';
import type { RetailCrmConfig } from './config.js';
import { mmToCm, toMajor, toMinor } from './units.js';

/** Tariff codes the hub hands retailCRM: `<courier connector id>:<service>`, parsed back on `save`. */
export function tariffCode(connectorId: string, service: string): string {
  return `${connectorId}:${service}`;
}

export function parseTariffCode(code: string): { connectorId: string; service: string } | undefined {
  const at = code.indexOf(':');
  if (at <= 0 || at === code.length - 1) return undefined;
  return { connectorId: code.slice(0, at), service: code.slice(at + 1) };
}

/**
 * A `calculate` callback as a hub quote: destination from the delivery address, parcels from the
 * packages (grams, millimetres → cm), declared value in kopecks.
 */
export function toQuoteRequest(payload: CalculatePayload, config: Pick<RetailCrmConfig, 'defaultParcel' | 'quoteTimeoutMs'>): QuoteRequest {
  const destination = toAddress(payload.deliveryAddress);
  if (!destination) throw new CallbackError(400, 'Укажите город доставки: retailCRM sent no deliveryAddress.city to calculate delivery for');
  const parcels = toParcels(payload.packages, config.defaultParcel);
  return {
    destination,
    parcels,
    declaredValue: payload.declaredValue === undefined ? undefined : toMinor(payload.declaredValue),
    currency: payload.currency?.toUpperCase() ?? 'RUB',
    timeoutMs: config.quoteTimeoutMs,
  };
}

export function toAddress(a: CallbackAddress | undefined): Address | undefined {
  const city = a?.city?.trim();
  if (!a || !city) return undefined;
  const street = [a.street, a.building, a.flat].filter(Boolean).join(', ');
  const line = a.text?.trim() || street || undefined;
  return strip({
    country: (a.countryIso || 'RU').toUpperCase(),
    region: a.region?.trim() || undefined,
    city,
    postcode: a.index?.trim() || undefined,
    line,
  });
}

export function toParcels(packages: CallbackPackage[], fallback: RetailCrmConfig['defaultParcel']): Parcel[] {
  if (!packages.length) return [{ ...fallback }];
  return packages.map((p) => ({
    weight: p.weight && p.weight > 0 ? Math.max(1, Math.round(p.weight)) : fallback.weight,
    length: p.length && p.length > 0 ? mmToCm(p.length) : fallback.length,
    width: p.width && p.width > 0 ? mmToCm(p.width) : fallback.width,
    height: p.height && p.height > 0 ? mmToCm(p.height) : fallback.height,
  }));
}

/** Hub quote options as `calculate` result items (cost in roubles, terms in days). */
export function toCalculateResult(options: QuoteOption[]): CalculateResultItem[] {
  return options.map((o) => ({
    code: tariffCode(o.connectorId, o.service),
    group: o.carrier,
    name: `${o.carrier}: ${o.serviceName}`,
    type: o.deliveryType === 'door' ? 'courier' : 'selfDelivery',
    description: `Доставка ${o.dates.from === o.dates.to ? o.dates.from : `${o.dates.from} – ${o.dates.to}`}, отгрузка ${o.dates.shipOn}`,
    cost: toMajor(o.price.amount),
    minTerm: o.days.min,
    maxTerm: o.days.max,
  }));
}

/**
 * The whole `calculate` answer body: the options, or — when every courier failed and none answered —
 * a failure naming them, so the manager sees why there is no tariff.
 */
export function calculateBody(res: QuoteResponse) {
  if (!res.options.length && res.errors.length) {
    return { success: false as const, errorMsg: `Нет тарифов: ${res.errors.map((e) => `${e.connectorId}: ${e.message}`).join('; ')}` };
  }
  return { success: true as const, result: toCalculateResult(res.options) };
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
