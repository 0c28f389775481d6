import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { basic, CML3_WAREHOUSES, run1c, toCp1251, UT11_WAREHOUSES, type Send } from '../helpers/one-c.js';
import { orderBody, useTestHub, type TestHub } from '../helpers/hub.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/stock/commerceml');
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));
const enc = (s: string) => new TextEncoder().encode(s);

const WAREHOUSE = (name: string) => ({ name, address: { country: 'RU', city: name }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' });

async function setUp(t: TestHub) {
  for (const w of ['msk', 'nsk', 'vvo']) expect((await t.call('PUT', `/v1/admin/warehouses/${w}`, WAREHOUSE(w))).status).toBe(201);
  const connectors = [
    { id: 'ut11', config: { warehouseMap: UT11_WAREHOUSES, priceType: 'BASE', weightFields: ['Вес', 'Габарит_Вес'], sizeFields: { length: ['Габарит_Длина'], width: ['Габарит_Ширина'], height: ['Габарит_Высота'] }, sizeUnit: 'm' } },
    { id: 'doc204', config: { defaultWarehouseId: 'main', priceType: 'Розничная' } },
    { id: 'cml3', config: { warehouseMap: CML3_WAREHOUSES } },
    { id: 'sale', config: { saleEncoding: 'utf-8' } },
  ];
  for (const c of connectors) {
    const res = await t.call('POST', '/v1/admin/connectors', { id: c.id, type: 'commerceml', config: { login: '1c', password: 's3cret', ...c.config } });
    expect(res.status).toBe(201);
  }
}

const sendVia = (t: TestHub): Send => async (path, init) => t.app.request(path, init);

for (const encoding of ['utf-8', 'windows-1251'] as const) {
  describe(`1C exchange over HTTP, samples in ${encoding}`, () => {
    const t = useTestHub();
    const load = (name: string) => (encoding === 'utf-8' ? fixture(name) : toCp1251(fixture(name)));

    it('loads the UT 11 catalog and offers: stock per warehouse, catalog, lookup by the 1C Ид', async () => {
      await setUp(t);
      const r = await run1c(sendVia(t), 'ut11', [
        { name: 'import0_1.xml', data: load('import.request.xml') },
        { name: 'offers0_1.xml', data: load('offers.request.xml') },
      ], { chunk: 16_384 });
      expect(r.auth).toMatch(/^success\nsvyazka_1c\n\S+/);
      expect(r.init).toBe('zip=no\nfile_limit=104857600');
      expect(r.uploads.length).toBeGreaterThan(4);
      expect(r.uploads.every((u) => u === 'success')).toBe(true);
      expect(r.imports[0]).toMatch(/^success\nimport0_1\.xml: CommerceML 2\.07 .*35 products/);
      expect(r.imports[1]).toMatch(/^success\noffers0_1\.xml: .*44 offers, stock full/);

      const stock = await t.call('GET', '/v1/stock?sku=PM-421-WP');
      expect(stock.status).toBe(200);
      expect(stock.body).toMatchObject({ sku: 'PM-421-WP', onHand: 377, reserved: 0, available: 377 });
      expect(Object.fromEntries(stock.body.warehouses.map((w: any) => [w.warehouseId, w.onHand]))).toEqual({ msk: 376, nsk: 0, vvo: 1 });
      const byId = await t.call('GET', '/v1/stock?sku=bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1');
      expect(byId.body).toMatchObject({ sku: 'PM-421-WP', onHand: 377 });
      expect((await t.call('GET', '/v1/stock?sku=PM-421-LE')).body.warehouses.map((w: any) => w.onHand)).toEqual([5, 5, 1]);

      const item = await t.hub.stock.catalogItem('PM-421-WP');
      expect(item).toMatchObject({
        name: 'Портативный коврик Portable 140x200x1 см, Деревянные лошадки',
        groupPath: ['Коврики для дома'],
        weight: 1400,
        price: 10000,
        currency: 'RUB',
        externalIds: { '1c': 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1' },
      });
    });

    it('confirms an order whose line names the product by its 1C Ид', async () => {
      const created = await t.call('POST', '/v1/orders', orderBody(`ALIAS-${encoding}`, [{ sku: 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1', qty: 2 }]));
      const res = await t.call('POST', `/v1/orders/${created.body.id}/confirm`);
      expect(res.status).toBe(200);
      expect(res.body.allocations).toEqual([{ sku: 'PM-421-WP', warehouseId: 'msk', qty: 2 }]);
      expect((await t.call('GET', '/v1/stock?sku=PM-421-WP')).body).toMatchObject({ reserved: 2, available: 375 });
    });

    it('loads the official 2.04 offers (characteristics, total into the default warehouse)', async () => {
      const r = await run1c(sendVia(t), 'doc204', [{ name: 'offers.xml', data: load('offers-2.04.request.xml') }], { chunk: 1000 });
      expect(r.imports[0]).toMatch(/^success\n.*CommerceML 2\.04 .*stock full/);
      const sku = '05e26d70-01e4-11dc-a411-00055d80a2d1#05e26d76-01e4-11dc-a411-00055d80a2d1';
      const stock = await t.call('GET', `/v1/stock?sku=${encodeURIComponent(sku)}`);
      expect(stock.body.warehouses).toEqual([{ warehouseId: 'main', onHand: 0, reserved: 0, available: 0 }]);
      expect(await t.hub.stock.catalogItem(sku)).toMatchObject({ name: 'Стол обеденный', price: 700, currency: 'RUB' });
    });

    it('applies the CommerceML 3.1 rests.xml as a partial update, leaving other SKUs alone', async () => {
      const before = (await t.call('GET', '/v1/stock?sku=PM-421-WP')).body.warehouses;
      const r = await run1c(sendVia(t), 'cml3', [{ name: 'goods/1/rests.xml', data: load('rests-3.1.request.xml') }], { chunk: 50_000 });
      expect(r.imports[0]).toMatch(/^success\n.*CommerceML 3\.1 .*86 offers, stock partial/);
      const sku = '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201';
      expect((await t.call('GET', `/v1/stock?sku=${encodeURIComponent(sku)}`)).body.warehouses.find((w: any) => w.warehouseId === 'msk')).toMatchObject({ onHand: 0 });
      expect((await t.call('GET', '/v1/stock?sku=PM-421-WP')).body.warehouses).toEqual(before);
    });

    it('takes the order samples over type=sale&mode=file', async () => {
      for (const f of ['sale-file-2.03.request.xml', 'sale-query-2.05.response.xml']) {
        const r = await run1c(sendVia(t), 'sale', [], { type: 'sale' });
        const res = await t.app.request(`/1c/sale/exchange?type=sale&mode=file&filename=orders.xml`, { method: 'POST', headers: { cookie: r.cookie! }, body: fixture(f) });
        expect(await res.text()).toMatch(/^success\n\d+ order updates/);
      }
    });
  });
}

describe('1C exchange refusals', () => {
  const t = useTestHub();
  const send = sendVia(t);
  const stockOf = async (sku: string) => (await t.call('GET', `/v1/stock?sku=${sku}`)).body;

  it('refuses billion laughs and XXE with failure and leaves stock as it was', async () => {
    await setUp(t);
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'SAFE', qty: 7 }] });
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="false"><Предложения><Предложение><Ид>&lol9;</Ид><Артикул>SAFE</Артикул><Количество>0</Количество></Предложение></Предложения></ПакетПредложений></КоммерческаяИнформация>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="false"><Предложения><Предложение><Ид>&xxe;</Ид><Артикул>SAFE</Артикул><Количество>0</Количество></Предложение></Предложения></ПакетПредложений></КоммерческаяИнформация>`;
    // The parse runs in the import thread: RSS counts its memory, the heap only this thread's.
    const { heapUsed: heap, rss } = process.memoryUsage();
    for (const file of [laughs, xxe]) {
      const r = await run1c(send, 'doc204', [{ name: 'offers.xml', data: enc(file) }], { chunk: 256 });
      expect(r.uploads.every((u) => u === 'success')).toBe(true);
      expect(r.imports[0]).toMatch(/^failure\noffers\.xml: .*DOCTYPE\/ENTITY declaration/);
    }
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024); // expanded, lol9 alone is 3 GB
    expect(await stockOf('SAFE')).toMatchObject({ onHand: 7, available: 7 });
  });

  it('answers failure without a valid session, and with a wrong password', async () => {
    const noCookie = await send('/1c/doc204/exchange?type=catalog&mode=init', { method: 'GET', headers: {} });
    expect(await noCookie.text()).toMatch(/^failure\nno valid session/);
    const forged = await send('/1c/doc204/exchange?type=catalog&mode=file&filename=offers.xml', { method: 'POST', headers: { cookie: 'svyazka_1c=forged' }, body: enc('<x/>') });
    expect(await forged.text()).toMatch(/^failure\n/);
    const r = await run1c(send, 'doc204', [], { password: 'wrong' });
    expect(r.auth).toMatch(/^failure\nwrong login or password/);
    expect(r.init).toBe('');
  });

  it('accepts the session from the sessid query parameter newer 1C versions add', async () => {
    const auth = await (await send('/1c/doc204/exchange?type=catalog&mode=checkauth', { method: 'GET', headers: { authorization: basic('1c', 's3cret') } })).text();
    const sessid = auth.split('\n')[3]!.replace('sessid=', '');
    const init = await send(`/1c/doc204/exchange?type=catalog&mode=init&sessid=${sessid}`, { method: 'GET', headers: {} });
    expect(await init.text()).toMatch(/^zip=no\nfile_limit=/);
  });

  it('answers failure for an unknown or disabled connector and for a non-1C connector', async () => {
    for (const path of ['/1c/nope/exchange?type=catalog&mode=checkauth', '/1c/own-courier/exchange?type=catalog&mode=checkauth']) {
      const res = await send(path, { method: 'GET', headers: { authorization: basic('1c', 's3cret') } });
      expect(res.status).toBe(200); // 1C shows the body's reason only on a 200
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect((await res.text()).split('\n')[0]).toBe('failure');
    }
  });

  it('refuses a body over the connector limit before reading it whole, storing nothing', async () => {
    const put = await t.call('PUT', '/v1/admin/connectors/small', { id: 'small', type: 'commerceml', config: { login: '1c', password: 's3cret', defaultWarehouseId: 'main', fileLimitBytes: 2048 } });
    expect(put.status).toBe(201);
    // 1C sends chunks of at most file_limit; the second one takes the file past it.
    const r = await run1c(send, 'small', [{ name: 'offers.xml', data: new Uint8Array(4096).fill(32) }]);
    expect(r.init).toBe('zip=no\nfile_limit=2048');
    expect(r.uploads).toEqual(['success', expect.stringMatching(/^failure\n.*over the limit of 2048 bytes/)]);
    expect(r.imports[0]).toMatch(/^failure\n.*was not uploaded/);
    // One request bigger than the limit is cut off by the route itself.
    const big = await send(`/1c/small/exchange?type=catalog&mode=file&filename=offers.xml`, { method: 'POST', headers: { cookie: r.cookie! }, body: new Uint8Array(100_000) });
    expect(big.status).toBe(200);
    expect(await big.text()).toMatch(/^failure\n.*over the limit of 2048 bytes/);
  });

  it('serves 1C over HTTP/1.0 (GET for control calls, POST for files) on a real socket', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const raw = (head: string, body = '') =>
      new Promise<string>((resolve, reject) => {
        // 1C keeps the socket open after its request; an HTTP/1.0 server closes it after the answer.
        const s = connect(port, '127.0.0.1', () => s.write(head + body));
        const chunks: Buffer[] = [];
        s.on('data', (d) => chunks.push(d)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
      });
    try {
      const auth = await raw(`GET /1c/doc204/exchange?type=catalog&mode=checkauth HTTP/1.0\r\nHost: hub\r\nAuthorization: ${basic('1c', 's3cret')}\r\n\r\n`);
      expect(auth).toMatch(/^HTTP\/1\.[01] 200/);
      expect(auth).not.toMatch(/transfer-encoding: chunked/i);
      const body = auth.split('\r\n\r\n')[1]!;
      expect(body).toMatch(/^success\nsvyazka_1c\n/);
      const cookie = `svyazka_1c=${body.split('\n')[2]}`;
      const file = `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="true"><Предложения><Предложение><Ид>H10</Ид><Артикул>HTTP10</Артикул><Количество>3</Количество></Предложение></Предложения></ПакетПредложений></КоммерческаяИнформация>`;
      const len = Buffer.byteLength(file);
      const up = await raw(`POST /1c/doc204/exchange?type=catalog&mode=file&filename=offers.xml HTTP/1.0\r\nHost: hub\r\nCookie: ${cookie}\r\nContent-Length: ${len}\r\n\r\n`, file);
      expect(up.split('\r\n\r\n')[1]).toBe('success');
      let answer = '';
      for (let i = 0; i < 20 && !/^(success|failure)/.test(answer); i++) {
        answer = (await raw(`GET /1c/doc204/exchange?type=catalog&mode=import&filename=offers.xml HTTP/1.0\r\nCookie: ${cookie}\r\n\r\n`)).split('\r\n\r\n')[1]!;
      }
      expect(answer).toMatch(/^success\n/);
      expect(await stockOf('HTTP10')).toMatchObject({ warehouses: [{ warehouseId: 'main', onHand: 3 }] });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('1C order exchange (type=sale)', () => {
  const t = useTestHub();
  const send = sendVia(t);

  async function session() {
    const r = await run1c(send, 'sale', [], { type: 'sale' });
    expect(r.init).toMatch(/^zip=no/);
    return { cookie: r.cookie! };
  }
  const queryBytes = async (h: Record<string, string>) => new Uint8Array(await (await send('/1c/sale/exchange?type=sale&mode=query', { method: 'GET', headers: h })).arrayBuffer());
  const query = async (h: Record<string, string>) => Buffer.from(await queryBytes(h)).toString('utf8');
  const success = async (h: Record<string, string>) => (await send('/1c/sale/exchange?type=sale&mode=success', { method: 'GET', headers: h })).text();
  const statusDoc = (id: string, status: string) =>
    enc(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.05"><Документ><Ид>${id}</Ид><Номер>${id}</Номер><ХозОперация>Заказ товара</ХозОперация><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>${status}</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ></КоммерческаяИнформация>`);

  it('sends confirmed orders until 1C acknowledges them with success, and again once they change', async () => {
    await setUp(t);
    await t.call('PUT', '/v1/stock/main', { items: [{ sku: 'S-1', qty: 10 }] });
    // As a 1C catalog import leaves it: 1C matches order lines by its own Ид.
    await t.hub.stock.upsertCatalog([{ sku: 'S-1', name: 'Стол', externalIds: { '1c': 'b7c1d2e3-0000-11e7-80c2-0cc47ab29cd1' } }]);
    const a = (await t.call('POST', '/v1/orders', orderBody('SALE-A', [{ sku: 'S-1', qty: 1 }]))).body.id as string;
    const b = (await t.call('POST', '/v1/orders', orderBody('SALE-B', [{ sku: 'S-1', qty: 1 }]))).body.id as string;
    expect((await t.call('POST', `/v1/orders/${a}/confirm`)).status).toBe(200);

    const h = await session();
    const bytes = await queryBytes(h);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const first = Buffer.from(bytes).toString('utf8');
    expect(first).toContain(`<Ид>${a}</Ид>`);
    expect(first).not.toContain(`<Ид>${b}</Ид>`); // not confirmed
    expect(first).toMatch(/<Ид>b7c1d2e3-0000-11e7-80c2-0cc47ab29cd1<\/Ид>\s*<Артикул>S-1<\/Артикул>/);
    // 1C lost the answer and asks again: nothing was acknowledged, so the order comes again.
    expect(await query(h)).toContain(`<Ид>${a}</Ид>`);
    expect(await success(h)).toBe('success');
    expect(await query(h)).not.toContain(`<Ид>${a}</Ид>`);
    await success(h);

    await t.call('POST', `/v1/orders/${b}/confirm`);
    await t.hub.workflow.setStatus(a, 'booking', 'test', t.clock.now());
    const next = await query(await session());
    expect(next).toContain(`<Ид>${a}</Ид>`);
    expect(next).toContain(`<Ид>${b}</Ид>`);
  });

  it('sends an order 1C took again once the hub cancels it, marked Отменен; never one cancelled before 1C took it', async () => {
    const e = (await t.call('POST', '/v1/orders', orderBody('SALE-E', [{ sku: 'S-1', qty: 1 }]))).body.id as string;
    const f = (await t.call('POST', '/v1/orders', orderBody('SALE-F', [{ sku: 'S-1', qty: 1 }]))).body.id as string;
    await t.call('POST', `/v1/orders/${e}/confirm`);
    const h = await session();
    expect(await query(h)).toContain(`<Ид>${e}</Ид>`);
    expect(await success(h)).toBe('success');
    for (const id of [e, f]) await t.hub.workflow.setStatus(id, 'cancelled', 'customer changed their mind', t.clock.now());
    const h2 = await session();
    const again = await query(h2);
    const doc = again.split('<Документ>').find((d) => d.includes(`<Ид>${e}</Ид>`));
    expect(doc).toMatch(/<Наименование>Отменен<\/Наименование><Значение>true<\/Значение>/);
    expect(again).not.toContain(`<Ид>${f}</Ид>`);
    await success(h2);
    expect(await query(await session())).not.toContain(`<Ид>${e}</Ид>`);
  });

  it('moves hub orders by 1C updates, step by step; an illegal move is logged and the exchange still succeeds', async () => {
    const c = (await t.call('POST', '/v1/orders', orderBody('SALE-C', [{ sku: 'S-1', qty: 2 }]))).body.id as string;
    const d = (await t.call('POST', '/v1/orders', orderBody('SALE-D', [{ sku: 'S-1', qty: 1 }]))).body.id as string;
    await t.call('POST', `/v1/orders/${c}/confirm`);
    await t.call('POST', `/v1/orders/${d}/confirm`);
    const before = (await t.call('GET', '/v1/stock?sku=S-1')).body;
    const h = await session();
    for (const [id, status] of [[c, '[X] Отменен'], [d, '[F] Доставлен'], [c, '[F] Доставлен'], ['ord_unknown', '[X] Отменен']] as const) {
      const res = await send('/1c/sale/exchange?type=sale&mode=file&filename=orders.xml', { method: 'POST', headers: h, body: statusDoc(id, status) });
      expect(await res.text()).toBe('success\n1 order updates');
    }
    expect((await t.call('GET', `/v1/orders/${c}`)).body.status).toBe('cancelled');
    // Delivered by 1C's own logistics: through booking, booked and in_transit, where its reserved unit left the stock.
    const delivered = (await t.call('GET', `/v1/orders/${d}`)).body;
    expect(delivered.status).toBe('delivered');
    expect(delivered.history.map((h: any) => h.status)).toEqual(['new', 'confirmed', 'booking', 'booked', 'in_transit', 'delivered']);
    expect((await t.call('GET', '/v1/stock?sku=S-1')).body).toMatchObject({ reserved: before.reserved - 3, onHand: before.onHand - 1 });
    expect(t.logs.some((l) => l.includes('order update from 1C not applied') && l.includes(c))).toBe(true);
  });
});
