import { z } from 'zod';

/** Every answer of api.novaposhta.ua, HTTP 200 whatever happened. */
export const Envelope = z
  .object({
    success: z.boolean(),
    data: z.array(z.unknown()).default([]),
    errors: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
    errorCodes: z.array(z.string()).optional(),
    warnings: z.unknown().optional(),
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
