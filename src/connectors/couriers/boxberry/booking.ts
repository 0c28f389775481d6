import type { BookingRequest, BookingResult } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { BoxberryParcelCreated, BoxberryParcelInfo } from './api.js';
import type { BoxberryConfig } from './config.js';
import { toBoxSizes } from './rates.js';

const roubles = (kopecks: number) => (Math.round(kopecks) / 100).toFixed(2);

/** `weights` block: the first place as weight/x/y/z, the next ones as weight2/x2/y2/z2 and so on. */
export function toWeights(sizes: ReturnType<typeof toBoxSizes>) {
  const out: Record<string, string> = {};
  sizes.forEach((s, n) => {
    const k = n === 0 ? '' : String(n + 1);
    out[`weight${k}`] = String(s.Weight);
    out[`x${k}`] = String(s.Depth);
    out[`y${k}`] = String(s.Width);
    out[`z${k}`] = String(s.Height);
  });
  return out;
}

/** `sdata` of ParselCreate. `order_id` is the hub's shipment id, the idempotency key. */
export function toParcelRequest(req: BookingRequest, config: BoxberryConfig) {
  const vid = req.service === '2' ? 2 : req.service === '1' ? 1 : undefined;
  if (!vid) throw new ConnectorError('invalid_request', `Boxberry service must be "1" (pickup point) or "2" (courier), got "${req.service}"`, { transient: false });
  if (vid === 1 && !req.pickupPointCode) throw new ConnectorError('invalid_request', 'Boxberry delivery to a pickup point needs pickupPointCode', { transient: false });
  const sizes = toBoxSizes(req.parcels, config.defaultPackage);
  if (!sizes.length) throw new ConnectorError('invalid_request', 'Boxberry booking needs at least one parcel (or defaultPackage in the connector config)', { transient: false });
  const goods = req.items.reduce((s, i) => s + i.price * i.qty, 0);
  return {
    order_id: req.shipmentId,
    price: roubles(req.declaredValue),
    payment_sum: roubles(req.codAmount),
    // The part of the cash to collect that pays for delivery (0 for prepaid orders).
    delivery_sum: roubles(req.codAmount > 0 ? Math.max(0, req.codAmount - goods) : 0),
    vid: String(vid),
    shop: { name: vid === 1 ? req.pickupPointCode! : '', name1: config.senderPointCode ?? '' },
    customer: { fio: req.recipient.name, phone: req.recipient.phone, email: req.recipient.email ?? '' },
    ...(vid === 2
      ? { kurdost: { index: req.destination.postcode ?? '', citi: req.destination.city, addressp: req.destination.line ?? '', comentk: '' } }
      : {}),
    items: req.items.map((i) => ({ id: i.sku, name: i.name, UnitName: 'шт.', price: roubles(i.price), quantity: String(i.qty) })),
    weights: toWeights(sizes),
    notice: `Order ${req.orderId}`.slice(0, 100),
  };
}

export function parseCreateResponse(body: unknown): BookingResult {
  const parsed = BoxberryParcelCreated.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', 'Boxberry ParselCreate answered without a track number');
  return { state: 'booked', courierId: parsed.data.track, trackNumber: parsed.data.track };
}

/** ParcelInfo answer → the booking for this order id, or null. */
export function parseInfoResponse(body: unknown, shipmentId: string): BookingResult | null {
  const parsed = BoxberryParcelInfo.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Boxberry ParcelInfo answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const hit = parsed.data.find((p) => p.order_id === shipmentId && p.track_number);
  return hit ? { state: 'booked', courierId: hit.track_number!, trackNumber: hit.track_number! } : null;
}
