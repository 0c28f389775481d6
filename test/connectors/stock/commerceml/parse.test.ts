import { describe, expect, it } from 'vitest';
import { emptyMemory } from '../../../../src/connectors/stock/commerceml/catalog.js';
import { commercemlConfig } from '../../../../src/connectors/stock/commerceml/config.js';
import { levelBatches, offerSku, planStock, StockPlanner } from '../../../../src/connectors/stock/commerceml/offers.js';
import { scanCml } from '../../../../src/connectors/stock/commerceml/scan.js';

const cfg = commercemlConfig.parse({ login: 'a', password: 'b', warehouseMap: { W1: 'msk' } });
const enc = (s: string) => new TextEncoder().encode(s);

describe('commerceml parsing', () => {
  it('Should read CDATA, comments, entities and a ">" inside an attribute value', async () => {
    const scan = await scanCml(
      enc(`<?xml version="1.0"?><!-- 1C --><КоммерческаяИнформация ВерсияСхемы="2.05" x="a>b"><Каталог><Товары><Товар><Ид>P1</Ид><Артикул>A&amp;B</Артикул><Наименование><![CDATA[Стол <дуб>]]></Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`),
    );
    expect(scan.catalog?.products[0]).toMatchObject({ id: 'P1', article: 'A&B', name: 'Стол <дуб>' });
  });

  it('Should read ИзмененияПакетаПредложений (2.10) as a partial change with characteristics', async () => {
    const scan = await scanCml(
      enc(`<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.10"><ИзмененияПакетаПредложений><Ид>x</Ид><Предложения><Предложение><Ид>P1</Ид><ИдХарактеристики>C1</ИдХарактеристики><Склады ИдСклада="W1" КоличествоНаСкладе="2,000"/></Предложение></Предложения></ИзмененияПакетаПредложений></КоммерческаяИнформация>`),
    );
    const plan = await planStock(scan, cfg, emptyMemory());
    expect(plan.mode).toBe('partial');
    expect([...levelBatches(plan, 100)].flat()).toEqual([{ warehouseId: 'msk', sku: 'P1#C1', qty: 2 }]);
  });

  it('Should map characteristic offers to <sku>#<characteristic> unless they carry an article of their own', () => {
    const mem = emptyMemory();
    mem.products.set('P1', { sku: 'TABLE' });
    expect(offerSku({ id: 'P1#C1', prices: [], stocks: [] }, cfg, mem)).toBe('TABLE#C1');
    expect(offerSku({ id: 'P1#C1', article: 'TABLE', prices: [], stocks: [] }, cfg, mem)).toBe('TABLE#C1');
    expect(offerSku({ id: 'P1#C1', article: 'TABLE-RED', prices: [], stocks: [] }, cfg, mem)).toBe('TABLE-RED');
    expect(offerSku({ id: 'P1', prices: [], stocks: [] }, cfg, mem)).toBe('TABLE');
    expect(offerSku({ id: 'P1#C1', article: 'X', prices: [], stocks: [] }, { ...cfg, skuFrom: 'id' }, mem)).toBe('P1#C1');
  });

  it('Should leave stock alone for a prices-only file even when it says it is a full snapshot', async () => {
    const scan = await scanCml(
      enc(`<КоммерческаяИнформация ВерсияСхемы="3.1"><ПакетПредложений СодержитТолькоИзменения="false"><Предложения><Предложение><Ид>P1</Ид><Цены><Цена><ЦенаЗаЕдиницу>12,5</ЦенаЗаЕдиницу><Валюта>руб</Валюта></Цена></Цены></Предложение></Предложения></ПакетПредложений></КоммерческаяИнформация>`),
    );
    const plan = await planStock(scan, cfg, emptyMemory());
    expect(plan.mode).toBe('none');
    expect(plan.priced[0]).toMatchObject({ sku: 'P1', price: 1250, currency: 'RUB', oneCId: 'P1' });
  });

  it('Should let the last offer of an SKU win in every warehouse, as the file streams by', () => {
    const two = commercemlConfig.parse({ login: 'a', password: 'b', warehouseMap: { W1: 'msk', W2: 'spb', W3: 'msk' } });
    const planner = new StockPlanner(two, emptyMemory(), true, new Map());
    planner.add({ id: 'P1', article: 'A', prices: [], stocks: [{ warehouseId: 'W1', qty: '5' }, { warehouseId: 'W2', qty: '7' }] });
    planner.add({ id: 'P2', article: 'A', prices: [], stocks: [{ warehouseId: 'W1', qty: '1' }, { warehouseId: 'W3', qty: '2,000' }] });
    const plan = planner.finish([{ id: 'W1' }, { id: 'W2' }]);
    expect(plan.mode).toBe('full');
    expect(plan.byWarehouse.get('msk')).toEqual(new Map([['A', 3]]));
    // spb is named by the file, so the snapshot empties it: A's earlier 7 there must not survive.
    expect(plan.byWarehouse.get('spb')).toEqual(new Map());
    expect(plan.warnings).toEqual(['offer P2: SKU A appears twice, the last offer wins']);
    expect(planner.offers).toBe(2);
  });

  it('Should ask the catalog once, after the parse, for the products the memory does not know, and map their offers', async () => {
    const mem = emptyMemory();
    mem.products.set('P2', { sku: 'KNOWN' });
    const planner = new StockPlanner(cfg, mem, false, new Map());
    const stock = (qty: string) => [{ warehouseId: 'W1', qty }];
    planner.add({ id: 'P1', article: 'OWN', prices: [], stocks: stock('1') });
    planner.add({ id: 'P3', prices: [{ amount: '10' }], stocks: stock('2') });
    planner.add({ id: 'P3#C1', article: 'TABLE', prices: [{ amount: '12' }], stocks: stock('3') });
    planner.add({ id: 'P3#C2', article: 'TABLE-RED', prices: [], stocks: stock('4') });
    planner.add({ id: 'P2#C1', prices: [], stocks: stock('5') });
    planner.add({ id: 'P4#C1', prices: [], stocks: stock('6') });
    const asked: string[][] = [];
    await planner.resolve(async (ids) => {
      asked.push(ids);
      return ids.map((id) => (id === 'P3' ? 'TABLE' : undefined));
    });
    const plan = planner.finish([]);
    // P1 has an article of its own and P2 is known: only P3 and P4 are asked for, once each.
    expect(asked).toEqual([['P3', 'P4']]);
    expect(plan.byWarehouse.get('msk')).toEqual(new Map([['OWN', 1], ['TABLE', 2], ['TABLE#C1', 3], ['TABLE-RED', 4], ['KNOWN#C1', 5], ['P4#C1', 6]]));
    expect(plan.priced.map((p) => [p.oneCId, p.sku, p.create.copyOf, p.create.name])).toEqual([['P3', 'TABLE', 'TABLE', 'TABLE'], ['P3#C1', 'TABLE#C1', 'TABLE', 'TABLE#C1']]);
    expect(plan.resolved).toEqual(new Map([['P3', 'TABLE']]));
    expect(plan.warnings).toEqual([]);
  });

  it('Should map offers by the memory alone when the catalog is not asked, and never ask it with skuFrom=id', async () => {
    const planner = new StockPlanner(cfg, emptyMemory(), false, new Map());
    planner.add({ id: 'P3#C1', article: 'TABLE', prices: [], stocks: [{ warehouseId: 'W1', qty: '1' }] });
    expect(planner.finish([]).byWarehouse.get('msk')).toEqual(new Map([['TABLE', 1]]));
    const byId = new StockPlanner({ ...cfg, skuFrom: 'id' }, emptyMemory(), false, new Map());
    byId.add({ id: 'P3', article: 'TABLE', prices: [], stocks: [{ warehouseId: 'W1', qty: '1' }] });
    await byId.resolve(() => Promise.reject(new Error('asked')));
    expect(byId.finish([]).byWarehouse.get('msk')).toEqual(new Map([['P3', 1]]));
  });

  it('Should name unmapped 1C warehouses only once every offer is in, and plan nothing', () => {
    const planner = new StockPlanner(cfg, emptyMemory(), false, new Map());
    planner.add({ id: 'P1', prices: [], stocks: [{ warehouseId: 'W9', qty: '1' }] });
    expect(() => planner.finish([])).toThrow(/W9/);
  });
});
