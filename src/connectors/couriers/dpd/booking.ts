import type { BookingRequest, BookingResult, ShipmentRef } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import type { DpdAuth } from './client.js';
import type { DpdConfig } from './config.js';
import { OrderStatusResponse, type OrderStatus } from './api.js';
import { DPD_ORDER_STATES } from './status.js';
import { moscowDate, rub, totalKg, totalM3 } from './units.js';

/** `orders` element of order2 `createOrder`; orderNumberInternal is the hub's shipment id. */
export function toCreateOrderRequest(config: DpdConfig, auth: DpdAuth, req: BookingRequest, now: Date) {
  const toTerminal = Boolean(req.pickupPointCode);
  // Variant letters: first = pickup (Д door / Т terminal), second = delivery.
  const serviceVariant = `${config.selfPickup ? 'Т' : 'Д'}${toTerminal ? 'Т' : 'Д'}`;
  const sender = req.sender ?? { name: config.senderName, phone: '' };
  return {
    orders: {
      auth,
      header: {
        datePickup: moscowDate(now, config.pickupDaysAhead),
        senderAddress: {
          name: config.senderName,
          countryName: countryName(req.origin.country),
          index: req.origin.postcode,
          region: req.origin.region,
          city: req.origin.city,
          street: req.origin.line,
          contactFio: sender.name,
          contactPhone: sender.phone,
        },
        pickupTimePeriod: config.pickupTimePeriod,
      },
      order: {
        orderNumberInternal: req.shipmentId,
        serviceCode: req.service,
        serviceVariant,
        cargoNumPack: req.parcels.length,
        cargoWeight: totalKg(req.parcels),
        cargoVolume: totalM3(req.parcels),
        cargoRegistered: false,
        cargoValue: req.declaredValue > 0 ? rub(req.declaredValue) : undefined,
        cargoCategory: config.cargoCategory,
        receiverAddress: {
          name: req.recipient.name,
          terminalCode: req.pickupPointCode,
          countryName: countryName(req.destination.country),
          index: req.destination.postcode,
          region: req.destination.region,
          city: req.destination.city,
          street: toTerminal ? undefined : req.destination.line,
          contactFio: req.recipient.name,
          contactPhone: req.recipient.phone,
          contactEmail: req.recipient.email,
        },
        extraService:
          req.codAmount > 0 ? { esCode: 'НПП', param: { name: 'sum_npp', value: rub(req.codAmount).toFixed(2) } } : undefined,
        parcel: req.parcels.map((p, i) => ({
          number: `${req.shipmentId}-${i + 1}`,
          weight: p.weight / 1000,
          length: p.length,
          width: p.width,
          height: p.height,
        })),
      },
    },
  };
}

/** `orderStatus` element of order2 `getOrderStatus`, looking the order up by our shipment id. */
export function toOrderStatusRequest(auth: DpdAuth, shipmentId: string) {
  return { orderStatus: { auth, order: { orderNumberInternal: shipmentId } } };
}

/** `orders` element of order2 `cancelOrder`. */
export function toCancelRequest(auth: DpdAuth, ref: ShipmentRef) {
  return { orders: { auth, cancel: { orderNumberInternal: ref.shipmentId, orderNum: ref.courierId } } };
}

/** createOrder / getOrderStatus answer → booking result (one order per request). */
export function parseOrderStatus(result: unknown, operation: string): BookingResult {
  const st = firstStatus(result, operation);
  const state = DPD_ORDER_STATES[st.status as keyof typeof DPD_ORDER_STATES];
  if (!state) throw new ConnectorError('bad_response', `DPD ${operation} returned an unknown order status '${st.status}'`);
  if (state === 'rejected') {
    return { state, message: `DPD ${st.status}: ${st.errorMessage ?? 'no reason given'}` };
  }
  const orderNum = st.orderNum || undefined;
  // OrderDuplicate without a DPD number cannot be told from a pending one: poll again.
  if (state === 'booked' && !orderNum) return { state: 'pending' };
  return { state, courierId: orderNum, trackNumber: orderNum };
}

/** getOrderStatus for an order DPD never saw answers OrderError "not found": no booking. */
export function parseFindResponse(result: unknown): BookingResult | null {
  const st = firstStatus(result, 'getOrderStatus');
  if (st.status === 'OrderError' && /не найден|not found/i.test(st.errorMessage ?? '')) return null;
  if (st.status === 'NotFound') return null;
  return parseOrderStatus(result, 'getOrderStatus');
}

/** cancelOrder: Canceled / CanceledPreviously are success; anything else is refused. */
export function parseCancelResponse(result: unknown): void {
  const st = firstStatus(result, 'cancelOrder');
  if (st.status === 'Canceled' || st.status === 'CanceledPreviously') return;
  throw new ConnectorError('invalid_request', `DPD refused to cancel the order (${st.status}): ${st.errorMessage ?? 'no reason given'}`, {
    transient: false,
  });
}

function firstStatus(result: unknown, operation: string): OrderStatus {
  const parsed = OrderStatusResponse.safeParse(result);
  if (!parsed.success) throw new ConnectorError('bad_response', `DPD ${operation} answered an unexpected shape: ${parsed.error.message}`);
  return parsed.data.return[0]!;
}

function countryName(code: string): string {
  return ({ RU: 'Россия', BY: 'Беларусь', KZ: 'Казахстан', AM: 'Армения', KG: 'Киргизия' } as Record<string, string>)[code] ?? code;
}
