import { z } from 'zod';

/** Every answer of api.novaposhta.ua, HTTP 200 whatever happened. */
export const Envelope = z
  .object({
    success: z.boolean(),
    data: z.array(z.unknown()).default([]),
    errors: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
    errorCodes: z.array(z.string()).optional(),
    warnings: z.unknown().optional(),
    info: z.unknown().optional(),
  })
  .passthrough();
export type Envelope = z.infer<typeof Envelope>;

const num = z.union([z.string(), z.number()]);

export const DocumentPrice = z.object({ Cost: num, AssessedCost: num.optional(), CostRedelivery: num.optional() }).passthrough();

export const DeliveryDate = z
  .object({ DeliveryDate: z.object({ date: z.string(), timezone: z.string().optional() }).passthrough() })
  .passthrough();

export const SettlementAddress = z
  .object({ Present: z.string().optional(), MainDescription: z.string(), Area: z.string().optional(), DeliveryCity: z.string(), Warehouses: num.optional() })
  .passthrough();
export const SearchSettlements = z.object({ TotalCount: num.optional(), Addresses: z.array(SettlementAddress).default([]) }).passthrough();

export const SavedDocument = z.object({ Ref: z.string(), IntDocNumber: z.string(), CostOnSite: num.optional() }).passthrough();

export const ListedDocument = z
  .object({ Ref: z.string(), IntDocNumber: z.string(), InfoRegClientBarcodes: z.string().optional(), ClientBarcode: z.string().optional() })
  .passthrough();

export const StatusDocument = z
  .object({
    Number: z.string(),
    StatusCode: num,
    Status: z.string().optional(),
    TrackingUpdateDate: z.string().optional(),
    ClientBarcode: z.string().optional(),
  })
  .passthrough();

/** `info` of a paged list; Nova Poshta sends `[]` instead when it has nothing to say. */
export const ListInfo = z.object({ totalCount: z.coerce.number().int().nonnegative() }).passthrough();

/** Text that may come as a number; blank or of another type counts as absent. */
const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim() || undefined)
  .optional()
  .catch(undefined);

/**
 * One `Address.getWarehouses` row. Lenient on purpose: a row with a bad or missing field still
 * maps, and the hub's schema check (refreshPickupPoints) rejects and counts it, instead of one bad
 * row failing the whole list. Flags are "1"/"0" strings.
 */
export const Warehouse = z
  .object({
    Ref: text,
    /** Branch or locker number within its city: what `InternetDocument.save` takes as RecipientAddressName. */
    Number: text,
    Description: text,
    DescriptionRu: text,
    ShortAddress: text,
    CityDescription: text,
    SettlementAreaDescription: text,
    PostalCodeUA: text,
    Latitude: text,
    Longitude: text,
    /** "Branch", "Postomat", "Store" (partner point) … */
    CategoryOfWarehouse: text,
    /** "Working" when open. */
    WarehouseStatus: text,
    /** "1": no waybill may be made out to or from it. */
    DenyToSelect: text,
    /** "1": the recipient can pay at the point (cash on delivery). */
    PaymentAccess: text,
    /** Opening hours per day, `{Monday: "08:00-20:00", …}`; "-" on a day off. */
    Schedule: z.record(z.string(), z.string()).optional().catch(undefined),
  })
  .passthrough()
  .catch({});
export type Warehouse = z.infer<typeof Warehouse>;
