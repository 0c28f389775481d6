import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpaPostback, cpaPostbackConfig, formToObject, signBody, type CpaPostbackConfig } from '../../../../src/connectors/orders/cpa-postback/index.js';
import { OrderInput } from '../../../../src/core/model/index.js';
import { ProblemError } from '../../../../src/core/errors.js';
import type { InboundRequest } from '../../../../src/core/connectors/contract.js';
import { deps } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../../../fixtures/orders/cpa-postback/${name}`, import.meta.url), 'utf8');
const FORM = 'application/x-www-form-urlencoded';
const TOKEN = 'REDACTED-webmaster-key';
const SECRET = 'hmac-secret-for-tests';

const cpaTl = (auth: unknown = { mode: 'token', token: TOKEN, tokenParam: 'key' }) =>
  cpaPostbackConfig.parse({
    auth,
    fieldMap: {
      'delivery.address.city': { const: 'не указан' },
      'delivery.address.country': 'country',
      'delivery.address.line': 'address',
      'line.sku': { path: 'offer_id', map: { '13571': 'POSTURE-M' } },
      'line.price': { const: '1490' },
      comment: 'comments',
    },
  });

const siteForm = (over: Partial<CpaPostbackConfig> = {}) =>
  cpaPostbackConfig.parse({
    auth: { mode: 'hmac', secret: SECRET, header: 'X-Signature', prefix: 'sha256=' },
    linesPath: 'lead.items',
    fieldMap: {
      externalId: 'lead.id',
      'customer.name': 'lead.customer.name',
      'customer.phone': 'lead.customer.phone',
      'customer.email': 'lead.customer.email',
      'delivery.address.country': 'lead.address.country',
      'delivery.address.region': 'lead.address.region',
      'delivery.address.city': 'lead.address.city',
      'delivery.address.postcode': 'lead.address.postcode',
      'delivery.address.line': 'lead.address.line',
      'line.sku': 'sku',
      'line.name': 'title',
      'line.qty': 'qty',
      'line.price': 'price',
      deliveryPrice: 'lead.delivery_price',
      comment: 'lead.comment',
    },
    ...over,
  });

function req(body: string, contentType?: string, extra: Partial<InboundRequest> = {}): InboundRequest {
  return { method: 'POST', headers: contentType ? { 'Content-Type': contentType } : {}, query: {}, body, ...extra };
}
const adapter = (config: CpaPostbackConfig) => cpaPostback.create(config, deps());
async function problem(p: Promise<unknown>): Promise<ProblemError> {
  const e = await p.then(() => undefined, (x) => x);
  expect(e).toBeInstanceOf(ProblemError);
  return e as ProblemError;
}

describe('cpa-postback leads', () => {
  it('maps a form-encoded cpa.tl lead with the token in a body field', async () => {
    const [o, ...rest] = await adapter(cpaTl()).parsePush!(req(fixture('cpa-tl-lead.request.form'), `${FORM}; charset=UTF-8`));
    expect(rest).toEqual([]);
    expect(o).toMatchObject({
      source: 'cpa-landing',
      externalId: '1700000000123',
      currency: 'RUB',
      customer: { name: 'Иван Петров', phone: '+79161234567' },
      delivery: { address: { country: 'RU', city: 'не указан', line: 'г. Тверь, ул. Советская, 5' } },
      lines: [{ sku: 'POSTURE-M', name: 'POSTURE-M', qty: 1, price: 149000 }],
      payment: { method: 'cod' },
      comment: 'Перезвоните вечером',
      sourceData: { platform: 'cpa-postback', rawPhone: '8 (916) 123-45-67', lead: { offer_id: '13571', sub1: 'tiktok-42' } },
    });
    expect(JSON.stringify(o)).not.toContain(TOKEN);
    expect(OrderInput.safeParse(o).success).toBe(true);
  });

  it('maps a nested JSON site lead with several products, decimals and an HMAC signature', async () => {
    const body = fixture('site-form-lead.request.json');
    const [o] = await adapter(siteForm()).parsePush!(req(body, 'application/json', { headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signBody(body, SECRET)}` } }));
    expect(o).toMatchObject({
      externalId: 'LP-2026-000731',
      customer: { name: 'Анна Смирнова', phone: '+79123456789', email: 'anna@example.ru' },
      delivery: { address: { country: 'RU', region: 'Свердловская обл.', city: 'Екатеринбург', postcode: '620014', line: 'ул. Малышева, 51, кв. 12' } },
      lines: [
        { sku: 'POSTURE-M', name: 'Корректор осанки, размер M', qty: 2, price: 149000 },
        { sku: 'POSTURE-BAG', name: 'Чехол', qty: 1, price: 19990 },
      ],
      deliveryPrice: 35000,
      comment: 'Звонить после 18:00',
    });
    expect(OrderInput.safeParse(o).success).toBe(true);
  });

  it('maps a Ukrainian M1-shop lead with a header token and defaultCountry UA', async () => {
    const config = cpaPostbackConfig.parse({
      auth: { mode: 'token', token: 'hdr-token-123', tokenParam: 'X-Api-Token', tokenIn: 'header' },
      currency: 'UAH',
      defaultCountry: 'UA',
      fieldMap: { externalId: { path: 'id', default: 'none' }, 'delivery.address.city': { const: 'Київ' }, 'delivery.address.line': 'address', 'line.sku': { path: 'product_id', map: { '7731': 'SKU-UA-1' } }, 'line.price': { const: 799 } },
    });
    const body = fixture('m1-shop-lead.request.form');
    const [o] = await adapter(config).parsePush!(req(body, FORM, { headers: { 'content-type': FORM, 'x-api-token': 'hdr-token-123' } }));
    expect(o).toMatchObject({ currency: 'UAH', customer: { name: 'Оксана', phone: '+380671234567' }, delivery: { address: { country: 'UA', city: 'Київ' } }, lines: [{ sku: 'SKU-UA-1', price: 79900 }] });
  });

  it('reads a GET postback from its query string, token in the query', async () => {
    const query = Object.fromEntries(new URLSearchParams(fixture('admitad-postback.query.txt')));
    const config = cpaPostbackConfig.parse({
      auth: { mode: 'token', token: 'your_postback_key', tokenParam: 'postback_key', tokenIn: 'query' },
      currency: 'USD',
      fieldMap: { externalId: 'order_id', 'customer.name': { const: 'Admitad buyer' }, 'customer.phone': { const: '+74950000000' }, 'delivery.address.city': { const: 'Москва' }, 'line.sku': 'product_id', 'line.qty': 'quantity', 'line.price': 'price' },
    });
    const [o] = await adapter(config).parsePush!({ method: 'GET', headers: {}, query, body: '' });
    expect(o).toMatchObject({ externalId: '123456', currency: 'USD', lines: [{ sku: '11', qty: 2, price: 2000000 }] });
  });

  it('refuses a bad or missing token with 401 and returns nothing', async () => {
    const good = fixture('cpa-tl-lead.request.form');
    for (const body of [good.replace(TOKEN, 'wrong-key'), good.replace(`key=${TOKEN}&`, ''), '{not json']) {
      const e = await problem(adapter(cpaTl()).parsePush!(req(body, FORM)));
      expect(e).toMatchObject({ status: 401, code: 'invalid_signature' });
      expect(e.message).not.toContain(TOKEN);
    }
  });

  it('refuses a missing, wrong or tampered HMAC signature with 401', async () => {
    const body = fixture('site-form-lead.request.json');
    const sig = signBody(body, SECRET);
    const cases: Record<string, string>[] = [
      {},
      { 'x-signature': 'sha256=' + sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) },
      { 'x-signature': 'sha256=' + signBody(body, 'other-secret') },
      { 'x-signature': 'sha256=zz' },
    ];
    for (const headers of cases) {
      const e = await problem(adapter(siteForm()).parsePush!(req(body, undefined, { headers: { 'content-type': 'application/json', ...headers } })));
      expect(e).toMatchObject({ status: 401, code: 'invalid_signature' });
    }
    const tampered = body.replace('"qty": 2', '"qty": 20');
    const e = await problem(adapter(siteForm()).parsePush!(req(tampered, undefined, { headers: { 'content-type': 'application/json', 'x-signature': `sha256=${sig}` } })));
    expect(e.status).toBe(401);
  });

  it('accepts a base64 HMAC without prefix', async () => {
    const body = fixture('site-form-lead.request.json');
    const config = siteForm({ auth: { mode: 'hmac', secret: SECRET, header: 'X-Sign', algorithm: 'sha256', encoding: 'base64', prefix: '' } });
    const out = await adapter(config).parsePush!(req(body, undefined, { headers: { 'content-type': 'application/json', 'X-Sign': signBody(body, SECRET, 'base64') } }));
    expect(out[0]!.externalId).toBe('LP-2026-000731');
  });

  it('answers 422 naming every missing mapped path', async () => {
    const config = cpaTl({ mode: 'none' });
    const body = 'id=&offer_id=99999&name=%D0%90&phone=';
    const e = await problem(adapter(config).parsePush!(req(body, FORM)));
    expect(e).toMatchObject({ status: 422, code: 'unmappable_payload' });
    expect(e.extras.missing).toEqual(['id', 'phone', 'offer_id']);
    expect(e.message).toBe('CPA lead is missing id, phone, offer_id');
  });

  it('answers 422 for an unreadable phone, quantity or price', async () => {
    const lead = JSON.parse(fixture('site-form-lead.request.json'));
    lead.lead.customer.phone = '12-34';
    lead.lead.items[0].qty = '1.5';
    lead.lead.items[1].price = 'free';
    const e = await problem(adapter(siteForm({ auth: { mode: 'none' } })).parsePush!(req(JSON.stringify(lead), 'application/json')));
    expect(e.status).toBe(422);
    expect((e.extras.errors as { path: string }[]).map((i) => i.path)).toEqual(['lead.customer.phone', 'qty', 'price']);
  });

  it('answers 422 when linesPath holds no products', async () => {
    const lead = JSON.parse(fixture('site-form-lead.request.json'));
    lead.lead.items = [];
    const e = await problem(adapter(siteForm({ auth: { mode: 'none' } })).parsePush!(req(JSON.stringify(lead), 'application/json')));
    expect(e).toMatchObject({ status: 422, extras: { missing: ['lead.items'] } });
  });

  it('refuses bodies it cannot decode', async () => {
    const a = adapter(siteForm({ auth: { mode: 'none' } }));
    expect(await problem(a.parsePush!(req('{"a":', 'application/json')))).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(await problem(a.parsePush!(req('[1,2]', 'application/json')))).toMatchObject({ status: 400 });
    expect(await problem(a.parsePush!(req('--x\r\n', 'multipart/form-data; boundary=x')))).toMatchObject({ status: 415 });
  });

  it('keeps an invalid email out of the customer but in sourceData', async () => {
    const lead = JSON.parse(fixture('site-form-lead.request.json'));
    lead.lead.customer.email = 'not-an-email';
    const [o] = await adapter(siteForm({ auth: { mode: 'none' } })).parsePush!(req(JSON.stringify(lead), 'application/json'));
    expect(o!.customer.email).toBeUndefined();
    expect(o!.sourceData).toMatchObject({ rawEmail: 'not-an-email' });
  });

  it('decodes bracketed form keys into objects and arrays, and ignores prototype keys', () => {
    const out = formToObject([...new URLSearchParams('order[customer][phone]=1&items[0][sku]=A&items[1][sku]=B&tags[]=x&tags[]=y&__proto__[polluted]=1&a[constructor][x]=1')]);
    expect(out).toEqual({ order: { customer: { phone: '1' } }, items: { 0: { sku: 'A' }, 1: { sku: 'B' } }, tags: ['x', 'y'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates config: the SKU and city sources are required, auth modes are checked', () => {
    expect(cpaPostbackConfig.safeParse({ auth: { mode: 'none' }, fieldMap: {} }).success).toBe(false);
    expect(cpaPostbackConfig.safeParse({ auth: { mode: 'token' }, fieldMap: { 'line.sku': 'x', 'delivery.address.city': 'c' } }).success).toBe(false);
    expect(cpaPostbackConfig.safeParse({ auth: { mode: 'hmac', secret: 'longenough', algorithm: 'md5' }, fieldMap: { 'line.sku': 'x', 'delivery.address.city': 'c' } }).success).toBe(false);
    expect(cpaPostback.secretFields).toEqual(['auth.token', 'auth.secret']);
  });
});
