import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseQuoteSettings } from './core/quotes/settings.js';
import type { QuoteServiceOptions } from './core/quotes/service.js';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(v), 'must be true/false (or 1/0, yes/no, on/off)')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const bytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'must be a size such as 1mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v)!;
    const mult = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
    return Math.round(Number(m[1]) * mult);
  });

/** The hub's environment, validated once at start-up. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SVYAZKA_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SVYAZKA_SECRET_KEY: z.string().min(16, 'must be at least 16 characters (use `openssl rand -base64 32`)').optional(),
  SVYAZKA_DEMO: bool.default(true),
  SVYAZKA_DATA_DIR: z.string().default('./data'),
  SVYAZKA_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('svz'),
  SVYAZKA_BODY_LIMIT: bytes.default(1024 * 1024),
  SVYAZKA_IMPORT_HEAP_MB: z.coerce.number().int().min(64).default(256),
  SVYAZKA_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** A JSON file of quote engine settings (QuoteSettings): cache TTLs, timeouts, breaker, holidays, parcel defaults. */
  SVYAZKA_QUOTES_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const res = ConfigSchema.safeParse(clean);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  if (res.data.REDIS_URL && !res.data.SVYAZKA_SECRET_KEY) {
    throw new ConfigError('SVYAZKA_SECRET_KEY is required with REDIS_URL: it encrypts connector secrets at rest (generate one with `openssl rand -base64 32` and keep it safe)');
  }
  return res.data;
}

/** The quote settings file `SVYAZKA_QUOTES_FILE` names, validated; none named: defaults. */
export function loadQuoteSettings(config: Pick<Config, 'SVYAZKA_QUOTES_FILE'>): QuoteServiceOptions {
  const path = config.SVYAZKA_QUOTES_FILE;
  if (!path) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`SVYAZKA_QUOTES_FILE ${path} could not be read as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return parseQuoteSettings(json);
  } catch (err) {
    throw new ConfigError(`invalid quote settings in ${path}:\n${(err as Error).message.replace(/^/gm, '  ')}`);
  }
}
