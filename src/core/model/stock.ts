import { z } from '@hono/zod-openapi';
import { Address, Sku } from './common.js';

export const Warehouse = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" and "." only'),
    name: z.string().min(1),
    address: Address,
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow').openapi({ example: 'Europe/Moscow' }),
    /** Business days between confirmation and handing the parcel to a courier. */
    handlingDays: z.number().int().min(0).max(60),
    /** Orders confirmed after this local time ship a day later. */
    cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').openapi({ example: '15:00' }),
  })
  .openapi('Warehouse');
export type Warehouse = z.infer<typeof Warehouse>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const StockLevel = z
  .object({
    warehouseId: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  })
  .openapi('StockLevel');
export type StockLevel = z.infer<typeof StockLevel>;

export const StockView = z
  .object({
    sku: Sku,
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    warehouses: z.array(StockLevel),
  })
  .openapi('StockView');
export type StockView = z.infer<typeof StockView>;

/** A product of the shop's catalog, keyed by the shop's SKU; sources' own ids kept beside it. */
export const CatalogItem = z
  .object({
    sku: Sku,
    name: z.string(),
    groupId: z.string().optional(),
    groupPath: z.array(z.string()).optional(),
    /** Grams. */
    weight: z.number().int().nonnegative().optional(),
    /** Centimetres. */
    length: z.number().nonnegative().optional(),
    width: z.number().nonnegative().optional(),
    height: z.number().nonnegative().optional(),
    /** Selling price, minor units. */
    price: z.number().int().nonnegative().optional(),
    currency: z.string().optional(),
    barcode: z.string().optional(),
    externalIds: z.record(z.string(), z.string()).optional(),
    properties: z.record(z.string(), z.string()).optional(),
  })
  .openapi('CatalogItem');
export type CatalogItem = z.infer<typeof CatalogItem>;

/** One line of an allocation: which warehouse gives how many of a SKU. */
export const Allocation = z
  .object({ sku: Sku, warehouseId: z.string(), qty: z.number().int().positive() })
  .openapi('Allocation');
export type Allocation = z.infer<typeof Allocation>;

export const Shortage = z
  .object({ sku: Sku, requested: z.number().int(), available: z.number().int() })
  .openapi('Shortage');
export type Shortage = z.infer<typeof Shortage>;
