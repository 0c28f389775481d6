import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { retailCrmConfig, type RetailCrmConfig } from '../../../../src/connectors/crm/retailcrm/index.js';
import { fixedClock } from '../../../../src/core/clock.js';
import type { ConnectorCache } from '../../../../src/core/connectors/cache.js';
import type { ConnectorDeps } from '../../../../src/core/connectors/contract.js';
import { createHttpClient } from '../../../../src/core/http/client.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { Order } from '../../../../src/core/model/index.js';

export const BASE = 'https://shop.retailcrm.test';
export const API = `${BASE}/api/v5`;
export const API_KEY = 'rcrm-key-0123456789abcdef';
export const CLIENT_ID = 'svz-client-0123456789abcdef';

export function config(over: Partial<Record<keyof RetailCrmConfig, unknown>> = {}): RetailCrmConfig {
  return retailCrmConfig.parse({
    baseUrl: BASE,
    apiKey: API_KEY,
    siteCode: 'shop-main',
    callbackBaseUrl: 'https://hub.example.ru/retailcrm/crm-main/delivery',
    callbackSecret: CLIENT_ID,
    logoUrl: 'https://hub.example.ru/logo.svg',
    timeoutMs: 500,
    ...over,
  });
}

/** The connector uses no cache: one that fails loudly keeps it honest. */
const noCache: ConnectorCache = {
  get: () => Promise.reject(new Error('cache not expected')),
  set: () => Promise.reject(new Error('cache not expected')),
  delete: () => Promise.reject(new Error('cache not expected')),
  cached: () => Promise.reject(new Error('cache not expected')),
};

export function deps(): ConnectorDeps {
  return {
    connectorId: 'crm-main',
    http: createHttpClient({ logger: silentLogger, defaultTimeoutMs: 2000 }),
    logger: silentLogger,
    clock: fixedClock('2026-11-23T10:00:00+03:00'),
    cache: noCache,
  };
}

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../../fixtures/crm/retailcrm/${name}`, import.meta.url)), 'utf8');
}
export function fixtureJson(name: string): any {
  return JSON.parse(fixtureText(name));
}

export function order(over: Record<string, unknown> = {}): Order {
  return Order.parse({
    id: 'ord_01jf8z6x5k3q',
    source: 'site',
    externalId: 'A-1001',
    currency: 'RUB',
    customer: { name: 'Иван Петров', phone: '+79001234567', email: 'ivan@example.ru' },
    delivery: { address: { country: 'RU', city: 'Москва', postcode: '101000', line: 'ул. Мясницкая, 1' } },
    lines: [{ sku: 'TSHIRT-BLK-M', name: 'Футболка чёрная M', qty: 2, price: 125000 }],
    payment: { method: 'cod' },
    deliveryPrice: 35000,
    comment: 'Позвонить за час',
    status: 'new',
    totals: { items: 250000, delivery: 35000, total: 285000 },
    createdAt: '2026-11-23T10:00:00+03:00',
    updatedAt: '2026-11-23T10:00:00+03:00',
    history: [],
    ...over,
  });
}
