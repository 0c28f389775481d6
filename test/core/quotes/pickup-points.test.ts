import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCourier } from '../../../src/core/connectors/contract.js';
import { ConnectorError } from '../../../src/core/errors.js';
import { pickupPointsJob } from '../../../src/core/quotes/pickup-job.js';
import { pickupPointStore, refreshPickupPoints, type PickupPoint } from '../../../src/core/quotes/pickup-points.js';
import { useTestHub } from '../../helpers/hub.js';

/** The list the test courier serves on its next `pickupPoints()` call. */
let list: unknown[] = [];
/** Failures to throw before serving `list`, one per call. */
let failures: ConnectorError[] = [];
let calls = 0;
const withPoints = defineCourier({
  type: 'test-points', title: 'courier with pickup points', configSchema: z.object({}), secretFields: [],
  create: () => ({
    quote: async () => ({ rates: [] }),
    pickupPoints: async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      if (list === null) throw new ConnectorError('provider_error', 'HTTP 503');
      return list as PickupPoint[];
    },
  }),
});

const t = useTestHub({ definitions: [withPoints] });
beforeAll(async () => {
  await t.call('PUT', '/v1/admin/connectors/pts', { id: 'pts', type: 'test-points', config: {} });
});

const point = (code: string, city: string, extra: Partial<PickupPoint> = {}): PickupPoint => ({
  code, name: `ПВЗ ${code}`, type: 'pickup_point', address: { country: 'RU', city, line: `ул. Тестовая, ${code}` }, ...extra,
});

describe('refreshPickupPoints', () => {
  it('stores the points by normalised city and serves a city\'s points', async () => {
    list = [point('MSK1', 'Москва'), point('MSK2', ' москва', { type: 'postamat', location: { lat: 55.75, lon: 37.61 } }), point('SPB1', 'Санкт-Петербург'), point('ORL1', 'Орёл')];
    const res = await refreshPickupPoints(t.hub, 'pts');
    expect(res).toEqual({ connectorId: 'pts', supported: true, count: 4, cities: 3, rejected: 0 });
    const store = pickupPointStore(t.hub);
    const msk = await store.byCity('pts', 'г. Москва');
    expect(msk.points.map((p) => p.code)).toEqual(['MSK1', 'MSK2']);
    expect(msk.syncedAt).toBe('2026-11-23T07:00:00.000Z');
    expect((await store.byCity('pts', 'орел')).points.map((p) => p.code)).toEqual(['ORL1']);
  });

  it('replaces the whole list on refresh: cities gone from the courier\'s list are gone', async () => {
    list = [point('MSK9', 'Москва'), point('KZN1', 'Казань')];
    await refreshPickupPoints(t.hub, 'pts');
    const store = pickupPointStore(t.hub);
    expect((await store.byCity('pts', 'Москва')).points.map((p) => p.code)).toEqual(['MSK9']);
    expect((await store.byCity('pts', 'Санкт-Петербург')).points).toEqual([]);
    expect((await store.byCity('pts', 'Казань')).points.map((p) => p.code)).toEqual(['KZN1']);
    expect(await t.hub.redis.keys(`${t.prefix}:*staging*`)).toEqual([]);
  });

  it('leaves out points that do not fit the schema, and keeps the old list when the courier fails', async () => {
    list = [point('OK1', 'Москва'), { code: 'BAD', name: 'no address', type: 'pickup_point' }];
    expect((await refreshPickupPoints(t.hub, 'pts')).rejected).toBe(1);
    list = null as never;
    await expect(refreshPickupPoints(t.hub, 'pts')).rejects.toThrow('HTTP 503');
    expect((await pickupPointStore(t.hub).byCity('pts', 'Москва')).points.map((p) => p.code)).toEqual(['OK1']);
  });

  it('swaps ~10,000 points in atomically: a reader sees the old list or the new one, never a mix', async () => {
    const cities = Array.from({ length: 1000 }, (_, i) => `Город ${i}`);
    const gen = (tag: string) => Array.from({ length: 10_000 }, (_, i) => point(`${tag}-${i}`, cities[i % cities.length]!, { workTime: 'Пн-Вс 09:00-21:00' }));
    list = gen('A');
    await refreshPickupPoints(t.hub, 'pts');
    list = gen('B');
    const store = pickupPointStore(t.hub);
    const seen = new Set<string>();
    const reader = (async () => {
      // Reads from before the swap until the new list shows (or a mix does).
      for (const until = Date.now() + 10_000; !seen.has('B') && Date.now() < until; ) {
        const [a, b] = await Promise.all([store.byCity('pts', 'Город 7'), store.byCity('pts', 'Город 999')]);
        const tags = new Set([...a.points, ...b.points].map((p) => p.code.split('-')[0]));
        seen.add([...tags].join(''));
      }
    })();
    const started = Date.now();
    await refreshPickupPoints(t.hub, 'pts');
    const took = Date.now() - started;
    await reader;
    expect(took).toBeLessThan(5000);
    expect([...seen].sort()).toEqual(['A', 'B']); // never 'AB'
    const after = await store.byCity('pts', 'город 7');
    expect(after.points).toHaveLength(10);
    expect(after.points[0]!.code).toBe('B-7');
  });

  it('says a courier without a pickup-point list is not supported', async () => {
    expect(await refreshPickupPoints(t.hub, 'own-courier')).toMatchObject({ supported: false, count: 0 });
  });
});

describe('the daily pickup-point job', () => {
  it('retries a network failure within the run and stores the list', async () => {
    list = [point('RET1', 'Тверь')];
    failures = [new ConnectorError('timeout', 'no answer in 120 s')];
    calls = 0;
    expect(await pickupPointsJob(t.hub, 1)).toMatchObject({ pts: 1 });
    expect(calls).toBe(2);
    expect((await pickupPointStore(t.hub).byCity('pts', 'Тверь')).points.map((p) => p.code)).toEqual(['RET1']);
  });

  it('does not retry a permanent failure, and keeps the previous list', async () => {
    failures = [new ConnectorError('auth', 'token rejected')];
    calls = 0;
    expect(await pickupPointsJob(t.hub, 1)).toEqual({ pts: 'token rejected' });
    expect(calls).toBe(1);
    expect((await pickupPointStore(t.hub).byCity('pts', 'Тверь')).points.map((p) => p.code)).toEqual(['RET1']);
  });
});
