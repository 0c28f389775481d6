import { describe, expect, it } from 'vitest';
import { CML3_WAREHOUSES, UT11_WAREHOUSES as MAP } from '../../../helpers/one-c.js';
import { fixture, makeCtx, run1c, toCp1251 } from './fake-1c.js';

const DIMS = {
  weightFields: ['Вес', 'Габарит_Вес'],
  sizeFields: { length: ['Габарит_Длина'], width: ['Габарит_Ширина'], height: ['Габарит_Высота'] },
  sizeUnit: 'm' as const,
};

for (const enc of ['utf-8', 'windows-1251'] as const) {
  const load = (name: string) => (enc === 'utf-8' ? fixture(name) : toCp1251(fixture(name)));

  describe(`1C samples in ${enc}`, () => {
    it('Should load the UT 11 catalog (2.07): SKUs, names, groups, properties, weights and sizes', async () => {
      const { ctx, writer } = makeCtx(DIMS);
      const r = await run1c(ctx, [{ name: 'import0_1.xml', data: load('import.request.xml') }], { chunk: 16_384 });
      expect(r.auth).toMatch(/^success\nsvyazka_1c\n\S+/);
      expect(r.init).toBe('zip=no\nfile_limit=104857600');
      expect(r.uploads.every((u) => u === 'success')).toBe(true);
      expect(r.imports[0]).toMatch(/^success\nimport0_1\.xml: CommerceML 2\.07 .*35 products/);
      expect(writer.catalog.size).toBe(35);
      const mat = writer.catalog.get('PM-421-WP')!;
      expect(mat).toMatchObject({
        sku: 'PM-421-WP',
        name: 'Портативный коврик Portable 140x200x1 см, Деревянные лошадки',
        barcode: '8809288404089',
        groupId: '82cfb8dc-18f9-11e7-80c2-0cc47ab29cd1',
        groupPath: ['Коврики для дома'],
        weight: 1400,
        length: 71,
        width: 40,
        height: 12,
        externalIds: { '1c': 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1' },
      });
      expect(mat.properties).toMatchObject({ 'Линейка': 'Portable', 'Страна производства': 'КОРЕЯ, РЕСПУБЛИКА', 'Код ОЗОН': '149831179' });
      expect(writer.stock.size).toBe(0);
    });

    it('Should replace the three UT 11 warehouses from offers.xml (СодержитТолькоИзменения=false) with prices', async () => {
      const { ctx, writer } = makeCtx({ warehouseMap: MAP, priceType: 'BASE' });
      await writer.setLevels([{ warehouseId: 'msk', sku: 'GONE', qty: 5 }, { warehouseId: 'main', sku: 'KEEP', qty: 3 }]);
      const r = await run1c(ctx, [
        { name: 'import0_1.xml', data: load('import.request.xml') },
        { name: 'offers0_1.xml', data: load('offers.request.xml') },
      ]);
      expect(r.imports[1]).toMatch(/^success\n.*44 offers, stock full/);
      expect(writer.calls).toContain('replace:msk,nsk,vvo');
      expect([writer.qty('msk', 'PM-421-WP'), writer.qty('nsk', 'PM-421-WP'), writer.qty('vvo', 'PM-421-WP')]).toEqual([376, 0, 1]);
      expect([writer.qty('msk', 'PM-421-LE'), writer.qty('nsk', 'PM-421-LE'), writer.qty('vvo', 'PM-421-LE')]).toEqual([5, 5, 1]);
      expect(writer.qty('msk', 'GONE')).toBeUndefined();
      expect(writer.qty('main', 'KEEP')).toBe(3);
      // The price merges into the catalog item; weight and group from import.xml stay.
      expect(writer.catalog.get('PM-421-WP')).toMatchObject({ price: 10000, currency: 'RUB', groupPath: ['Коврики для дома'] });
    });

    it('Should read the official 2.04 sample: characteristics, total quantity into the default warehouse, price type by name', async () => {
      const { ctx, writer } = makeCtx({ defaultWarehouseId: 'main', priceType: 'Розничная' });
      const r = await run1c(ctx, [{ name: 'offers.xml', data: load('offers-2.04.request.xml') }]);
      expect(r.imports[0]).toMatch(/^success\n.*CommerceML 2\.04 .*stock full/);
      const sku = '05e26d70-01e4-11dc-a411-00055d80a2d1#05e26d76-01e4-11dc-a411-00055d80a2d1';
      expect(writer.qty('main', sku)).toBe(0);
      expect(writer.catalog.get(sku)).toMatchObject({ name: 'Стол обеденный', price: 700, currency: 'RUB', externalIds: { '1c': sku } });
      expect(writer.calls[0]).toBe('replace:main');
    });

    it('Should apply the CommerceML 3.1 rests.xml as a partial update across 12 warehouses', async () => {
      const { ctx, writer } = makeCtx({ warehouseMap: CML3_WAREHOUSES });
      await writer.setLevels([{ warehouseId: 'msk', sku: 'OTHER', qty: 9 }]);
      const r = await run1c(ctx, [{ name: 'goods/1/rests.xml', data: load('rests-3.1.request.xml') }]);
      expect(r.imports[0]).toMatch(/^success\n.*CommerceML 3\.1 .*86 offers, stock partial \(172 levels\)/);
      expect(writer.qty('msk', '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201')).toBe(0);
      expect(writer.qty('main', '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201')).toBe(0);
      expect(writer.qty('msk', 'OTHER')).toBe(9);
    });
  });
}
