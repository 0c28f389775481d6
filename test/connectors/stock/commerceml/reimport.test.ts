import { describe, expect, it } from 'vitest';
import { emptyMemory } from '../../../../src/connectors/stock/commerceml/catalog.js';
import { commercemlConfig } from '../../../../src/connectors/stock/commerceml/config.js';
import { importCml } from '../../../../src/connectors/stock/commerceml/import.js';
import { useTestHub } from '../../../helpers/hub.js';

const t = useTestHub({ demo: false });
const cfg = commercemlConfig.parse({ login: '1c', password: 's3cret', warehouseMap: { W1: 'w1c' } });
const mem = emptyMemory();
const enc = (s: string) => new TextEncoder().encode(s);
const doc = (body: string) => enc(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08">${body}</КоммерческаяИнформация>`);
const product = (id: string, art: string, name: string, group: string) => `<Товар><Ид>${id}</Ид><Артикул>${art}</Артикул><Наименование>${name}</Наименование><Группы><Ид>${group}</Ид></Группы></Товар>`;
const catalog = (only: boolean, products: string) =>
  doc(`<Классификатор><Группы><Группа><Ид>RI-MATS</Ид><Наименование>Коврики</Наименование></Группа><Группа><Ид>RI-RUGS</Ид><Наименование>Пледы</Наименование></Группа></Группы></Классификатор><Каталог СодержитТолькоИзменения="${only}"><Товары>${products}</Товары></Каталог>`);
const offer = (id: string, rub: number, qty: number) => `<Предложение><Ид>${id}</Ид><Цены><Цена><ЦенаЗаЕдиницу>${rub}</ЦенаЗаЕдиницу><Валюта>руб</Валюта></Цена></Цены><Склад ИдСклада="W1" КоличествоНаСкладе="${qty}"/></Предложение>`;
const offers = (only: boolean, body: string) => doc(`<ПакетПредложений СодержитТолькоИзменения="${only}"><Склады><Склад><Ид>W1</Ид><Наименование>Москва</Наименование></Склад></Склады><Предложения>${body}</Предложения></ПакетПредложений>`);
const load = (file: Uint8Array) => importCml(file, cfg, t.hub.stock, mem);
const score = (group: string, sku: string) => t.hub.redis.zscore(t.hub.keys.catalogGroup(group), sku);

describe('commerceml: importing import.xml again', () => {
  it('Should keep a price when a changes-only import.xml renames the product and the next offers leave it out', async () => {
    expect((await t.call('PUT', '/v1/admin/warehouses/w1c', { name: 'w1c', address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' })).status).toBe(201);
    await load(catalog(false, product('P1', 'A1', 'Коврик', 'RI-MATS') + product('P2', 'A2', 'Коврик большой', 'RI-MATS') + product('P3', 'A3', 'Коврик малый', 'RI-MATS')));
    await load(offers(false, offer('P1', 100, 2) + offer('P2', 150, 2) + offer('P3', 80, 0)));
    await load(catalog(true, product('P1', 'A1', 'Коврик Portable', 'RI-MATS')));
    const r = await load(offers(true, offer('P2', 150, 3)));
    expect(r).toMatchObject({ stock: 'partial', priced: 0 });

    expect(await t.hub.stock.catalogItem('P1')).toMatchObject({ sku: 'A1', name: 'Коврик Portable', groupPath: ['Коврики'], price: 10000, currency: 'RUB' });
    expect(await score('RI-MATS', 'A1')).toBe('10000');
    // 80 ₽ is nearer 100 ₽ than 150 ₽: with A1 dropped to 0 in the index, A2 would come first.
    expect((await t.hub.alternatives('A3')).map((a) => [a.sku, a.price])).toEqual([['A1', 10000], ['A2', 15000]]);
  });

  it('Should move a product to its new group in the price index at its price, out of the old one', async () => {
    await load(catalog(true, product('P2', 'A2', 'Плед', 'RI-RUGS')));
    expect(await t.hub.stock.catalogItem('A2')).toMatchObject({ groupId: 'RI-RUGS', groupPath: ['Пледы'], price: 15000 });
    expect([await score('RI-MATS', 'A2'), await score('RI-RUGS', 'A2')]).toEqual([null, '15000']);
    expect((await t.hub.alternatives('A3')).map((a) => a.sku)).toEqual(['A1']);
  });

  it('Should empty the warehouses a full snapshot lists under Склады with no offers, atomically', async () => {
    expect((await t.hub.stock.view('A2')).onHand).toBe(3);
    const r = await load(offers(false, ''));
    expect(r).toMatchObject({ stock: 'full', offers: 0 });
    expect(await t.hub.redis.exists(t.hub.keys.stockOnHand('w1c'))).toBe(0);
    expect(await t.hub.stock.view('A2')).toMatchObject({ onHand: 0, warehouses: [] });
    // The catalog is not stock: prices stay.
    expect(await t.hub.stock.catalogItem('A1')).toMatchObject({ price: 10000 });
  });
});
