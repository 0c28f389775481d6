import { describe, expect, it } from 'vitest';
import { useTestHub } from '../../helpers/hub.js';

const t = useTestHub({ demo: false });
const score = (group: string, sku: string) => t.hub.redis.zscore(t.hub.keys.catalogGroup(group), sku);

describe('catalog upsert', () => {
  it('Should keep the stored price, currency and price-index score when an upsert carries no price', async () => {
    await t.hub.stock.upsertCatalog([{ sku: 'CU-1', name: 'Коврик', groupId: 'cu-g1', externalIds: { '1c': 'cu-p1' } }]);
    await t.hub.stock.setPrices([{ sku: 'CU-1', price: 10000, currency: 'RUB', create: { name: 'unused' } }]);
    await t.hub.stock.upsertCatalog([{ sku: 'CU-1', name: 'Коврик (новый)', groupId: 'cu-g1', weight: 1400, externalIds: { '1c': 'cu-p1' } }]);
    expect(await t.hub.stock.catalogItem('cu-p1')).toEqual({ sku: 'CU-1', name: 'Коврик (новый)', groupId: 'cu-g1', weight: 1400, price: 10000, currency: 'RUB', externalIds: { '1c': 'cu-p1' } });
    expect(await score('cu-g1', 'CU-1')).toBe('10000');
  });

  it('Should take the price and currency an upsert does carry', async () => {
    await t.hub.stock.upsertCatalog([{ sku: 'CU-1', name: 'Коврик', groupId: 'cu-g1', price: 12000, currency: 'KZT' }]);
    expect(await t.hub.stock.catalogItem('CU-1')).toMatchObject({ price: 12000, currency: 'KZT' });
    expect(await score('cu-g1', 'CU-1')).toBe('12000');
  });

  it('Should move an item out of its old group into the new one at its kept price', async () => {
    await t.hub.stock.upsertCatalog([{ sku: 'CU-1', name: 'Коврик', groupId: 'cu-g2' }]);
    expect(await score('cu-g1', 'CU-1')).toBeNull();
    expect(await score('cu-g2', 'CU-1')).toBe('12000');
  });

  it('Should index an SKU listed twice in one batch only in the group of its last item', async () => {
    await t.hub.stock.upsertCatalog([
      { sku: 'CU-1', name: 'Коврик', groupId: 'cu-g3' },
      { sku: 'CU-1', name: 'Коврик', groupId: 'cu-g4', externalIds: { '1c': 'cu-p1-bis' } },
    ]);
    expect([await score('cu-g2', 'CU-1'), await score('cu-g3', 'CU-1'), await score('cu-g4', 'CU-1')]).toEqual([null, null, '12000']);
    expect(await t.hub.stock.catalogItem('CU-1')).toMatchObject({ groupId: 'cu-g4', price: 12000 });
    expect((await t.hub.stock.catalogItem('cu-p1-bis'))?.sku).toBe('CU-1');
  });

  it('Should give the SKU of each alias in order, undefined for one it does not hold, past one batch', async () => {
    const items = Array.from({ length: 5002 }, (_, i) => ({ sku: `CU-A${i}`, name: 'Коврик', externalIds: { '1c': `cu-a${i}` } }));
    await t.hub.stock.upsertCatalog(items);
    expect(await t.hub.stock.skusOf([])).toEqual([]);
    expect(await t.hub.stock.skusOf(['cu-a1', 'cu-nope', 'cu-p1', 'CU-1'])).toEqual(['CU-A1', undefined, 'CU-1', undefined]);
    const all = await t.hub.stock.skusOf([...items.map((it) => it.externalIds['1c']), 'cu-nope']);
    expect(all).toHaveLength(5003);
    expect([all[0], all[5000], all[5001], all[5002]]).toEqual(['CU-A0', 'CU-A5000', 'CU-A5001', undefined]);
  });
});
