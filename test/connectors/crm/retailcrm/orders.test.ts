import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { retailcrm } from '../../../../src/connectors/crm/retailcrm/index.js';
import { retailCrmConfig, splitName, toCreateForm, toCrmOrder, toStatusEditForm } from '../../../../src/connectors/crm/retailcrm/index.js';
import { config, order } from './helpers.js';

describe('retailcrm order mapping', () => {
  it('maps a hub order: externalId = hub id, items by offer externalId, roubles, delivery address', () => {
    const o = toCrmOrder(order(), config({ deliveryCode: 'svyazka', orderMethodCode: 'shopping-cart' }));
    expect(o).toEqual({
      externalId: 'ord_01jf8z6x5k3q',
      firstName: 'Иван',
      lastName: 'Петров',
      phone: '+79001234567',
      email: 'ivan@example.ru',
      countryIso: 'RU',
      status: 'new',
      orderMethod: 'shopping-cart',
      customerComment: 'Позвонить за час',
      managerComment: 'Svyazka: site #A-1001',
      items: [{ offer: { externalId: 'TSHIRT-BLK-M' }, productName: 'Футболка чёрная M', initialPrice: 1250, quantity: 2 }],
      delivery: { code: 'svyazka', cost: 350, address: { countryIso: 'RU', city: 'Москва', index: '101000', text: 'ул. Мясницкая, 1' } },
      payments: [{ type: 'cash' }],
    });
  });

  it('keeps kopecks exact and sends the paid amount and source custom field for prepaid orders', () => {
    const o = toCrmOrder(
      order({ lines: [{ sku: 'X', name: 'X', qty: 3, price: 1999 }], payment: { method: 'prepaid' }, deliveryPrice: undefined, totals: { items: 5997, delivery: 0, total: 5997 } }),
      config({ sourceCustomField: 'svyazka_source', paymentTypeMap: { prepaid: 'e-money' } }),
    );
    expect(o.items[0]!.initialPrice).toBe(19.99);
    expect(o.delivery.cost).toBeUndefined();
    expect(o.payments).toEqual([{ type: 'e-money', amount: 59.97 }]);
    expect(o.customFields).toEqual({ svyazka_source: 'site' });
  });

  it('builds the form: site code and the order as JSON', () => {
    const form = toCreateForm(order(), config());
    expect(Object.keys(form)).toEqual(['site', 'order']);
    expect(form.site).toBe('shop-main');
    expect(JSON.parse(form.order!).externalId).toBe('ord_01jf8z6x5k3q');
  });

  it('splits names: one word, first + last, Russian "Фамилия Имя Отчество"', () => {
    expect(splitName('Мадонна')).toEqual({ firstName: 'Мадонна' });
    expect(splitName(' Иван   Петров ')).toEqual({ firstName: 'Иван', lastName: 'Петров' });
    expect(splitName('Петров Иван Сергеевич')).toEqual({ lastName: 'Петров', firstName: 'Иван', patronymic: 'Сергеевич' });
    expect(splitName('Anna Maria Schmidt')).toEqual({ firstName: 'Anna', lastName: 'Maria Schmidt' });
  });

  it('maps statuses with the default table and skips unmapped or blanked ones', () => {
    const c = config();
    expect(JSON.parse(toStatusEditForm(order({ status: 'confirmed' }), c)!.order!)).toEqual({ status: 'client-confirmed' });
    expect(toStatusEditForm(order({ status: 'confirmed' }), c)).toMatchObject({ by: 'externalId', site: 'shop-main' });
    expect(toStatusEditForm(order({ status: 'returned' }), c)).toBeUndefined();
    expect(toStatusEditForm(order({ status: 'new' }), config({ statusMap: { new: '' } }))).toBeUndefined();
    expect(JSON.parse(toStatusEditForm(order({ status: 'returned' }), config({ statusMap: { returned: 'return' } }))!.order!)).toEqual({ status: 'return' });
  });

  it('config: defaults, required fields with field paths', () => {
    const c = config();
    expect(c.statusMap).toMatchObject({ new: 'new', delivered: 'complete', cancelled: 'cancel-other' });
    expect(c.paymentTypeMap).toEqual({ prepaid: 'bank-card', cod: 'cash' });
    expect(c.moduleCode).toBe('svyazka');
    const bad = retailCrmConfig.safeParse({ baseUrl: 'nope', apiKey: 'x', siteCode: 'a b' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['apiKey', 'baseUrl', 'siteCode']);
  });

  it('definition: kind crm, secrets listed, config convertible to JSON Schema', () => {
    expect(retailcrm).toMatchObject({ kind: 'crm', type: 'retailcrm', secretFields: ['apiKey', 'callbackSecret'] });
    const schema = z.toJSONSchema(retailcrm.configSchema, { io: 'input' }) as { required?: string[] };
    expect(schema.required?.sort()).toEqual(['apiKey', 'baseUrl', 'siteCode']);
  });
});
