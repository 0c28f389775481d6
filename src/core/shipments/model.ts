import { z } from '@hono/zod-openapi';
import { Parcel } from '../model/index.js';

export const SHIPMENT_STATES = ['queued', 'pending', 'booked', 'in_transit', 'delivered', 'returned', 'failed', 'cancelled'] as const;
export const ShipmentState = z.enum(SHIPMENT_STATES);
export type ShipmentState = z.infer<typeof ShipmentState>;

export const ShipmentRequest = z
  .object({
    connectorId: z.string().min(1),
    service: z.string().min(1).openapi({ description: "The courier's tariff code, as a quote option's `service`" }),
    pickupPointCode: z.string().optional(),
    parcels: z.array(Parcel).min(1).max(50).optional().openapi({ description: 'Default: one parcel built from catalog weights' }),
  })
  .openapi('ShipmentRequest');
export type ShipmentRequest = z.infer<typeof ShipmentRequest>;

export const Shipment = ShipmentRequest.extend({
  id: z.string().openapi({ description: 'Also the idempotency key sent to the courier as the client order number' }),
  orderId: z.string(),
  state: ShipmentState,
  attempts: z.number().int(),
  lastError: z.string().optional(),
  courierId: z.string().optional(),
  trackNumber: z.string().optional(),
  courierStatus: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(z.object({ state: ShipmentState, at: z.string(), cause: z.string() })),
}).openapi('Shipment');
export type Shipment = z.infer<typeof Shipment>;

export const ACTIVE_STATES: readonly ShipmentState[] = ['booked', 'in_transit'];
