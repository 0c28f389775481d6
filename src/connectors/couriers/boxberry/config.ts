import { z } from 'zod';

export const BOXBERRY_PRODUCTION_URL = 'https://api.boxberry.ru/json.php';

export const BoxberryConfig = z.object({
  token: z.string().min(1, 'the Boxberry API token is required').describe('API token from the Boxberry business account (Интеграция → API)'),
  baseUrl: z.url().default(BOXBERRY_PRODUCTION_URL).describe('json.php endpoint; older accounts use https://api.boxberry.de/json.php'),
  senderPointCode: z.string().min(1).optional().describe('Code of the Boxberry point where the shop hands parcels over (shop.name1 in ParselCreate); default: the point set in the account'),
  targetStart: z.string().min(1).optional().describe('Point code the tariff is calculated from (TargetStart); default: senderPointCode'),
  defaultPackage: z
    .object({
      weight: z.number().int().positive().describe('Grams'),
      length: z.number().int().positive().describe('Centimetres'),
      width: z.number().int().positive().describe('Centimetres'),
      height: z.number().int().positive().describe('Centimetres'),
    })
    .optional()
    .describe('Parcel used when a quote or booking comes without parcels'),
});
export type BoxberryConfig = z.infer<typeof BoxberryConfig>;
