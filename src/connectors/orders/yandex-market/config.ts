import { z } from 'zod';

export const YANDEX_MARKET_URL = 'https://api.partner.market.yandex.ru';

/** Config of one Yandex Market campaign (store). */
export const yandexMarketConfig = z.object({
  baseUrl: z.string().url().default(YANDEX_MARKET_URL).describe('Partner API base URL; change only for tests'),
  campaignId: z.number().int().positive().describe('Campaign (store) id: seller cabinet → Settings → API and modules'),
  businessId: z.number().int().positive().optional().describe('Cabinet (business) id; kept for the business-level order methods'),
  apiKey: z.string().min(10, 'an Api-Key token from the seller cabinet').describe('Api-Key token (sent in the Api-Key header)'),
  notificationToken: z
    .string()
    .min(16, 'use at least 16 random characters')
    .optional()
    .describe(
      'Market signs nothing in its API notifications; when set, the notification URL registered in the cabinet must carry ?token=<this value> and calls without it are refused',
    ),
  initialLookbackDays: z.number().int().min(1).max(30).default(7).describe('How far back the first backstop pull looks (days, at most 30)'),
  pagesPerPull: z.number().int().min(1).max(100).default(10).describe('Pages of 50 orders read by one pull run before it yields'),
  pullIntervalSeconds: z.number().int().min(30).max(86_400).default(600).describe('How often the backstop pull runs (seconds); notifications bring orders at once'),
  timeoutMs: z.number().int().min(500).max(30_000).default(5000).describe('Per-request time limit; notifications must be answered within 10 s'),
  includeFake: z.boolean().default(false).describe('Also pull Market test (fake) orders'),
});
export type YandexMarketConfig = z.infer<typeof yandexMarketConfig>;
