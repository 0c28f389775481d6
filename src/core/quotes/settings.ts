import { z } from 'zod';
import type { QuoteServiceOptions } from './service.js';

const ms = z.number().int().nonnegative();
const positive = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const byConnector = <T extends z.ZodType>(v: T) => z.record(z.string().min(1), v);

/**
 * The quote engine's tuning as an operator writes it in the file `SVYAZKA_QUOTES_FILE` names
 * (JSON): every field optional, defaults as documented on QuoteServiceOptions. Unknown fields are
 * refused, so a misspelt setting is not silently ignored.
 */
export const QuoteSettings = z
  .object({
    cache: z.union([z.literal(false), z.object({ ttlMs: ms, errorTtlMs: ms }).partial().strict()]),
    connectorTimeoutMs: byConnector(positive),
    concurrency: positive,
    concurrencyByConnector: byConnector(positive),
    retryMinRoomMs: ms,
    breaker: z.object({ failures: positive, windowMs: positive, coolDownMs: positive }).partial().strict(),
    parcelDefaults: z.object({ weight: positive, length: positive, width: positive, height: positive }).strict(),
    holidayOverrides: z.record(z.string(), z.object({ holidays: z.array(day), workingWeekends: z.array(day) }).strict()).superRefine((tables, ctx) => {
      for (const country of Object.keys(tables)) {
        if (!/^[A-Z]{2}$/.test(country)) ctx.addIssue({ code: 'custom', path: [country], message: 'must be a country code such as RU or UA' });
      }
    }),
    replay: z.union([z.literal(false), z.object({ maxMs: ms, maxKeyLength: positive, maxEntries: positive }).partial().strict()]),
  })
  .partial()
  .strict();

/** Validates settings read from JSON; throws with one line per problem, each naming its field. */
export function parseQuoteSettings(json: unknown): QuoteServiceOptions {
  const res = QuoteSettings.safeParse(json);
  if (!res.success) throw new Error(res.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n'));
  return res.data;
}
