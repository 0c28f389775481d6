import { describe, expect, it } from 'vitest';
import { emptyMemory, type CatalogMemory } from '../../../../src/connectors/stock/commerceml/catalog.js';
import { commercemlConfig } from '../../../../src/connectors/stock/commerceml/config.js';
import { importCml } from '../../../../src/connectors/stock/commerceml/import.js';
import { useTestHub } from '../../../helpers/hub.js';

// The hub's memory of 1C Ид → SKU lives in the import thread; a restart (or a crashed thread) loses
// it, and 1C's next import.xml may list only the products that changed. Each `emptyMemory()` below
// is such a restart: the catalog in Redis is all that is left.
const t = useTestHub({ demo: false });
const cfg = commercemlConfig.parse({ login: '1c', password: 's3cret', warehouseMap: { W1: 'w1c' } });
const enc = (s: string) => new TextEncoder().encode(s);
const doc = (body: string) => enc(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08">${body}</КоммерческаяИнформация>`);
const product = (id: string, art: string, name: string) => `<Товар><Ид>${id}</Ид><Артикул>${art}</Артикул><Наименование>${name}</Наименование><Группы><Ид>RI-MATS</Ид></Группы></Товар>`;
const catalogPart = (only: boolean, products: string) => `<Каталог СодержитТолькоИзменения="${only}"><Товары>${products}</Товары></Каталог>`;
const catalog = (only: boolean, products: string) => doc(`<Классификатор><Группы><Группа><Ид>RI-MATS</Ид><Наименование>Коврики</Наименование></Группа></Группы></Классификатор>${catalogPart(only, products)}`);
const offer = (id: string, rub: number, qty: number, extra = '') => `<Предложение><Ид>${id}</Ид>${extra}<Цены><Цена><ЦенаЗаЕдиницу>${rub}</ЦенаЗаЕдиницу><Валюта>руб</Валюта></Цена></Цены><Склад ИдСклада="W1" КоличествоНаСкладе="${qty}"/></Предложение>`;
const offersPart = (only: boolean, body: string) => `<ПакетПредложений СодержитТолькоИзменения="${only}"><Склады><Склад><Ид>W1</Ид><Наименование>Москва</Наименование></Склад></Склады><Предложения>${body}</Предложения></ПакетПредложений>`;
const offers = (only: boolean, body: string) => doc(offersPart(only, body));
const load = (file: Uint8Array, mem: CatalogMemory) => importCml(file, cfg, t.hub.stock, mem);
const onHand = (sku: string) => t.hub.redis.hget(t.hub.keys.stockOnHand('w1c'), sku);
const inCatalog = (sku: string) => t.hub.redis.hexists(t.hub.keys.catalog, sku);

describe('commerceml: offers after a restart, for products the last import.xml did not list', () => {
  it('Should put stock and prices on the article SKUs the catalog keeps, not on new SKUs named by the 1C Ид', async () => {
    expect((await t.call('PUT', '/v1/admin/warehouses/w1c', { name: 'w1c', address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' })).status).toBe(201);
    const before = emptyMemory();
    await load(catalog(false, product('P1', 'A1', 'Коврик') + product('P2', 'A2', 'Плед')), before);
    // 1C repeats the product's Артикул on a characteristic's offer: that is no article of its own.
    await load(offers(false, offer('P1', 100, 2) + offer('P2#C1', 150, 3) + offer('P2#C2', 150, 4, '<Артикул>A2</Артикул>')), before);
    expect([await onHand('A1'), await onHand('A2#C1'), await onHand('A2#C2')]).toEqual(['2', '3', '4']);

    const after = emptyMemory();
    await load(catalog(true, product('P3', 'A3', 'Коврик малый')), after);
    const r = await load(offers(true, offer('P1', 110, 7) + offer('P2#C1', 150, 8) + offer('P2#C2', 150, 9, '<Артикул>A2</Артикул>')), after);

    expect(r).toMatchObject({ stock: 'partial', levels: 3, priced: 3, warnings: [] });
    expect([await onHand('A1'), await onHand('A2#C1'), await onHand('A2#C2')]).toEqual(['7', '8', '9']);
    expect([await onHand('P1'), await onHand('P2#C1'), await onHand('P2#C2'), await onHand('A2')]).toEqual([null, null, null, null]);
    expect([await inCatalog('P1'), await inCatalog('P2#C1'), await inCatalog('P2#C2')]).toEqual([0, 0, 0]);
    expect(await t.hub.stock.catalogItem('P1')).toMatchObject({ sku: 'A1', name: 'Коврик', price: 11000, groupPath: ['Коврики'] });
    expect(await t.hub.stock.view('P2#C1')).toMatchObject({ sku: 'A2#C1', onHand: 8 });
    // Remembered: the next file maps them without asking the catalog again.
    expect([after.products.get('P1')?.sku, after.products.get('P2')?.sku, after.products.get('P2#C1')?.sku]).toEqual(['A1', 'A2', 'A2#C1']);
  });

  it('Should create a characteristic first offered after a restart as <product sku>#<characteristic>, copying its product', async () => {
    const r = await load(offers(true, offer('P2#C3', 170, 1)), emptyMemory());
    expect(r).toMatchObject({ levels: 1, priced: 1 });
    expect(await onHand('A2#C3')).toBe('1');
    expect(await t.hub.stock.catalogItem('P2#C3')).toMatchObject({ sku: 'A2#C3', name: 'A2#C3', groupId: 'RI-MATS', groupPath: ['Коврики'], price: 17000, externalIds: { '1c': 'P2#C3' } });
  });

  it('Should map offers through the catalog in a file that holds a catalog too, for products it does not list', async () => {
    const mem = emptyMemory();
    const r = await load(doc(catalogPart(true, product('P3', 'A3', 'Коврик малый')) + offersPart(true, offer('P1', 110, 5) + offer('P3', 90, 6))), mem);
    expect(r).toMatchObject({ products: 1, levels: 2 });
    expect([await onHand('A1'), await onHand('A3'), await onHand('P1')]).toEqual(['5', '6', null]);
    expect(mem.products.get('P1')?.sku).toBe('A1');
  });

  it('Should keep an Ид the hub has never seen as its own SKU, as before', async () => {
    const r = await load(offers(true, offer('P9', 10, 1) + offer('P9#C9', 10, 2)), emptyMemory());
    expect(r).toMatchObject({ levels: 2, priced: 2 });
    expect([await onHand('P9'), await onHand('P9#C9')]).toEqual(['1', '2']);
    expect(await t.hub.stock.catalogItem('P9#C9')).toMatchObject({ sku: 'P9#C9', name: 'P9#C9', price: 1000 });
  });

  it('Should let the later offer win where an offer mapped through the catalog meets another of the same SKU', async () => {
    const r = await load(offers(false, offer('P1', 110, 1) + offer('PX', 110, 4, '<Артикул>A1</Артикул>') + offer('P3', 90, 3, '<Артикул>A3</Артикул>') + offer('P3', 90, 2)), emptyMemory());
    expect(r.warnings).toEqual(['offer P1: SKU A1 appears twice, the last offer wins', 'offer P3: SKU A3 appears twice, the last offer wins']);
    expect(await t.hub.redis.hgetall(t.hub.keys.stockOnHand('w1c'))).toEqual({ A1: '4', A3: '2' });
  });
});
