import { http, HttpResponse, delay } from 'msw';
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { russianPost } from '../../../../src/connectors/couriers/russian-post/index.js';
import type { BookingRequest } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const API = 'https://otpravka-api.pochta.ru';
const TRACK = 'https://tracking.russianpost.ru/rtm34';
const historyXml = readFileSync(new URL('../../../../fixtures/couriers/russian-post/getOperationHistory.response.xml', import.meta.url), 'utf8');
const cfg = russianPost.configSchema.parse({
  accessToken: 'TOKEN',
  authorizationKey: 'KEY',
  fromPostcode: '344038',
  trackingLogin: 'login',
  trackingPassword: 'TRACK-SECRET',
});
const adapter = () => russianPost.create(cfg, connectorDeps(r.redis, r.keys));
const signal = new AbortController().signal;

const req: BookingRequest = {
  shipmentId: 'shp_42',
  orderId: 'ord_42',
  service: 'POSTAL_PARCEL',
  origin: { country: 'RU', city: 'Ростов-на-Дону', postcode: '344038' },
  recipient: { name: 'Иванов Иван Иванович', phone: '+7 (999) 000-00-00' },
  destination: { country: 'RU', region: 'Москва', city: 'Москва', postcode: '115162', line: 'ул. Шаболовка, д. 10, кв. 5' },
  parcels: [{ weight: 1200, length: 30, width: 20, height: 10 }],
  items: [{ sku: 'A', name: 'Thing', qty: 1, price: 150_000 }],
  declaredValue: 150_000,
  codAmount: 150_000,
  currency: 'RUB',
  signal,
};

describe('russian-post booking (business API backlog)', () => {
  it('puts one order with order-num = shipment id and auth headers', async () => {
    let got: { headers: Headers; body: any } | undefined;
    server.use(http.put(`${API}/1.0/user/backlog`, async ({ request }) => ((got = { headers: request.headers, body: await request.json() }), HttpResponse.json({ 'result-ids': [987654] }))));
    expect(await adapter().book!(req)).toEqual({ state: 'booked', courierId: '987654' });
    expect(got!.headers.get('authorization')).toBe('AccessToken TOKEN');
    expect(got!.headers.get('x-user-authorization')).toBe('Basic KEY');
    expect(got!.body).toHaveLength(1);
    expect(got!.body[0]).toEqual({
      'order-num': 'shp_42',
      'mail-type': 'POSTAL_PARCEL',
      'mail-category': 'WITH_DECLARED_VALUE_AND_CASH_ON_DELIVERY',
      'mail-direct': 643,
      mass: 1200,
      dimension: { length: 30, width: 20, height: 10 },
      fragile: false,
      'postoffice-code': '344038',
      'address-type-to': 'DEFAULT',
      'index-to': 115162,
      'region-to': 'Москва',
      'place-to': 'Москва',
      'street-to': 'ул. Шаболовка, д. 10, кв. 5',
      surname: 'Иванов',
      'given-name': 'Иван',
      'middle-name': 'Иванович',
      'recipient-name': 'Иванов Иван Иванович',
      'tel-address': 79990000000,
      'insr-value': 150000,
      payment: 150000,
    });
  });

  it('answers per-position error codes as a rejected booking', async () => {
    server.use(http.put(`${API}/1.0/user/backlog`, () => HttpResponse.json({ errors: [{ 'error-codes': [{ code: 'EMPTY_INDEX_TO', description: 'Не указан индекс' }], position: 0 }], 'result-ids': [] })));
    expect(await adapter().book!(req)).toEqual({ state: 'rejected', message: 'Russian Post refused the order: EMPTY_INDEX_TO (Не указан индекс)' });
  });

  it('marks a booking timeout ambiguous; malformed answers are bad_response', async () => {
    server.use(http.put(`${API}/1.0/user/backlog`, async () => (await delay(1000), HttpResponse.json({}))));
    await expect(adapter().book!({ ...req, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ code: 'timeout', ambiguous: true });
    server.use(http.put(`${API}/1.0/user/backlog`, () => HttpResponse.json({})));
    await expect(adapter().book!(req)).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('finds a booking in the backlog, then among shipments, by order-num', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${API}/1.0/backlog/search`, ({ request }) => (seen.push(`backlog?${new URL(request.url).searchParams}`), HttpResponse.json([{ id: 1, 'order-num': 'other' }]))),
      http.get(`${API}/1.0/shipment/search`, ({ request }) => (seen.push(`shipment?${new URL(request.url).searchParams}`), HttpResponse.json([{ 'batch-name': '12', orders: [{ id: 987654, 'order-num': 'shp_42', barcode: '80080822636157' }] }]))),
    );
    expect(await adapter().findBooking!('shp_42', signal)).toEqual({ state: 'booked', courierId: '987654', trackNumber: '80080822636157' });
    expect(seen).toEqual(['backlog?query=shp_42', 'shipment?query=shp_42']);
  });

  it('returns null when neither search knows the shipment', async () => {
    server.use(
      http.get(`${API}/1.0/backlog/search`, () => HttpResponse.json([])),
      http.get(`${API}/1.0/shipment/search`, () => HttpResponse.json([])),
    );
    expect(await adapter().findBooking!('nope', signal)).toBeNull();
  });

  it('cancels by deleting the backlog order id', async () => {
    let body: unknown;
    server.use(http.delete(`${API}/1.0/backlog`, async ({ request }) => ((body = await request.json()), HttpResponse.json({ 'result-ids': [987654] }))));
    await adapter().cancel!({ shipmentId: 'shp_42', courierId: '987654' }, signal);
    expect(body).toEqual([987654]);
    server.use(http.delete(`${API}/1.0/backlog`, () => HttpResponse.json({ errors: [{ 'error-codes': [{ code: 'NOT_FOUND', description: 'Заказ не найден' }] }] })));
    await expect(adapter().cancel!({ shipmentId: 's', courierId: '1' }, signal)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('offers no booking or tracking without the credentials', () => {
    const a = russianPost.create(russianPost.configSchema.parse({}), connectorDeps(r.redis, r.keys));
    expect(a.book).toBeUndefined();
    expect(a.track).toBeUndefined();
  });
});

describe('russian-post tracking (rtm34 getOperationHistory)', () => {
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

  it('sends a SOAP 1.2 request per barcode and maps the real sample\'s last operation', async () => {
    let got: { type: string | null; body: string } | undefined;
    server.use(http.post(TRACK, async ({ request }) => ((got = { type: request.headers.get('content-type'), body: await request.text() }), new HttpResponse(historyXml, { headers: { 'content-type': 'application/soap+xml' } }))));
    const out = await adapter().track!([{ shipmentId: 'shp_42', trackNumber: '44306397025133' }, { shipmentId: 'no-barcode' }], signal);
    expect(got!.type).toContain('application/soap+xml');
    const op = parser.parse(got!.body).Envelope.Body.getOperationHistory;
    expect(op.OperationHistoryRequest).toEqual({ Barcode: '44306397025133', MessageType: '0', Language: 'RUS' });
    expect(op.AuthorizationHeader).toEqual({ login: 'login', password: 'TRACK-SECRET' });
    expect(out).toEqual([{ shipmentId: 'shp_42', status: 'delivered', code: '2.1', description: 'Вручение: Вручение адресату (Тверь 100)', at: '2016-07-21T12:49:00.000+03:00' }]);
  });

  it('maps an authorization fault to auth and skips a barcode the service refuses', async () => {
    const fault = (detail: string, text: string) =>
      `<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body><S:Fault><S:Code><S:Value>S:Receiver</S:Value></S:Code><S:Reason><S:Text xml:lang="ru">${text}</S:Text></S:Reason><S:Detail><ns3:${detail} xmlns:ns3="http://russianpost.org/operationhistory/data">${text}</ns3:${detail}></S:Detail></S:Fault></S:Body></S:Envelope>`;
    server.use(http.post(TRACK, () => new HttpResponse(fault('AuthorizationFault', 'Ошибка авторизации'), { status: 500 })));
    const err = await adapter().track!([{ shipmentId: 's', trackNumber: '1' }], signal).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth' });
    expect(err.message).not.toContain('TRACK-SECRET');
    server.use(http.post(TRACK, () => new HttpResponse(fault('OperationHistoryFault', 'Нет данных'), { status: 500 })));
    expect(await adapter().track!([{ shipmentId: 's', trackNumber: '1' }], signal)).toEqual([]);
  });

  it('reports malformed answers and a slow service', async () => {
    server.use(http.post(TRACK, () => HttpResponse.text('<html>down</html>', { status: 502 })));
    await expect(adapter().track!([{ shipmentId: 's', trackNumber: '1' }], signal)).rejects.toMatchObject({ code: 'provider_error' });
    server.use(http.post(TRACK, () => HttpResponse.text('<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body><x/></S:Body></S:Envelope>')));
    await expect(adapter().track!([{ shipmentId: 's', trackNumber: '1' }], signal)).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.post(TRACK, async () => (await delay(1000), HttpResponse.text(historyXml))));
    await expect(adapter().track!([{ shipmentId: 's', trackNumber: '1' }], AbortSignal.timeout(100))).rejects.toMatchObject({ code: 'timeout' });
  });
});
