import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach } from 'vitest';
import type { setupServer } from 'msw/node';
import type { CourierQuoteInput, BookingRequest } from '../../../../src/core/connectors/contract.js';
import { CdekConfig } from '../../../../src/connectors/couriers/cdek/config.js';
import { createCdekAdapter, type CdekAdapterOptions } from '../../../../src/connectors/couriers/cdek/index.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { testRedis } from '../../../helpers/redis.js';

export const BASE = 'https://api.cdek.test';

export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/couriers/cdek/${name}`, import.meta.url), 'utf8'));
}

/** Counts token requests and hands out numbered tokens, so tests can tell which one a call used. */
export function tokenHandler(server: ReturnType<typeof setupServer>, opts: { expiresIn?: number } = {}) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.post(`${BASE}/v2/oauth/token`, async ({ request }) => {
      seen.push(new URLSearchParams(await request.text()));
      return HttpResponse.json({ ...fixture('oauth-token.response.json'), access_token: `tok-${seen.length}`, expires_in: opts.expiresIn ?? 3600 });
    }),
  );
  return seen;
}

export function citiesHandler(server: ReturnType<typeof setupServer>) {
  const seen: URL[] = [];
  server.use(
    http.get(`${BASE}/v2/location/cities`, ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      if (url.searchParams.get('postal_code') === '630099' || url.searchParams.get('city') === 'Новосибирск') return HttpResponse.json(fixture('location-cities.response.json'));
      return HttpResponse.json([]);
    }),
  );
  return seen;
}

/** A fresh adapter per test over a real Redis cache with its own key prefix. */
export function useCdek(overrides: Partial<CdekConfig> = {}, options: CdekAdapterOptions = {}) {
  const ctx = {} as { redis: ReturnType<typeof testRedis>; deps: ReturnType<typeof connectorDeps>; adapter: ReturnType<typeof createCdekAdapter> };
  beforeEach(() => {
    ctx.redis = testRedis();
    ctx.deps = connectorDeps(ctx.redis.redis, ctx.redis.keys, 'cdek-1');
    const config = CdekConfig.parse({ clientId: 'acct', clientSecret: 'S3cr3t-value', baseUrl: BASE, senderCityCode: 44, bookingPollDelaysMs: [0, 0, 0], ...overrides });
    ctx.adapter = createCdekAdapter(config, ctx.deps, options);
  });
  afterEach(async () => ctx.redis.cleanup());
  return ctx;
}

export const quoteInput = (over: Partial<CourierQuoteInput> = {}): CourierQuoteInput => ({
  origin: { country: 'RU', city: 'Москва', postcode: '125009' },
  destination: { country: 'RU', city: 'Новосибирск', postcode: '630099' },
  parcels: [{ weight: 1500, length: 20, width: 15.2, height: 10 }],
  declaredValue: 300000,
  currency: 'RUB',
  signal: AbortSignal.timeout(5000),
  ...over,
});

export const bookingRequest = (over: Partial<BookingRequest> = {}): BookingRequest => ({
  shipmentId: 'shp_01JD8X',
  orderId: 'ord_42',
  service: '139',
  origin: { country: 'RU', city: 'Москва', postcode: '125009', line: 'Ленинградский пр-т, 4' },
  recipient: { name: 'Иван Иванов', phone: '+79134637228', email: 'ivan@example.ru' },
  destination: { country: 'RU', city: 'Новосибирск', postcode: '630099', line: 'ул. Блюхера, 32' },
  parcels: [{ weight: 1400, length: 20, width: 15, height: 10 }],
  items: [
    { sku: 'SKU-1', name: 'Чайник', qty: 2, price: 150000 },
    { sku: 'SKU-2', name: 'Кружка', qty: 1, price: 50000 },
  ],
  declaredValue: 350000,
  codAmount: 0,
  currency: 'RUB',
  signal: AbortSignal.timeout(5000),
  ...over,
});
