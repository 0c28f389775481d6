import { z } from '@hono/zod-openapi';
import { Address, Currency, Money, Sku, Timestamp } from './common.js';

/** The status pipeline of DESIGN.md, in order. */
export const ORDER_STATUSES = [
  'new',
  'confirmed',
  'booking',
  'booked',
  'in_transit',
  'delivered',
  'cancelled',
  'returned',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES).openapi('OrderStatus');
export type OrderStatus = z.infer<typeof OrderStatus>;

/**
 * Legal moves. No skipping, no going back; `cancelled` before `in_transit`, `returned` after it.
 * Kept as data so the Lua transition script and the API share one table.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['confirmed', 'cancelled'],
  confirmed: ['booking', 'cancelled'],
  booking: ['booked', 'cancelled'],
  booked: ['in_transit', 'cancelled'],
  in_transit: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

export const PaymentMethod = z.enum(['prepaid', 'cod']);

export const Customer = z
  .object({
    name: z.string().min(1).max(300),
    /** E.164 where the source gives it; marketplaces (Ozon FBS, WB, Market FBS) hide the buyer's phone. */
    phone: z.string().min(3).max(40).optional(),
    email: z.string().email().optional(),
  })
  .openapi('Customer');

export const OrderLine = z
  .object({
    sku: Sku,
    name: z.string().min(1).max(500),
    qty: z.number().int().positive(),
    /** Unit price in minor units. */
    price: z.number().int().nonnegative(),
    /** The source platform's own product ids (Ozon sku, WB nmId, ...), kept beside the shop's SKU. */
    externalIds: z.record(z.string(), z.string()).optional(),
    /** Set when the SKU is not in the hub's catalog or stock: kept on the order, never dropped. */
    unknownSku: z.boolean().optional(),
  })
  .openapi('OrderLine');
export type OrderLine = z.infer<typeof OrderLine>;

export const StatusChange = z
  .object({
    status: OrderStatus,
    at: Timestamp,
    cause: z.string(),
  })
  .openapi('StatusChange');
export type StatusChange = z.infer<typeof StatusChange>;

/** What a source hands the hub; the hub adds id, status, totals and history. */
export const OrderInput = z
  .object({
    source: z.string().min(1).max(100).openapi({ description: 'Id of the order connector the order comes from', example: 'site' }),
    externalId: z.string().min(1).max(200).openapi({ example: 'A-1001' }),
    currency: Currency,
    customer: Customer,
    delivery: z.object({ address: Address }),
    lines: z.array(OrderLine).min(1, 'an order needs at least one line'),
    payment: z.object({ method: PaymentMethod }),
    /** Delivery charge billed to the customer, minor units. */
    deliveryPrice: z.number().int().nonnegative().optional(),
    comment: z.string().max(2000).optional(),
    /** Source-specific extras (marketplace status, platform ids); never interpreted by core. */
    sourceData: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('OrderInput');
export type OrderInput = z.infer<typeof OrderInput>;

export const Order = OrderInput.extend({
  id: z.string().openapi({ example: 'ord_01jf8z6x5k3q' }),
  status: OrderStatus,
  totals: z.object({ items: z.number().int(), delivery: z.number().int(), total: z.number().int() }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  history: z.array(StatusChange),
}).openapi('Order');
export type Order = z.infer<typeof Order>;

export function orderTotals(input: Pick<OrderInput, 'lines' | 'deliveryPrice'>) {
  const items = input.lines.reduce((sum, l) => sum + l.price * l.qty, 0);
  const delivery = input.deliveryPrice ?? 0;
  return { items, delivery, total: items + delivery };
}
