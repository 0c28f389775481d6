import type { InboundRequest } from '../../../core/connectors/contract.js';
import type { Logger } from '../../../core/logger.js';
import type { QuoteRequest, QuoteResponse } from '../../../core/model/index.js';
import { CalculatePayload, DeletePayload, SavePayload } from './api.js';
import { calculateBody, toQuoteRequest } from './calculate.js';
import { callbackFields, errorReply, failReply, okReply, parseField, unauthorizedReply, type CallbackReply, type DeliveryAction } from './callbacks.js';
import type { RetailCrmConfig } from './config.js';
import { toBookingIntent, toCancelRequest, toGetResult, toSaveRequest, toSaveResult, toShipmentRef, type BookingIntent, type ShipmentInfo } from './delivery.js';

/** What the hub lends the connector to answer delivery callbacks (the lead wires these to core). */
export interface DeliveryHub {
  /** Runs the quote engine. */
  quote(req: QuoteRequest, signal?: AbortSignal): Promise<QuoteResponse>;
  /** Enqueues (or finds) the booking; answers the hub shipment id at once, track number when known. */
  book(intent: BookingIntent, signal?: AbortSignal): Promise<{ shipmentId: string; trackNumber?: string; cost?: number; status?: string }>;
  /** What the hub knows of a shipment, or null. */
  shipment(shipmentId: string, signal?: AbortSignal): Promise<ShipmentInfo | null>;
  /** Cancels the shipment; throws a ProblemError (e.g. 409) when it no longer can. */
  cancel(shipmentId: string, signal?: AbortSignal): Promise<void>;
}

export interface CallbackContext {
  config: RetailCrmConfig;
  hub: DeliveryHub;
  authorized: boolean;
  /** retailCRM order id → the order's externalId (the hub order id). */
  resolveOrder(crmOrderId: string, site: string | undefined): Promise<string>;
  log: Logger;
  signal?: AbortSignal;
}

/** Serves one callback; never throws: every failure becomes `{success: false, errorMsg}`. */
export async function handleDeliveryCallback(action: DeliveryAction, req: InboundRequest, ctx: CallbackContext): Promise<CallbackReply> {
  if (!ctx.authorized) {
    ctx.log.warn({ action }, 'retailCRM callback with an unknown clientId refused');
    return unauthorizedReply();
  }
  try {
    const fields = callbackFields(req);
    switch (action) {
      case 'calculate': {
        const payload = parseField(fields, 'calculate', CalculatePayload);
        const res = await ctx.hub.quote(toQuoteRequest(payload, ctx.config), ctx.signal);
        const body = calculateBody(res);
        return body.success ? okReply(body.result) : failReply(400, body.errorMsg);
      }
      case 'save': {
        const payload = parseField(fields, 'save', SavePayload);
        const save = toSaveRequest(payload, ctx.config);
        const orderExternalId = await ctx.resolveOrder(save.crmOrderId, payload.site);
        const booked = await ctx.hub.book(toBookingIntent(save, orderExternalId), ctx.signal);
        return okReply(toSaveResult(booked));
      }
      case 'get': {
        const { shipmentId } = toShipmentRef(fields);
        const info = await ctx.hub.shipment(shipmentId, ctx.signal);
        return info ? okReply(toGetResult(info)) : failReply(404, `Delivery '${shipmentId}' not found`);
      }
      case 'delete': {
        const { shipmentId } = toCancelRequest(parseField(fields, 'delete', DeletePayload));
        await ctx.hub.cancel(shipmentId, ctx.signal);
        return okReply();
      }
    }
  } catch (err) {
    const reply = errorReply(err);
    if (reply.status >= 500) ctx.log.error({ action, err: String(err) }, 'retailCRM delivery callback failed');
    return reply;
  }
}
