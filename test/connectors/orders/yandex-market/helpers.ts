import { readFileSync } from 'node:fs';
import { createHttpClient } from '../../../../src/core/http/client.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { ConnectorDeps } from '../../../../src/core/connectors/contract.js';
import { yandexMarketConfig, type YandexMarketConfig } from '../../../../src/connectors/orders/yandex-market/index.js';

export const BASE = 'https://ym.test';
export const CAMPAIGN = 21000001;
export const API_KEY = 'ACMA:secret-api-key-value:1a2b3c4d';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../../fixtures/orders/yandex-market/${name}`, import.meta.url), 'utf8');
}
export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

export function config(over: Partial<YandexMarketConfig> = {}): YandexMarketConfig {
  return yandexMarketConfig.parse({ baseUrl: BASE, campaignId: CAMPAIGN, apiKey: API_KEY, ...over });
}

/** Adapter deps without Redis: these adapters never touch the cache. */
export function deps(now = '2026-11-23T09:00:00+03:00', connectorId = 'ym-main'): ConnectorDeps {
  return {
    connectorId,
    http: createHttpClient({ logger: silentLogger, defaultTimeoutMs: 2000 }),
    logger: silentLogger,
    clock: fixedClock(now),
    cache: {
      get: () => Promise.reject(new Error('cache not expected')),
      set: () => Promise.reject(new Error('cache not expected')),
      delete: () => Promise.reject(new Error('cache not expected')),
      cached: () => Promise.reject(new Error('cache not expected')),
    },
  };
}
