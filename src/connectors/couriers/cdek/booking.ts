import type { BookingRequest, BookingResult } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { CdekOrderResponse } from './api.js';
import { cdekErrors, describeErrors } from './client.js';
import type { CdekConfig } from './config.js';
import { isCity, type CdekPlace } from './location.js';
import { toCdekPackages } from './rates.js';
import { CDEK_DUPLICATE_NUMBER } from './status.js';

const roubles = (kopecks: number) => Math.round(kopecks) / 100;

/**
 * Splits the cash to collect over the items (CDEK collects `payment.value` per unit) and puts what
 * is left (the delivery charge) into `delivery_recipient_cost`, so the total is exactly `codAmount`.
 */
export function splitCod(items: BookingRequest['items'], codAmount: number): { unit: number[]; delivery: number } {
  if (codAmount <= 0) return { unit: items.map(() => 0), delivery: 0 };
  const goods = items.reduce((s, i) => s + i.price * i.qty, 0);
  const ratio = goods > codAmount ? codAmount / goods : 1;
  const unit = items.map((i) => Math.floor(i.price * ratio));
  const collected = items.reduce((s, i, n) => s + unit[n]! * i.qty, 0);
  return { unit, delivery: codAmount - collected };
}

/** Body of `POST /v2/orders`. `number` is the hub's shipment id: CDEK keeps it unique per contract. */
export function toOrderRequest(req: BookingRequest, config: CdekConfig, from: CdekPlace | undefined, to: CdekPlace | undefined) {
  const packages = toCdekPackages(req.parcels, config.defaultPackage);
  if (!packages.length) throw new ConnectorError('invalid_request', 'CDEK booking needs at least one parcel (or defaultPackage in the connector config)', { transient: false });
  const totalQty = req.items.reduce((s, i) => s + i.qty, 0) || 1;
  const unitWeight = Math.max(1, Math.floor(packages.reduce((s, p) => s + p.weight, 0) / totalQty));
  const cod = splitCod(req.items, req.codAmount);
  const items = req.items.map((i, n) => ({
    name: i.name,
    ware_key: i.sku,
    payment: { value: roubles(cod.unit[n]!) },
    cost: roubles(i.price),
    weight: unitWeight,
    amount: i.qty,
  }));
  const phone = (p: string) => [{ number: p }];
  return {
    type: 1,
    number: req.shipmentId,
    tariff_code: Number(req.service),
    comment: `Order ${req.orderId}`,
    ...(req.sender ? { sender: { name: req.sender.name, phones: phone(req.sender.phone), ...(req.sender.email ? { email: req.sender.email } : {}) } } : {}),
    recipient: { name: req.recipient.name, phones: phone(req.recipient.phone), ...(req.recipient.email ? { email: req.recipient.email } : {}) },
    ...(config.shipmentPoint
      ? { shipment_point: config.shipmentPoint }
      : { from_location: { ...(from && isCity(from) ? { code: from.code } : {}), country_code: req.origin.country, city: req.origin.city, ...(req.origin.postcode ? { postal_code: req.origin.postcode } : {}), address: req.origin.line ?? req.origin.city } }),
    ...(req.pickupPointCode
      ? { delivery_point: req.pickupPointCode }
      : { to_location: { ...(to && isCity(to) ? { code: to.code } : {}), country_code: req.destination.country, city: req.destination.city, ...(req.destination.postcode ? { postal_code: req.destination.postcode } : {}), address: req.destination.line ?? req.destination.city } }),
    ...(cod.delivery > 0 ? { delivery_recipient_cost: { value: roubles(cod.delivery) } } : {}),
    // Only the first package carries the goods: CDEK does not tie items to packages for pricing.
    packages: packages.map((p, n) => ({ number: `${req.shipmentId}-${n + 1}`, ...p, ...(n === 0 ? { items } : {}) })),
  };
}

/** Where a create request stands: a final result, or `waiting` while CDEK still processes it. */
export type OrderState = BookingResult | { state: 'waiting'; courierId?: string } | { state: 'duplicate' };

/** Reads `GET /v2/orders/{uuid}` (or the 202 of `POST /v2/orders`). */
export function parseOrderState(body: unknown): OrderState {
  const parsed = CdekOrderResponse.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `CDEK order answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { entity, requests = [] } = parsed.data;
  const request = requests.find((r) => r.type === 'CREATE') ?? requests[0];
  const courierId = entity?.uuid;
  const cdekNumber = entity?.cdek_number === undefined ? undefined : String(entity.cdek_number);
  switch (request?.state) {
    case 'SUCCESSFUL':
      return { state: 'booked', ...(courierId ? { courierId } : {}), ...(cdekNumber ? { trackNumber: cdekNumber } : {}) };
    case 'INVALID': {
      const errors = cdekErrors(parsed.data);
      if (errors.some((e) => e.code === CDEK_DUPLICATE_NUMBER)) return { state: 'duplicate' };
      return { state: 'rejected', ...(courierId ? { courierId } : {}), message: `CDEK rejected the order: ${describeErrors(errors) || 'no reason given'}` };
    }
    default:
      // ACCEPTED or WAITING (or no request record yet): CDEK has not finished.
      if (!courierId && !request) throw new ConnectorError('bad_response', 'CDEK order answer has neither an entity nor a request state');
      return { state: 'waiting', ...(courierId ? { courierId } : {}) };
  }
}
