import { z } from '@hono/zod-openapi';
import { Address, IsoDate, Money, Sku } from './common.js';

export const Parcel = z
  .object({
    /** Grams. */
    weight: z.number().int().positive(),
    /** Centimetres. */
    length: z.number().positive(),
    width: z.number().positive(),
    height: z.number().positive(),
  })
  .openapi('Parcel');
export type Parcel = z.infer<typeof Parcel>;

export const DELIVERY_TYPES = ['door', 'pickup_point', 'postamat'] as const;
export const DeliveryType = z.enum(DELIVERY_TYPES);
export type DeliveryType = z.infer<typeof DeliveryType>;

export const QuoteRequest = z
  .object({
    destination: Address,
    parcels: z.array(Parcel).min(1).max(50).optional(),
    items: z.array(z.object({ sku: Sku, qty: z.number().int().positive() })).min(1).max(200).optional(),
    /** Ask only these courier connectors; default: every enabled one. */
    connectorIds: z.array(z.string()).optional(),
    /** Warehouse to ship from when parcels are given; default: the first warehouse. */
    warehouseId: z.string().optional(),
    /** Declared value and COD amount base, minor units. */
    declaredValue: z.number().int().nonnegative().optional(),
    currency: z.string().optional(),
    /** Request deadline; the answer carries what arrived by then. */
    timeoutMs: z.number().int().min(100).max(30_000).default(3000),
    deliveryTypes: z.array(DeliveryType).optional(),
    sort: z.enum(['price', 'time']).optional(),
  })
  .refine((r) => (r.parcels ? !r.items : !!r.items), {
    message: 'give either parcels or items, not both',
    path: ['parcels'],
  })
  .openapi('QuoteRequest');
export type QuoteRequest = z.infer<typeof QuoteRequest>;

export const DayRange = z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() });
export type DayRange = z.infer<typeof DayRange>;

export const QuoteOption = z
  .object({
    connectorId: z.string(),
    carrier: z.string(),
    service: z.string(),
    serviceName: z.string(),
    deliveryType: DeliveryType,
    price: Money,
    days: DayRange,
    dates: z.object({ shipOn: IsoDate, from: IsoDate, to: IsoDate }),
    codAvailable: z.boolean(),
    warehouseId: z.string(),
  })
  .openapi('QuoteOption');
export type QuoteOption = z.infer<typeof QuoteOption>;

export const QuoteError = z
  .object({ connectorId: z.string(), code: z.string(), message: z.string() })
  .openapi('QuoteError');
export type QuoteError = z.infer<typeof QuoteError>;

export const QuoteResponse = z
  .object({
    options: z.array(QuoteOption),
    errors: z.array(QuoteError),
    /** Present for stock-aware quotes: which warehouse ships which SKUs. */
    shipFrom: z.array(z.object({ warehouseId: z.string(), items: z.array(z.object({ sku: z.string(), qty: z.number().int() })) })).optional(),
  })
  .openapi('QuoteResponse');
export type QuoteResponse = z.infer<typeof QuoteResponse>;
