import type { Parcel } from '../../../core/model/index.js';
import { CallbackError, type DeletePayload, type GetResult, type SavePayload, type SaveResult } from './api.js';
import { parseTariffCode, tariffCode, toParcels } from './calculate.js';
import type { RetailCrmConfig } from './config.js';
import { deliveryStatusCode } from './status.js';
import { toMajor, toMinor } from './units.js';

/** What a `save` callback asks the hub to book, before the retailCRM order is resolved to the hub's. */
export interface SaveRequest {
  /** retailCRM's own order id (`save.order`); resolve it to the order's externalId. */
  crmOrderId: string;
  orderNumber?: string;
  connectorId: string;
  service: string;
  pickupPointCode?: string;
  parcels?: Parcel[];
  /** The hub shipment id when retailCRM edits a delivery the hub already created (`save.deliveryId`). */
  shipmentId?: string;
  /** Cash to collect on delivery, kopecks; absent when retailCRM did not ask for COD. */
  codAmount?: number;
  /** `receiver` or `sender`, as retailCRM sends it. */
  payerType?: string;
}

/** A booking for the hub's booking queue: `orderExternalId` is the hub order id pushed as externalId. */
export interface BookingIntent extends Omit<SaveRequest, 'crmOrderId' | 'orderNumber'> {
  orderExternalId: string;
}

/** The `save` payload as a booking request; the tariff must be one the hub offered in `calculate`. */
export function toSaveRequest(payload: SavePayload, config: Pick<RetailCrmConfig, 'defaultParcel'>): SaveRequest {
  const tariff = payload.delivery.tariff;
  const parsed = tariff ? parseTariffCode(tariff) : undefined;
  if (!parsed) {
    throw new CallbackError(400, `Выберите тариф из расчёта доставки: tariff '${tariff ?? ''}' is not one the hub offered (expected <connector>:<service>)`);
  }
  const d = payload.delivery;
  const terminal = d.deliveryAddress?.terminal;
  return strip({
    crmOrderId: payload.order,
    orderNumber: payload.orderNumber,
    connectorId: parsed.connectorId,
    service: parsed.service,
    pickupPointCode: terminal ? String(terminal) : undefined,
    parcels: payload.packages.length ? toParcels(payload.packages, config.defaultParcel) : undefined,
    shipmentId: payload.deliveryId || undefined,
    codAmount: d.withCod && d.cod !== undefined ? toMinor(d.cod) : undefined,
    payerType: d.payerType,
  });
}

export function toBookingIntent(req: SaveRequest, orderExternalId: string): BookingIntent {
  const { crmOrderId: _id, orderNumber: _n, ...rest } = req;
  return { ...rest, orderExternalId };
}

/** `save` result: `deliveryId` is the hub shipment id (retailCRM sends it back on get/delete). */
export function toSaveResult(r: { shipmentId: string; trackNumber?: string; cost?: number; status?: string }): SaveResult {
  return strip({
    deliveryId: r.shipmentId,
    trackNumber: r.trackNumber,
    cost: r.cost === undefined ? undefined : toMajor(r.cost),
    status: r.status ? deliveryStatusCode(r.status) : undefined,
  });
}

/** `get` is a GET with `clientId` and `deliveryId` in the query string. */
export function toShipmentRef(query: Record<string, string>): { shipmentId: string } {
  const id = query.deliveryId?.trim();
  if (!id) throw new CallbackError(400, 'deliveryId is required');
  return { shipmentId: id };
}

/** What the hub knows of a shipment, for `get`. Cost in kopecks; `status` is a hub shipment/track status. */
export interface ShipmentInfo {
  shipmentId: string;
  status: string;
  updatedAt?: string;
  trackNumber?: string;
  cost?: number;
  connectorId?: string;
  service?: string;
  serviceName?: string;
  message?: string;
}

export function toGetResult(s: ShipmentInfo): GetResult {
  return strip({
    trackNumber: s.trackNumber,
    cost: s.cost === undefined ? undefined : toMajor(s.cost),
    tariff: s.connectorId && s.service ? tariffCode(s.connectorId, s.service) : undefined,
    tariffName: s.serviceName,
    status: strip({ code: deliveryStatusCode(s.status), updatedAt: s.updatedAt ? crmTimestamp(s.updatedAt) : undefined, comment: s.message }),
  });
}

/** `delete` asks to cancel the shipment retailCRM knows as `deliveryId`. */
export function toCancelRequest(payload: DeletePayload): { shipmentId: string } {
  return { shipmentId: payload.deliveryId };
}

/** retailCRM reads `Y-m-d\TH:i:sP`: no milliseconds, an explicit offset. */
export function crmTimestamp(iso: string): string {
  return iso.replace(/\.\d+(?=Z|[+-]\d{2}:?\d{2}$)/, '').replace(/Z$/, '+00:00');
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
