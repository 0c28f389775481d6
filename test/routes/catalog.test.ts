import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../src/core/model/index.js';
import { orderBody, useTestHub } from '../helpers/hub.js';

const t = useTestHub();
const WH = { name: 'Saint Petersburg', address: { country: 'RU', city: 'Санкт-Петербург' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' };
const item = (sku: string, groupId: string | undefined, price?: number, extra: Partial<CatalogItem> = {}): CatalogItem => ({ sku, name: `Product ${sku}`, groupId, price, currency: 'RUB', ...extra });

describe('catalog and alternatives', () => {
  it('serves a catalog item by SKU and by its 1C Ид; 404 for an unknown one; needs the stock scope', async () => {
    await t.hub.stock.upsertCatalog([item('MAT-1', 'mats', 10000, { weight: 1400, externalIds: { '1c': 'bd8c4e15-0001' } })]);
    expect((await t.call('GET', '/v1/catalog/MAT-1')).body).toMatchObject({ sku: 'MAT-1', weight: 1400, groupId: 'mats' });
    expect((await t.call('GET', '/v1/catalog/bd8c4e15-0001')).body).toMatchObject({ sku: 'MAT-1' });
    const missing = await t.call('GET', '/v1/catalog/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await t.call('GET', '/v1/catalog/MAT-1', undefined, { key: null })).status).toBe(401);
  });

  it('lists up to 5 in-stock products of the same group, nearest in price first, with quantity and warehouse', async () => {
    expect((await t.call('PUT', '/v1/admin/warehouses/spb', WH)).status).toBe(201);
    await t.hub.stock.upsertCatalog([
      item('SHORT', 'g1', 10000), item('A', 'g1', 9000), item('B', 'g1', 11500), item('C', 'g1', 10000), item('D', 'g1', 20000),
      item('E', 'g1', 5000), item('F', 'g1', 100), item('H', 'g1', 30000), item('X', 'g2', 10000),
    ]);
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'A', qty: 3 }, { sku: 'D', qty: 1 }, { sku: 'E', qty: 5 }, { sku: 'F', qty: 1 }, { sku: 'H', qty: 1 }, { sku: 'X', qty: 10 }, { sku: 'C', qty: 0 }, { sku: 'B', qty: 1 }] });
    await t.call('PUT', '/v1/stock/spb', { items: [{ sku: 'B', qty: 2 }] });
    const res = await t.call('GET', '/v1/catalog/SHORT/alternatives');
    expect(res.status).toBe(200);
    expect(res.body.groupId).toBe('g1');
    expect(res.body.alternatives.map((a: any) => a.sku)).toEqual(['A', 'B', 'E', 'F', 'D']);
    expect(res.body.alternatives[0]).toEqual({ sku: 'A', name: 'Product A', price: 9000, currency: 'RUB', available: 3, warehouseId: 'main', warehouses: [{ warehouseId: 'main', available: 3 }] });
    expect(res.body.alternatives[1]).toMatchObject({ sku: 'B', available: 3, warehouseId: 'spb', warehouses: [{ warehouseId: 'spb', available: 2 }, { warehouseId: 'main', available: 1 }] });
  });

  it('leaves out reserved stock and products that moved to another group', async () => {
    const id = (await t.call('POST', '/v1/orders', orderBody('ALT-1', [{ sku: 'A', qty: 3 }]))).body.id;
    expect((await t.call('POST', `/v1/orders/${id}/confirm`)).status).toBe(200);
    await t.hub.stock.upsertCatalog([item('E', 'g2', 5000)]);
    const res = await t.call('GET', '/v1/catalog/SHORT/alternatives');
    expect(res.body.alternatives.map((a: any) => a.sku)).toEqual(['B', 'F', 'D', 'H']);
  });

  it('reads far enough into a large group to find the nearest products in stock', async () => {
    await t.hub.stock.upsertCatalog(Array.from({ length: 200 }, (_, i) => item(`L-${i + 1}`, 'large', (i + 1) * 100)));
    await t.call('PUT', '/v1/stock/spb', { items: [150, 160, 170, 180, 190, 199, 200].map((n) => ({ sku: `L-${n}`, qty: 1 })) });
    const res = await t.call('GET', '/v1/catalog/L-1/alternatives');
    expect(res.body.alternatives.map((a: any) => a.sku)).toEqual(['L-150', 'L-160', 'L-170', 'L-180', 'L-190']);
    const mid = await t.call('GET', '/v1/catalog/L-175/alternatives');
    expect(mid.body.alternatives.map((a: any) => a.sku)).toEqual(['L-170', 'L-180', 'L-160', 'L-190', 'L-199']);
  });

  it('adds the alternatives to each short line of a refused confirmation', async () => {
    // spb was replaced by the previous snapshot: B is left with the one unit in main.
    const id = (await t.call('POST', '/v1/orders', orderBody('ALT-2', [{ sku: 'SHORT', qty: 1 }, { sku: 'X', qty: 1 }]))).body.id;
    const res = await t.call('POST', `/v1/orders/${id}/confirm`);
    expect(res.status).toBe(409);
    expect(res.body.shortages).toHaveLength(1);
    expect(res.body.shortages[0]).toMatchObject({ sku: 'SHORT', requested: 1, available: 0 });
    expect(res.body.shortages[0].alternatives.map((a: any) => [a.sku, a.available, a.warehouseId])).toEqual([['B', 1, 'main'], ['F', 1, 'main'], ['D', 1, 'main'], ['H', 1, 'main']]);
  });

  it('documents the catalog endpoints and the confirmation hold in /openapi.json', async () => {
    const doc = (await t.call('GET', '/openapi.json', undefined, { key: null })).body;
    expect(doc.paths['/v1/catalog/{sku}/alternatives'].get).toBeDefined();
    expect(doc.paths['/v1/catalog/{sku}'].get).toBeDefined();
    expect(doc.components.schemas.ConfirmRequest.properties.expiresInMinutes).toBeDefined();
  });

  it('merges prices into catalog items, a new variant copying its product, and keeps the group price index in step', async () => {
    await t.hub.stock.upsertCatalog([item('TABLE', 'tables', 50000, { weight: 12000, externalIds: { '1c': 'P-TABLE' } })]);
    await t.hub.stock.setPrices([
      { sku: 'TABLE', price: 45000, create: { name: 'unused' } },
      { sku: 'TABLE#OAK', price: 52000, currency: 'RUB', create: { name: 'Стол (дуб)', copyOf: 'TABLE', externalIds: { '1c': 'P-TABLE#OAK' } } },
      { sku: 'LAMP', price: 1500, currency: 'RUB', create: { name: 'Лампа', externalIds: { '1c': 'P-LAMP' } } },
    ]);
    expect(await t.hub.stock.catalogItem('TABLE')).toEqual({ sku: 'TABLE', name: 'Product TABLE', groupId: 'tables', price: 45000, currency: 'RUB', weight: 12000, externalIds: { '1c': 'P-TABLE' } });
    expect(await t.hub.stock.catalogItem('P-TABLE#OAK')).toEqual({ sku: 'TABLE#OAK', name: 'Стол (дуб)', groupId: 'tables', price: 52000, currency: 'RUB', weight: 12000, externalIds: { '1c': 'P-TABLE#OAK' } });
    expect(await t.hub.stock.catalogItem('LAMP')).toEqual({ sku: 'LAMP', name: 'Лампа', price: 1500, currency: 'RUB', externalIds: { '1c': 'P-LAMP' } });
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'TABLE#OAK', qty: 2 }] });
    const alt = await t.call('GET', '/v1/catalog/TABLE/alternatives');
    expect(alt.body.alternatives).toMatchObject([{ sku: 'TABLE#OAK', price: 52000, available: 2 }]);
  });
});
