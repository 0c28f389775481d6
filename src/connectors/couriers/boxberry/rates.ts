import type { CourierQuoteInput, CourierRate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import type { Parcel } from '../../../core/model/index.js';
import { BoxberryCalculation } from './api.js';
import type { BoxberryConfig } from './config.js';
import { BOXBERRY_SERVICE } from './status.js';

export const CARRIER = 'Boxberry';
const roubles = (kopecks: number) => Math.round(kopecks) / 100;

/** Boxberry wants whole grams and centimetres per place. */
export function toBoxSizes(parcels: Parcel[], fallback: BoxberryConfig['defaultPackage']) {
  const list = parcels.length ? parcels : fallback ? [fallback] : [];
  return list.map((p) => ({ Weight: Math.max(1, Math.round(p.weight)), Width: Math.ceil(p.width), Height: Math.ceil(p.height), Depth: Math.ceil(p.length) }));
}

export interface RateTarget {
  /** Boxberry city code: prices delivery to that city's pickup points (and courier without a postcode). */
  cityId?: string;
  /** Postcode: prices courier delivery to that address. */
  zip?: string;
  deliveryType?: 1 | 2;
}

/**
 * Which DeliveryCalculation calls answer a quote. A postcode gives an exact courier price
 * (Boxberry then answers courier only), so pickup points are priced by city in a second call.
 */
export function planRateRequests(cityId: string | undefined, zip: string | undefined, wantPickup: boolean, wantDoor: boolean): RateTarget[] {
  const plan: RateTarget[] = [];
  if (wantDoor && zip) plan.push({ zip, deliveryType: 2 });
  if (cityId && wantPickup && wantDoor && !zip) plan.push({ cityId });
  else if (cityId && wantPickup) plan.push({ cityId, deliveryType: 1 });
  else if (cityId && wantDoor && !zip) plan.push({ cityId, deliveryType: 2 });
  return plan;
}

/** Parameters of `DeliveryCalculation`: sums in roubles, sizes in whole cm and grams. */
export function toRateRequest(input: Pick<CourierQuoteInput, 'parcels' | 'declaredValue'>, target: RateTarget, config: BoxberryConfig) {
  const start = config.targetStart ?? config.senderPointCode;
  return {
    ...(start ? { TargetStart: start } : {}),
    ...(target.cityId ? { RecipientCityId: target.cityId } : {}),
    ...(target.zip ? { Zip: target.zip } : {}),
    ...(target.deliveryType ? { DeliveryType: target.deliveryType } : {}),
    OrderSum: roubles(input.declaredValue),
    DeliverySum: 0,
    PaySum: 0,
    BoxSizes: toBoxSizes(input.parcels, config.defaultPackage),
  };
}

export function parseRateResponse(body: unknown): CourierRate[] {
  const parsed = BoxberryCalculation.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Boxberry DeliveryCalculation answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.result.DeliveryCosts.flatMap((c) => {
    const code = String(c.DeliveryTypeId) as keyof typeof BOXBERRY_SERVICE;
    const service = BOXBERRY_SERVICE[code];
    if (!service) return [];
    return [
      {
        carrier: CARRIER,
        service: code,
        serviceName: service.name,
        deliveryType: service.deliveryType,
        price: { amount: Math.round(c.TotalPrice * 100), currency: 'RUB' },
        // DeliveryPeriod is in calendar days ("срок доставки в календарных днях").
        days: { min: c.DeliveryPeriod, max: c.DeliveryPeriod },
        dayKind: 'calendar',
        codAvailable: true,
      } satisfies CourierRate,
    ];
  });
}
