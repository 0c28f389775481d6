import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import type { setupServer } from 'msw/node';
import { afterEach, beforeEach } from 'vitest';
import type { BookingRequest, CourierQuoteInput } from '../../../../src/core/connectors/contract.js';
import { BoxberryConfig } from '../../../../src/connectors/couriers/boxberry/config.js';
import { createBoxberryAdapter } from '../../../../src/connectors/couriers/boxberry/index.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { testRedis } from '../../../helpers/redis.js';

export const URL_ = 'https://api.boxberry.test/json.php';
export const TOKEN = 'bb-T0ken-value';

export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/couriers/boxberry/${name}`, import.meta.url), 'utf8'));
}

export interface Call {
  how: 'get' | 'post';
  method: string;
  params: Record<string, any>;
}
type Reply = (call: Call) => Response | Promise<Response>;

/** One msw route for json.php that dispatches on `method` (query for GET, body for POST) and records calls. */
export function boxberry(server: ReturnType<typeof setupServer>, replies: Record<string, Reply>) {
  const calls: Call[] = [];
  const handle = async (how: 'get' | 'post', request: Request) => {
    const params: Record<string, any> = how === 'get' ? Object.fromEntries(new URL(request.url).searchParams) : ((await request.json()) as Record<string, any>);
    const { method, ...rest } = params;
    const call = { how, method, params: rest };
    calls.push(call);
    const reply = replies[method];
    return reply ? reply(call) : HttpResponse.json({ err: `unexpected method ${method}` });
  };
  server.use(
    http.get(URL_, ({ request }) => handle('get', request)),
    http.post(URL_, ({ request }) => handle('post', request)),
  );
  return calls;
}

export function useBoxberry(overrides: Partial<BoxberryConfig> = {}) {
  const ctx = {} as { redis: ReturnType<typeof testRedis>; adapter: ReturnType<typeof createBoxberryAdapter> };
  beforeEach(() => {
    ctx.redis = testRedis();
    const deps = connectorDeps(ctx.redis.redis, ctx.redis.keys, 'bb-1');
    ctx.adapter = createBoxberryAdapter(BoxberryConfig.parse({ token: TOKEN, baseUrl: URL_, senderPointCode: '010', ...overrides }), deps);
  });
  afterEach(async () => ctx.redis.cleanup());
  return ctx;
}

export const quoteInput = (over: Partial<CourierQuoteInput> = {}): CourierQuoteInput => ({
  origin: { country: 'RU', city: 'Москва' },
  destination: { country: 'RU', city: 'Новосибирск', region: 'Новосибирская область' },
  parcels: [{ weight: 1500, length: 20.5, width: 15, height: 10 }],
  declaredValue: 350000,
  currency: 'RUB',
  signal: AbortSignal.timeout(5000),
  ...over,
});

export const bookingRequest = (over: Partial<BookingRequest> = {}): BookingRequest => ({
  shipmentId: 'shp_01JD8X',
  orderId: 'ord_42',
  service: '1',
  pickupPointCode: '54321',
  origin: { country: 'RU', city: 'Москва' },
  recipient: { name: 'Иван Иванов', phone: '79134637228', email: 'ivan@example.ru' },
  destination: { country: 'RU', city: 'Новосибирск', postcode: '630099', line: 'ул. Блюхера, 32' },
  parcels: [
    { weight: 1400, length: 20, width: 15, height: 10 },
    { weight: 300, length: 10, width: 10, height: 5 },
  ],
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
