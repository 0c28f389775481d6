import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCourier } from '../../src/core/connectors/contract.js';
import { refreshPickupPoints, type PickupPoint } from '../../src/core/quotes/pickup-points.js';
import { useTestHub } from '../helpers/hub.js';

const POINTS: PickupPoint[] = [
  { code: 'MSK-1', name: 'На Тверской', type: 'pickup_point', address: { country: 'RU', city: 'Москва', postcode: '125009', line: 'Тверская ул., 7' }, location: { lat: 55.757, lon: 37.613 }, workTime: 'Пн-Вс 10:00-22:00', codAvailable: true },
  { code: 'MSK-2', name: 'Постамат у метро', type: 'postamat', address: { country: 'RU', city: 'Москва', line: 'Мясницкая ул., 1' }, codAvailable: false },
  { code: 'SPB-1', name: 'Невский', type: 'pickup_point', address: { country: 'RU', city: 'Санкт-Петербург', line: 'Невский пр., 1' } },
];

const points = defineCourier({
  type: 'test-points', title: 'courier with pickup points', configSchema: z.object({}), secretFields: [],
  create: () => ({ quote: async () => ({ rates: [] }), pickupPoints: async () => POINTS }),
});

const t = useTestHub({ definitions: [points] });
beforeAll(async () => {
  await t.call('PUT', '/v1/admin/connectors/pts', { id: 'pts', type: 'test-points', config: {} });
});

const get = (query: string, key?: string | null) => t.call('GET', `/v1/pickup-points?${query}`, undefined, { key });

describe('GET /v1/pickup-points', () => {
  it('answers an empty list with a hint before the first sync', async () => {
    const res = await get(`connectorId=pts&city=${encodeURIComponent('Москва')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connectorId: 'pts', city: 'Москва', syncedAt: null, points: [], hint: expect.stringContaining('not been synced yet') });
  });

  it('serves the synced points of a city, any spelling of its name, filtered by type', async () => {
    await refreshPickupPoints(t.hub, 'pts');
    const res = await get(`connectorId=pts&city=${encodeURIComponent('  г. москва ')}`);
    expect(res.status).toBe(200);
    expect(res.body.syncedAt).toBe('2026-11-23T07:00:00.000Z');
    expect(res.body.points).toEqual(POINTS.slice(0, 2));
    expect(res.body.hint).toBeUndefined();
    const lockers = await get(`connectorId=pts&city=${encodeURIComponent('Москва')}&type=postamat`);
    expect(lockers.body.points.map((p: any) => p.code)).toEqual(['MSK-2']);
    const none = await get(`connectorId=pts&city=${encodeURIComponent('Казань')}`);
    expect(none.body).toMatchObject({ points: [], hint: expect.stringContaining('3 points synced') });
  });

  it('404s an unknown connector, says when a courier has no list, and 400s a missing city', async () => {
    const unknown = await get('connectorId=nope&city=X');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('connectorId=site&city=X')).status).toBe(404); // an orders connector, not a courier
    const own = await get(`connectorId=own-courier&city=${encodeURIComponent('Москва')}`);
    expect(own.body).toMatchObject({ points: [], hint: expect.stringContaining('has no pickup points') });
    const missing = await get('connectorId=pts');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('city');
  });

  it('needs an API key with the quotes scope', async () => {
    expect((await get('connectorId=pts&city=X', null)).status).toBe(401);
    const issued = await t.call('POST', '/v1/admin/api-keys', { name: 'stock-only', scopes: ['stock'] });
    expect((await get('connectorId=pts&city=X', issued.body.key)).status).toBe(403);
  });
});
