import { z } from 'zod';

/** Wire types of the Boxberry json.php API. Lenient: numbers often arrive as strings. */

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);

export const BoxberryCity = z.looseObject({ Code: z.union([z.string(), z.number()]).transform(String), Name: z.string(), Region: z.string().optional() });
export const BoxberryCities = z.array(BoxberryCity);

export const BoxberryDeliveryCost = z.looseObject({
  TotalPrice: num,
  PriceBase: num.optional(),
  PriceService: num.optional(),
  /** 1 to a pickup point, 2 courier. */
  DeliveryTypeId: num,
  /** Calendar days. */
  DeliveryPeriod: num,
});
export type BoxberryDeliveryCost = z.infer<typeof BoxberryDeliveryCost>;

export const BoxberryCalculation = z.looseObject({
  error: z.literal(false).optional(),
  result: z.looseObject({ DeliveryCosts: z.array(BoxberryDeliveryCost) }),
});

export const BoxberryParcelCreated = z.looseObject({ track: z.string().min(1), label: z.string().optional() });

export const BoxberryParcelInfo = z.array(z.looseObject({ order_id: z.union([z.string(), z.number()]).transform(String), track_number: z.string().optional() }));

export const BoxberryStatuses = z.looseObject({
  statuses: z.array(z.looseObject({ Date: z.string(), Name: z.string(), Comment: z.string().nullish() })),
});
