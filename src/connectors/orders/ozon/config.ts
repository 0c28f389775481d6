import { z } from 'zod';

/** Settings of one Ozon seller account. */
export const ozonConfig = z.object({
  clientId: z.string().min(1, 'Client-Id is required').describe('Client-Id from the seller cabinet (Settings → Seller API)'),
  apiKey: z.string().min(1, 'Api-Key is required').describe('Api-Key issued in the seller cabinet; a secret'),
  baseUrl: z.url().default('https://api-seller.ozon.ru').describe('Seller API base URL; change only for tests and simulators'),
  apiVersion: z
    .enum(['v4', 'v3'])
    .default('v4')
    .describe('Posting list method: v4 (/v4/posting/fbs/list, cursor paging) or the deprecated v3 (offset paging, switched off on 2026-08-31)'),
  pageSize: z.number().int().min(1).max(1000).default(100).describe('Postings per request; v4 allows at most 100, v3 at most 1000'),
  initialLookbackDays: z.number().int().min(0).max(364).default(7).describe('On the first pull, read postings whose status changed this many days back'),
  maxWindowDays: z.number().int().min(1).max(364).default(30).describe('Longest status-change window one pass reads; older backlogs are read window by window'),
  overlapMinutes: z.number().int().min(0).max(1440).default(5).describe('Each window starts this many minutes before the previous one ended, so late-indexed changes are not missed'),
  pullIntervalSeconds: z.number().int().min(30).max(86_400).default(300).describe('How often the hub pulls postings (seconds); Ozon pushes only trigger an extra pull'),
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000).describe('Time limit of one Seller API request'),
  rateLimitRetries: z.number().int().min(0).max(10).default(3).describe('How many times a pull retries a 429 answer before giving up'),
  maxRetryWaitMs: z.number().int().min(0).max(300_000).default(30_000).describe('Longest Retry-After a pull waits for; a longer one ends the pull as rate_limited'),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('RU').describe('ISO country code used when Ozon does not disclose the buyer address (FBS)'),
});
export type OzonConfig = z.infer<typeof ozonConfig>;
