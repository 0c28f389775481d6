import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCourier } from '../../src/core/connectors/contract.js';
import { ConnectorError } from '../../src/core/errors.js';
import { useTestHub } from '../helpers/hub.js';

/** Test couriers: one that never answers (until aborted), one that always fails. */
const hanging = defineCourier({
  type: 'test-hanging', title: 'hangs', configSchema: z.object({}), secretFields: [],
  create: () => ({ quote: ({ signal }) => new Promise((_, rej) => signal.addEventListener('abort', () => rej(new ConnectorError('timeout', 'aborted')))) }),
});
const failing = defineCourier({
  type: 'test-failing', title: 'fails', configSchema: z.object({}), secretFields: [],
  create: () => ({ quote: async () => { throw new ConnectorError('provider_error', 'courier answered HTTP 503'); } }),
});

/** Three services of one courier: fast door, cheap slow pickup point, a locker in between. */
const multi = defineCourier({
  type: 'test-multi', title: 'several services', configSchema: z.object({}), secretFields: [],
  create: () => ({
    quote: async () => ({
      rates: [
        { carrier: 'Multi', service: 'door', serviceName: 'Express door', deliveryType: 'door', price: { amount: 90000, currency: 'RUB' }, days: { min: 1, max: 1 }, dayKind: 'business', codAvailable: true },
        { carrier: 'Multi', service: 'pvz', serviceName: 'Economy pickup', deliveryType: 'pickup_point', price: { amount: 25000, currency: 'RUB' }, days: { min: 4, max: 6 }, dayKind: 'business', codAvailable: true },
        { carrier: 'Multi', service: 'locker', serviceName: 'Locker', deliveryType: 'postamat', price: { amount: 30000, currency: 'RUB' }, days: { min: 2, max: 3 }, dayKind: 'business', codAvailable: false },
      ],
    }),
  }),
});

const t = useTestHub({ definitions: [hanging, failing, multi] });
const parcels = [{ weight: 1200, length: 30, width: 20, height: 10 }];

describe('POST /v1/quotes', () => {
  it('prices the own couriers by zone with dates from the warehouse cut-off', async () => {
    // Monday 23 Nov 2026 10:00 Moscow, before the 15:00 cut-off, 1 handling day → ships Tuesday.
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Санкт-Петербург' }, parcels });
    expect(res.status).toBe(200);
    expect(res.body.options).toEqual([
      expect.objectContaining({
        connectorId: 'own-courier', service: 'spb', deliveryType: 'door', price: { amount: 45000, currency: 'RUB' },
        days: { min: 1, max: 2 }, dates: { shipOn: '2026-11-24', from: '2026-11-25', to: '2026-11-26' }, warehouseId: 'main', codAvailable: true,
      }),
    ]);
  });

  it('ships a day later after the cut-off, and skips the weekend', async () => {
    t.clock.set('2026-11-27T16:00:00+03:00'); // Friday after cut-off → Monday, +1 handling → Tuesday
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Казань' }, parcels });
    expect(res.body.options[0]).toMatchObject({ service: 'ru', dates: { shipOn: '2026-12-01', from: '2026-12-04', to: '2026-12-10' } });
    t.clock.set('2026-11-23T10:00:00+03:00');
  });

  it('says "no service" for a place no zone covers, with 200', async () => {
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'KZ', city: 'Алматы' }, parcels, connectorIds: ['own-courier'] });
    expect(res.status).toBe(200);
    expect(res.body.options).toEqual([]);
    expect(res.body.errors).toEqual([{ connectorId: 'own-courier', code: 'no_service', message: expect.stringContaining('Алматы') }]);
  });

  it('builds parcels from catalog weights for a stock-aware quote and says where it ships from', async () => {
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Санкт-Петербург' }, items: [{ sku: 'HOODIE-GRY-L', qty: 3 }, { sku: 'MUG-CLASSIC', qty: 10 }] });
    expect(res.status).toBe(200);
    // 3 × 650 g + 10 × 400 g = 5950 g → above the 5 kg bracket
    expect(res.body.options[0].price.amount).toBe(80000);
    const light = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Санкт-Петербург' }, items: [{ sku: 'MUG-CLASSIC', qty: 12 }] });
    expect(light.body.options[0].price.amount).toBe(45000); // 4800 g
    expect(res.body.shipFrom).toEqual([{ warehouseId: 'main', items: expect.arrayContaining([{ sku: 'HOODIE-GRY-L', qty: 3 }, { sku: 'MUG-CLASSIC', qty: 10 }]) }]);
    const short = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, items: [{ sku: 'HOODIE-GRY-L', qty: 4 }] });
    expect(short.status).toBe(409);
    expect(short.body.shortages).toEqual([{ sku: 'HOODIE-GRY-L', requested: 4, available: 3 }]);
  });

  it('warns once when the holiday table has no holidays for the year a delivery falls in', async () => {
    const warning = (l: string) => l.includes('holiday table has no holidays for 2028');
    t.clock.set('2027-06-01T10:00:00+03:00');
    await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Санкт-Петербург' }, parcels });
    expect(t.logs.some(warning)).toBe(false);
    t.clock.set('2028-03-01T10:00:00+03:00');
    for (let i = 0; i < 2; i++) {
      const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Санкт-Петербург' }, parcels });
      expect(res.status).toBe(200); // dates are still given, counting weekends only
    }
    expect(t.logs.filter(warning)).toHaveLength(1);
    expect(t.logs.find(warning)).toContain('holidayOverrides in SVYAZKA_QUOTES_FILE');
    t.clock.set('2026-11-23T10:00:00+03:00');
  });

  it('gives free delivery above the threshold', async () => {
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels, declaredValue: 600000 });
    expect(res.body.options[0].price.amount).toBe(0);
  });

  it('answers by the deadline when a courier hangs, with an error entry for it', async () => {
    await t.call('PUT', '/v1/admin/connectors/slow', { id: 'slow', type: 'test-hanging', config: {} });
    const started = Date.now();
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(200);
    expect(res.body.options.map((o: any) => o.connectorId)).toEqual(['own-courier']);
    expect(res.body.errors).toEqual([{ connectorId: 'slow', code: 'timeout', message: expect.any(String) }]);
  });

  it('502s only when every courier failed', async () => {
    await t.call('PUT', '/v1/admin/connectors/broken', { id: 'broken', type: 'test-failing', config: {} });
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels, connectorIds: ['broken', 'slow'], timeoutMs: 200 });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('all_couriers_failed');
    expect(res.body.errors.map((e: any) => e.code).sort()).toEqual(['provider_error', 'timeout']);
  });

  it('refuses a request with both parcels and items, or neither', async () => {
    const both = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels, items: [{ sku: 'MUG-CLASSIC', qty: 1 }] });
    expect(both.status).toBe(400);
    const neither = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' } });
    expect(neither.status).toBe(400);
    expect(neither.body.errors[0].path).toBe('parcels');
  });
});

describe('POST /v1/quotes: sorting and filters', () => {
  const ask = (extra: Record<string, unknown>) => t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, parcels, connectorIds: ['multi'], ...extra });

  it('sorts by price or by arrival date', async () => {
    await t.call('PUT', '/v1/admin/connectors/multi', { id: 'multi', type: 'test-multi', config: {} });
    expect((await ask({ sort: 'price' })).body.options.map((o: any) => o.service)).toEqual(['pvz', 'locker', 'door']);
    expect((await ask({ sort: 'time' })).body.options.map((o: any) => o.service)).toEqual(['door', 'locker', 'pvz']);
  });

  it('keeps only the delivery types asked for', async () => {
    const res = await ask({ deliveryTypes: ['pickup_point', 'postamat'], sort: 'price' });
    expect(res.status).toBe(200);
    expect(res.body.options.map((o: any) => o.deliveryType)).toEqual(['pickup_point', 'postamat']);
    expect((await ask({ deliveryTypes: ['teleport'] })).status).toBe(400);
  });
});
