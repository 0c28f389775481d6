import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppOptions } from '../../src/app.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { fixedClock } from '../../src/core/clock.js';
import type { AnyConnectorDefinition } from '../../src/core/connectors/contract.js';
import { createHub, type Hub, type HubOptions } from '../../src/core/hub.js';
import { createLogger } from '../../src/core/logger.js';
import { seedDemo } from '../../src/demo.js';
import { testRedis, testRedisUrl } from './redis.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestHub {
  hub: Hub;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof fixedClock>;
  /** Every log line the hub wrote, for "never logged" assertions. */
  logs: string[];
  prefix: string;
  /** Set by tests that start workers, so they stop before Redis keys are cleaned. */
  stopWorkers?: () => Promise<void>;
  /** `app.request` with JSON and the admin key by default. */
  call(method: string, path: string, body?: unknown, opts?: { key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
}

/**
 * A hub on the run's private Redis, with its own key prefix, a fixed clock (Monday 23 Nov 2026,
 * 10:00 in Moscow), captured logs and the demo configuration seeded. Cleaned up after the file.
 */
export function useTestHub(opts: { demo?: boolean; definitions?: AnyConnectorDefinition[]; hub?: Partial<HubOptions>; app?: AppOptions } = {}): TestHub {
  const ctx = {} as TestHub;
  let r: ReturnType<typeof testRedis>;
  beforeAll(async () => {
    r = testRedis();
    const logs: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
    const clock = fixedClock('2026-11-23T10:00:00+03:00');
    const hub = createHub({
      redis: r.redis,
      redisUrl: testRedisUrl(),
      keyPrefix: r.prefix,
      secretKey: 'test-secret-key-0123456789',
      logger: createLogger('debug', sink),
      definitions: [...connectorDefinitions, ...(opts.definitions ?? [])],
      clock,
      ...opts.hub,
    });
    await hub.apiKeys.setBootstrap(ADMIN_KEY, clock.now());
    if (opts.demo !== false) await seedDemo(hub);
    const app = createApp(hub, opts.app);
    Object.assign(ctx, {
      hub, app, clock, logs, prefix: r.prefix,
      async call(method: string, path: string, body?: unknown, o: { key?: string | null; headers?: Record<string, string> } = {}) {
        const headers: Record<string, string> = { ...o.headers };
        const key = o.key === undefined ? ADMIN_KEY : o.key;
        if (key) headers.authorization = `Bearer ${key}`;
        let payload: string | undefined;
        if (body !== undefined) {
          payload = typeof body === 'string' ? body : JSON.stringify(body);
          headers['content-type'] ??= 'application/json';
        }
        const res = await app.request(path, { method, headers, body: payload });
        const text = await res.text();
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        return { status: res.status, body: parsed as any, headers: res.headers, text };
      },
    });
  });
  afterAll(async () => {
    await ctx.stopWorkers?.();
    await ctx.hub?.connectors.close();
    await ctx.hub?.queues.close();
    await r?.cleanup();
  });
  return ctx;
}

export function orderBody(externalId: string, lines: { sku: string; qty: number; price?: number }[] = [{ sku: 'TSHIRT-BLK-M', qty: 1 }], extra: Record<string, unknown> = {}) {
  return {
    source: 'site',
    externalId,
    currency: 'RUB',
    customer: { name: 'Иван Петров', phone: '+79001234567' },
    delivery: { address: { country: 'RU', city: 'Москва', postcode: '101000', line: 'ул. Мясницкая, 1' } },
    lines: lines.map((l) => ({ sku: l.sku, name: l.sku, qty: l.qty, price: l.price ?? 100000 })),
    payment: { method: 'prepaid' },
    ...extra,
  };
}
