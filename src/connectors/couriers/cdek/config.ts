import { z } from 'zod';

export const CDEK_PRODUCTION_URL = 'https://api.cdek.ru';
/** CDEK's public test environment (shared test account credentials are published in its docs). */
export const CDEK_SANDBOX_URL = 'https://api.edu.cdek.ru';

const Package = z.object({
  weight: z.number().int().positive().describe('Grams'),
  length: z.number().int().positive().describe('Centimetres'),
  width: z.number().int().positive().describe('Centimetres'),
  height: z.number().int().positive().describe('Centimetres'),
});

export const CdekConfig = z.object({
  clientId: z.string().min(1, 'the CDEK integration account (client_id) is required').describe('CDEK API account (client_id) from the CDEK personal account, "Интеграция" section'),
  clientSecret: z.string().min(1, 'the CDEK secure password (client_secret) is required').describe('CDEK API secure password (client_secret)'),
  sandbox: z.boolean().default(false).describe('Use CDEK\'s public test environment api.edu.cdek.ru instead of production'),
  baseUrl: z.url().optional().describe('Override the API address; default https://api.cdek.ru, or https://api.edu.cdek.ru when sandbox is on'),
  senderCityCode: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('CDEK city code the parcels leave from; default: looked up from the warehouse address. A CDEK code on the warehouse address itself (codes.cdek) takes precedence'),
  shipmentPoint: z.string().min(1).optional().describe('CDEK office code where the shop drops parcels off; required for tariffs "from office" (склад-...)'),
  tariffCodes: z.array(z.number().int().positive()).optional().describe('Only offer these CDEK tariff codes; default: every tariff CDEK returns'),
  defaultPackage: Package.optional().describe('Parcel used when a quote or booking comes without parcels'),
  webhookToken: z
    .string()
    .min(16, 'use at least 16 random characters')
    .optional()
    .describe('Secret token in the URL CDEK pushes ORDER_STATUS events to (CDEK signs nothing); unset: no webhooks, polling only'),
  pickupPointCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'use ISO 3166-1 alpha-2 codes such as RU or KZ'))
    .min(1)
    .max(20)
    .default(['RU'])
    .describe('Countries whose CDEK pickup points and parcel lockers the hub keeps a copy of (refreshed daily)'),
  bookingPollDelaysMs: z
    .array(z.number().int().nonnegative().max(30_000))
    .max(10)
    .default([1000, 2000, 3000])
    .describe('Waits before each status check after creating an order (CDEK registers orders asynchronously); after the last one the booking is reported as pending'),
});
export type CdekConfig = z.infer<typeof CdekConfig>;

export function cdekBaseUrl(config: CdekConfig): string {
  return (config.baseUrl ?? (config.sandbox ? CDEK_SANDBOX_URL : CDEK_PRODUCTION_URL)).replace(/\/+$/, '');
}
