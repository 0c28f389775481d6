import { z } from 'zod';

const num = z.union([z.number(), z.string()]).transform(Number);

/** tariff.pochta.ru v2 `calculate/tariff/delivery` (JSON). Prices in kopecks. */
export const TariffV2 = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    name: z.string().optional(),
    pay: num.optional(),
    paynds: num.optional(),
    delivery: z.object({ min: num, max: num }).passthrough().optional(),
    errors: z.array(z.union([z.string(), z.object({ msg: z.string() }).passthrough()])).optional(),
    error: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .passthrough();
export type TariffV2 = z.infer<typeof TariffV2>;

/** otpravka `POST /1.0/tariff`. Rates in kopecks, VAT separate. */
export const OtpravkaTariff = z
  .object({
    'total-rate': num,
    'total-vat': num.optional(),
    'delivery-time': z.object({ 'min-days': num.optional(), 'max-days': num }).passthrough().optional(),
  })
  .passthrough();

/** otpravka `PUT /1.0/user/backlog` answer. */
export const BacklogResult = z
  .object({
    'result-ids': z.array(z.union([z.number(), z.string()])).optional(),
    errors: z
      .array(
        z
          .object({
            'error-codes': z.array(z.object({ code: z.string(), description: z.string().optional(), details: z.string().optional() }).passthrough()).default([]),
            position: z.number().optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

/** An order as `/1.0/backlog/search` and `/1.0/shipment/search` list it. */
export const FoundOrder = z
  .object({ id: z.union([z.number(), z.string()]), 'order-num': z.string().optional(), barcode: z.string().optional() })
  .passthrough();
