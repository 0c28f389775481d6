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

/** Text that Boxberry may send as a number; blank or of another type counts as absent. */
const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim() || undefined)
  .optional()
  .catch(undefined);

/**
 * One `ListPoints` entry. Every field is lenient on purpose: a point with a bad or missing field
 * still maps, and the hub's schema check (refreshPickupPoints) rejects and counts it, instead of
 * one bad point failing the whole list. `Postamat` is in newer answers only.
 */
export const BoxberryPoint = z
  .looseObject({
    Code: text,
    Name: text,
    Address: text,
    AddressReduce: text,
    CityName: text,
    Settlement: text,
    Area: text,
    CountryCode: text,
    WorkShedule: text,
    /** "lat,lon". */
    GPS: text,
    /** "Yes": hands out prepaid parcels only, so no cash on delivery. */
    OnlyPrepaidOrders: text,
    Postamat: z
      .union([z.boolean(), z.string(), z.number()])
      .transform((v) => v === true || v === 1 || /^(1|yes|true)$/i.test(String(v)))
      .optional()
      .catch(undefined),
  })
  .catch({});
export type BoxberryPoint = z.infer<typeof BoxberryPoint>;
