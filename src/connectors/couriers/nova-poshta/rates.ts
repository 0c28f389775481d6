import type { CourierQuoteInput, CourierRate } from '../../../core/connectors/contract.js';
import type { DeliveryType, Parcel } from '../../../core/model/index.js';
import { ConnectorError } from '../../../core/errors.js';
import type { SERVICE_TYPES } from './config.js';
import { DocumentPrice } from './api.js';
import { daysUntil } from './time.js';

export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Declared value sent when the quote is not in UAH (Nova Poshta requires one). */
export const FALLBACK_DECLARED_UAH = 300;

export const SERVICE_NAMES: Record<ServiceType, string> = {
  WarehouseWarehouse: 'Відділення — відділення',
  WarehouseDoors: 'Відділення — адреса',
  DoorsWarehouse: 'Адреса — відділення',
  DoorsDoors: 'Адреса — адреса',
};

export function deliveryTypeOf(service: ServiceType): DeliveryType {
  return service.endsWith('Doors') ? 'door' : 'pickup_point';
}

/** Service types worth asking for, given the delivery types the caller wants. */
export function serviceTypesToAsk(configured: readonly ServiceType[], wanted?: DeliveryType[]): ServiceType[] {
  return wanted ? configured.filter((s) => wanted.includes(deliveryTypeOf(s))) : [...configured];
}

export function parcelsProps(parcels: Parcel[]) {
  return {
    Weight: String(Math.max(0.1, parcels.reduce((s, p) => s + p.weight, 0) / 1000)),
    SeatsAmount: String(parcels.length),
    OptionsSeat: parcels.map((p) => ({
      volumetricLength: String(p.length),
      volumetricWidth: String(p.width),
      volumetricHeight: String(p.height),
      weight: String(p.weight / 1000),
    })),
  };
}

export function declaredUah(amount: number, currency: string): string {
  return String(currency === 'UAH' ? Math.max(1, Math.round(amount / 100)) : FALLBACK_DECLARED_UAH);
}

/** methodProperties of `InternetDocument.getDocumentPrice`. */
export function toPriceRequest(input: CourierQuoteInput, citySender: string, cityRecipient: string, service: ServiceType) {
  return {
    CitySender: citySender,
    CityRecipient: cityRecipient,
    ServiceType: service,
    CargoType: 'Parcel',
    Cost: declaredUah(input.declaredValue, input.currency),
    ...parcelsProps(input.parcels),
  };
}

/** Price (UAH → kopiykas) and delivery date (`YYYY-MM-DD` → calendar days from now) into one rate. */
export function parseRate(priceData: unknown[], deliveryOn: string, service: ServiceType, now: Date): CourierRate {
  const price = DocumentPrice.safeParse(priceData[0]);
  const cost = price.success ? Number(price.data.Cost) : NaN;
  const days = daysUntil(now, deliveryOn);
  if (!Number.isFinite(cost)) {
    throw new ConnectorError('bad_response', `Nova Poshta answered getDocumentPrice for ${service} without a usable Cost: ${JSON.stringify(priceData[0])}`.slice(0, 400));
  }
  if (!Number.isFinite(days)) throw new ConnectorError('bad_response', `Nova Poshta gave ${service} a delivery date that is not a date: ${deliveryOn}`);
  return {
    carrier: 'Nova Poshta',
    service,
    serviceName: SERVICE_NAMES[service],
    deliveryType: deliveryTypeOf(service),
    price: { amount: Math.round(cost * 100), currency: 'UAH' },
    days: { min: days, max: days },
    dayKind: 'calendar',
    codAvailable: true,
  };
}
