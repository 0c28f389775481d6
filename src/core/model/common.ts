import { z } from '@hono/zod-openapi';

/** ISO 4217 currency code, upper case. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as RUB').openapi({ example: 'RUB' });

/** Money in integer minor units (kopecks, kopiykas) with its currency. */
export const Money = z
  .object({
    amount: z.number().int('must be an integer number of minor units (kopecks)'),
    currency: Currency,
  })
  .openapi('Money');
export type Money = z.infer<typeof Money>;

/** ISO 3166-1 alpha-2 country code. */
export const CountryCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as RU'));

export const Address = z
  .object({
    country: CountryCode.openapi({ example: 'RU' }),
    region: z.string().min(1).optional(),
    city: z.string().min(1).openapi({ example: 'Москва' }),
    postcode: z.string().min(1).optional(),
    line: z.string().min(1).optional(),
    /**
     * The place in couriers' own codes, by connector type, where the caller already knows them
     * (e.g. `{"cdek": "44"}` for CDEK's city code): the adapter then skips its lookup by name.
     */
    codes: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().min(1).max(100)).optional().openapi({ example: { cdek: '44' } }),
  })
  .openapi('Address');
export type Address = z.infer<typeof Address>;

/** Calendar date `YYYY-MM-DD`. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** Timestamp with offset, ISO 8601. */
export const Timestamp = z.string().datetime({ offset: true });

export const Sku = z.string().min(1).max(200);
