import type { CourierQuoteInput } from '../../../src/core/connectors/contract.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestHub } from '../../helpers/hub.js';
import { addCouriers, rate, scripted, scripts } from './scripted.js';

const t = useTestHub({ definitions: [scripted], hub: { quotes: { parcelDefaults: { weight: 777, length: 40, width: 30, height: 5 } } } });

const seen: CourierQuoteInput[] = [];
beforeAll(async () => {
  await addCouriers(t, ['sa-courier']);
  scripts.set('sa-courier', async (_n, input) => {
    seen.push(input);
    return { rates: [rate(input.origin.city === 'Екатеринбург' ? 40000 : 50000)] };
  });
  for (const [id, city] of [['ekb', 'Екатеринбург'], ['nsk', 'Новосибирск']] as const) {
    await t.hub.warehouses.put({ id, name: city, address: { country: 'RU', city }, timezone: 'Asia/Yekaterinburg', handlingDays: 0, cutoff: '14:00' });
  }
  await t.hub.stock.upsertCatalog([
    { sku: 'SA-KETTLE', name: 'Kettle', weight: 1500, length: 25, width: 20, height: 20, price: 300000 },
    { sku: 'SA-TOWEL', name: 'Towel', price: 90000 }, // no weight or size: the configured defaults apply
  ]);
  await t.hub.stock.replaceWarehouses(new Map([['ekb', new Map([['SA-KETTLE', 5]])], ['nsk', new Map([['SA-TOWEL', 5]])]]));
});

describe('stock-aware quotes', () => {
  it('quotes from each warehouse that holds part of the items, with parcels built per warehouse', async () => {
    seen.length = 0;
    const res = await t.call('POST', '/v1/quotes', { destination: { country: 'RU', city: 'Москва' }, items: [{ sku: 'SA-KETTLE', qty: 2 }, { sku: 'SA-TOWEL', qty: 3 }], connectorIds: ['sa-courier'] });
    expect(res.status).toBe(200);
    expect(res.body.shipFrom).toEqual(expect.arrayContaining([
      { warehouseId: 'ekb', items: [{ sku: 'SA-KETTLE', qty: 2 }] },
      { warehouseId: 'nsk', items: [{ sku: 'SA-TOWEL', qty: 3 }] },
    ]));
    expect(res.body.options.map((o: any) => [o.warehouseId, o.price.amount]).sort()).toEqual([['ekb', 40000], ['nsk', 50000]]);
    const byCity = Object.fromEntries(seen.map((s) => [s.origin.city, s]));
    // Two kettles: weights add up, units stack on their largest face.
    expect(byCity['Екатеринбург']!.parcels).toEqual([{ weight: 3000, length: 25, width: 20, height: 40 }]);
    expect(byCity['Екатеринбург']!.declaredValue).toBe(600000);
    // Three towels with no catalog weight or size: 3 × 777 g, 40 × 30 × (3 × 5) cm from parcelDefaults.
    expect(byCity['Новосибирск']!.parcels).toEqual([{ weight: 2331, length: 40, width: 30, height: 15 }]);
    expect(byCity['Новосибирск']!.declaredValue).toBe(270000);
  });
});
