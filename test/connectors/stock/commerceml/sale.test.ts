import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { Order } from '../../../../src/core/model/index.js';
import type { OrderUpdate } from '../../../../src/connectors/stock/commerceml/sale.js';
import { scanCml } from '../../../../src/connectors/stock/commerceml/scan.js';
import { basic, fixture, get, makeCtx, text } from './fake-1c.js';

const order: Order = {
  id: 'ord_1',
  source: 'site',
  externalId: 'A-1001',
  currency: 'RUB',
  customer: { name: 'Пётр Петров & Ко', phone: '+79001234567', email: 'p@example.ru' },
  delivery: { address: { country: 'RU', city: 'Москва', postcode: '101000', line: 'Тверская 1' } },
  lines: [{ sku: 'PM-421-WP', name: 'Коврик <Portable>', qty: 2, price: 150050 }],
  payment: { method: 'cod' },
  deliveryPrice: 34800,
  status: 'confirmed',
  totals: { items: 300100, delivery: 34800, total: 334900 },
  createdAt: '2026-11-23T09:00:00+03:00',
  updatedAt: '2026-11-23T09:05:00+03:00',
  history: [],
};

function withSale(config: Parameters<typeof makeCtx>[0] = {}) {
  const t = makeCtx(config);
  const calls = { exported: [] as string[][], updates: [] as OrderUpdate[][], asked: [] as string[][] };
  const oneC = new Map<string, string>();
  t.ctx.sale = {
    ordersToExport: async () => [order],
    markExported: async (ids) => void calls.exported.push(ids),
    applyOrderUpdates: async (u) => void calls.updates.push(u),
    oneCIds: async (skus) => {
      calls.asked.push(skus);
      return new Map(skus.flatMap((s) => (oneC.has(s) ? [[s, oneC.get(s)!] as const] : [])));
    },
  };
  return { ...t, calls, oneC };
}

async function session(ctx: ReturnType<typeof makeCtx>['ctx']) {
  const [, n, v] = text(await get(ctx, { type: 'sale', mode: 'checkauth' }, { Authorization: basic('1c', 's3cret') })).split('\n');
  return { Cookie: `${n}=${v}` };
}

describe('commerceml type=sale', () => {
  for (const encoding of ['windows-1251', 'utf-8'] as const) {
    it(`Should export orders as a CommerceML document in ${encoding} and mark them only on success`, async () => {
      const { ctx, calls } = withSale({ saleEncoding: encoding });
      const h = await session(ctx);
      const r = await get(ctx, { type: 'sale', mode: 'query' }, h);
      const bytes = r.body as Uint8Array;
      expect(r.headers['content-type']).toBe(`application/xml; charset=${encoding}`);
      if (encoding === 'utf-8') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      else expect(iconv.decode(Buffer.from(bytes), 'win1251')).toContain('<Наименование>Пётр Петров &amp; Ко</Наименование>');
      const scan = await scanCml(bytes);
      expect(scan.encoding).toBe(encoding);
      const doc = scan.documents[0]!;
      const xml = JSON.stringify(doc);
      expect(xml).toContain('"text":"ord_1"');
      expect(xml).toContain('"text":"3349.00"');
      expect(xml).toContain('"text":"ORDER_DELIVERY"');
      expect(xml).toContain('"text":"Коврик <Portable>"');
      expect(xml).toContain('"text":"[C] Подтвержден"');
      expect(xml).toContain('"text":"Наложенный платеж"');
      expect(calls.exported).toEqual([]);
      expect(text(await get(ctx, { type: 'sale', mode: 'success' }, h))).toBe('success');
      expect(calls.exported).toEqual([['ord_1']]);
    });
  }

  it('Should send the 1C Ид of a SKU whose catalog came from this 1C', async () => {
    const { ctx, oneC, calls } = withSale({ saleEncoding: 'utf-8' });
    oneC.set('PM-421-WP', 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1');
    const r = await get(ctx, { type: 'sale', mode: 'query' }, await session(ctx));
    expect(calls.asked).toEqual([['PM-421-WP']]);
    expect(Buffer.from(r.body as Uint8Array).toString('utf8')).toContain('<Ид>bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1</Ид>\n        <Артикул>PM-421-WP</Артикул>');
  });

  it('Should parse 1C order updates (2.03 and 2.05, windows-1251) and hand them to the hook', async () => {
    const { ctx, calls } = withSale();
    const h = await session(ctx);
    expect(text(await get(ctx, { type: 'sale', mode: 'file', filename: 'orders.xml' }, h, fixture('sale-file-2.03.request.xml')))).toBe('success\n1 order updates');
    expect(calls.updates[0]![0]).toMatchObject({ id: '20', number: '20', total: 968342, paid: true, shipAllowed: true, cancelled: false, final: true, statusCode: 'F', status: 'delivered' });
    await get(ctx, { type: 'sale', mode: 'file', filename: 'orders.xml' }, h, fixture('sale-query-2.05.response.xml'));
    expect(calls.updates[1]!.map((u) => [u.id, u.status, u.paid])).toEqual([
      ['132', 'new', false],
      ['133', expect.any(String), expect.any(Boolean)],
    ]);
  });

  it('Should answer failure for type=sale when the hub has no order hook', async () => {
    const { ctx } = makeCtx();
    expect(text(await get(ctx, { type: 'sale', mode: 'query' }, await session(ctx)))).toMatch(/^failure\norder export to 1C is not enabled/);
  });
});
