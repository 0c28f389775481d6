import type { CourierQuoteInput, CourierRate } from '../../../core/connectors/contract.js';
import type { DeliveryType } from '../../../core/model/index.js';
import { ConnectorError } from '../../../core/errors.js';
import type { DpdAuth } from './client.js';
import type { DpdConfig } from './config.js';
import { ServiceCostResponse } from './api.js';
import { cityRequest, rub, totalKg, totalM3 } from './units.js';

/** DPD prices door delivery and terminal pickup separately (`selfDelivery`); one request per type. */
export function deliveryTypesToAsk(input: Pick<CourierQuoteInput, 'deliveryTypes'>): DeliveryType[] {
  const wanted = input.deliveryTypes ?? ['door', 'pickup_point'];
  return (['door', 'pickup_point'] as const).filter((t) => wanted.includes(t));
}

/** The `request` element of calculator2 `getServiceCost2`. */
export function toRateRequest(config: DpdConfig, auth: DpdAuth, input: CourierQuoteInput, type: DeliveryType) {
  return {
    request: {
      auth,
      pickup: cityRequest(input.origin, config.pickupCityId),
      delivery: cityRequest(input.destination),
      selfPickup: config.selfPickup,
      selfDelivery: type !== 'door',
      weight: totalKg(input.parcels),
      volume: totalM3(input.parcels),
      serviceCode: config.serviceCodes.length ? config.serviceCodes.join(',') : undefined,
      declaredValue: input.currency === 'RUB' && input.declaredValue > 0 ? rub(input.declaredValue) : undefined,
    },
  };
}

/** `getServiceCost2Response` → rates; costs are roubles with kopecks, days are DPD business days. */
export function parseRateResponse(result: unknown, type: DeliveryType): CourierRate[] {
  const parsed = ServiceCostResponse.safeParse(result);
  if (!parsed.success) throw new ConnectorError('bad_response', `DPD getServiceCost2 answered an unexpected shape: ${parsed.error.message}`);
  return parsed.data.return.map((r) => {
    const cost = Number(r.cost);
    const days = Number(r.days ?? NaN);
    if (!Number.isFinite(cost) || !Number.isInteger(days)) {
      throw new ConnectorError('bad_response', `DPD getServiceCost2 returned a non-numeric cost or days for ${r.serviceCode}: ${r.cost} / ${r.days}`);
    }
    return {
      carrier: 'DPD',
      service: r.serviceCode,
      serviceName: r.serviceName ?? r.serviceCode,
      deliveryType: type,
      price: { amount: Math.round(cost * 100), currency: 'RUB' },
      days: { min: days, max: days },
      dayKind: 'business',
      codAvailable: true,
    } satisfies CourierRate;
  });
}

/** DPD reports "no service on this route" as a fault; it is an expected outcome, not a failure. */
export function isNoServiceFault(code: string | undefined): boolean {
  return code === 'no-service-available' || code === 'no-data-found';
}
