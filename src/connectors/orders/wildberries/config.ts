import { z } from 'zod';

/** Settings of one Wildberries seller account (marketplace API, FBS). */
export const wildberriesConfig = z.object({
  token: z.string().min(1, 'the API token is required').describe('API token from the seller cabinet (Settings → API access, category "Marketplace"), sent as-is in Authorization; a secret'),
  baseUrl: z.url().default('https://marketplace-api.wildberries.ru').describe('Marketplace API base URL; change only for tests, sandbox and simulators'),
  pageSize: z.number().int().min(1).max(1000).default(1000).describe('Orders per /api/v3/orders request (WB allows 1..1000)'),
  initialLookbackDays: z.number().int().min(0).max(29).default(7).describe('On the first pull, read orders created this many days back'),
  maxWindowDays: z.number().int().min(1).max(30).default(7).describe('Longest creation-time window one pass reads; WB allows at most 30 days per request including recheckDays'),
  recheckDays: z.number().int().min(0).max(29).default(3).describe('Also re-read orders created this many days before each window so their status changes (cancellations, delivery) reach the hub; 0 turns it off'),
  overlapMinutes: z.number().int().min(0).max(1440).default(5).describe('Each window starts this many minutes before the previous one ended'),
  warehouseMap: z.record(z.string(), z.string()).default({}).describe('WB seller warehouse id (warehouseId) → hub warehouse id'),
  pullIntervalSeconds: z.number().int().min(30).max(86_400).default(300).describe('How often the hub pulls orders (seconds)'),
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000).describe('Time limit of one API request'),
  rateLimitRetries: z.number().int().min(0).max(10).default(3).describe('How many times a pull retries a 429 answer before giving up'),
  maxRetryWaitMs: z.number().int().min(0).max(300_000).default(30_000).describe('Longest Retry-After / X-Ratelimit-Retry a pull waits for; longer ends the pull as rate_limited'),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('RU').describe('ISO country code of delivery addresses (WB does not send one)'),
});
export type WildberriesConfig = z.infer<typeof wildberriesConfig>;
