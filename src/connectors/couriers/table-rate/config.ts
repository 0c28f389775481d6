import { z } from 'zod';

const Bracket = z.object({
  upToGrams: z.number().int().positive().describe('This price applies up to this total weight, grams'),
  price: z.number().int().nonnegative().describe('Price in minor units (kopecks)'),
});

const Zone = z.object({
  id: z.string().min(1),
  name: z.string().min(1).describe('Shown to managers as the service name'),
  match: z
    .object({
      countries: z.array(z.string()).optional().describe('ISO country codes'),
      regions: z.array(z.string()).optional(),
      cities: z.array(z.string()).optional().describe('City names, compared case-insensitively'),
      postcodePrefixes: z.array(z.string()).optional(),
    })
    .describe('Every criterion given must match; an empty match catches everything'),
  deliveryType: z.enum(['door', 'pickup_point', 'postamat']).default('door'),
  rates: z.array(Bracket).min(1, 'a zone needs at least one weight bracket'),
  days: z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }).refine((d) => d.min <= d.max, 'min must not exceed max'),
  freeOver: z.number().int().nonnegative().optional().describe('Free delivery when the declared value reaches this, minor units'),
  codAvailable: z.boolean().default(true),
});

export const TableRateConfig = z.object({
  carrier: z.string().default('Own couriers'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('RUB'),
  dayKind: z.enum(['business', 'calendar']).default('business').describe('How the day ranges are counted'),
  zones: z.array(Zone).min(1, 'add at least one zone').describe('Checked in order; the first that matches wins'),
});
export type TableRateConfig = z.infer<typeof TableRateConfig>;
export type TableRateZone = z.infer<typeof Zone>;
