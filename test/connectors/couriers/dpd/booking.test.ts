import { http, delay } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { dpd } from '../../../../src/connectors/couriers/dpd/index.js';
import type { BookingRequest } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';
import { fixture, soapBody, soapFault, soapResponse, xml } from './helpers.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const URL_ORDER = 'https://ws.dpd.ru/services/order2';
const URL_TRACE = 'https://ws.dpd.ru/services/tracing';
const NS_ORDER = 'http://dpd.ru/ws/order2/2012-04-04';
const NS_TRACE = 'http://dpd.ru/ws/tracing/2011-11-18';
const config = dpd.configSchema.parse({ clientNumber: '1001027554', clientKey: 'KEY' });
const adapter = () => dpd.create(config, connectorDeps(r.redis, r.keys));
const signal = new AbortController().signal;

const req: BookingRequest = {
  shipmentId: '1901-200100-42389',
  orderId: 'ord_1',
  service: 'PCL',
  origin: { country: 'RU', city: 'Москва', postcode: '115162', line: 'ул. Шаболовка, 10' },
  sender: { name: 'Склад', phone: '+74950000000' },
  recipient: { name: 'Инокентий Мутный', phone: '+79990000000' },
  destination: { country: 'RU', city: 'Нижний Новгород', postcode: '603000', line: 'ул. Большая Покровская, 1' },
  parcels: [{ weight: 1200, length: 20, width: 20, height: 10 }],
  items: [{ sku: 'A', name: 'Thing', qty: 1, price: 150_000 }],
  declaredValue: 150_000,
  codAmount: 150_000,
  currency: 'RUB',
  signal,
};

const orderStatus = (op: string, inner: string) => xml(soapResponse(NS_ORDER, op, `<return>${inner}</return>`));

describe('dpd booking (order2)', () => {
  it('sends createOrder with the shipment id as orderNumberInternal and maps the real sample', async () => {
    let body = '';
    server.use(http.post(URL_ORDER, async ({ request }) => ((body = await request.text()), xml(fixture('createOrder.response.xml')))));
    const out = await adapter().book!(req);
    expect(out).toEqual({ state: 'booked', courierId: 'RU019202656', trackNumber: 'RU019202656' });
    const orders = soapBody(body).createOrder.orders;
    expect(orders.auth.clientNumber).toBe('1001027554');
    expect(orders.header).toMatchObject({ datePickup: '2026-11-24', pickupTimePeriod: '9-18' });
    expect(orders.order).toMatchObject({
      orderNumberInternal: '1901-200100-42389',
      serviceCode: 'PCL',
      serviceVariant: 'ДД',
      cargoNumPack: '1',
      cargoWeight: '1.2',
      cargoVolume: '0.004',
      cargoValue: '1500',
      extraService: { esCode: 'НПП', param: { name: 'sum_npp', value: '1500.00' } },
    });
    expect(orders.order.receiverAddress).toMatchObject({ city: 'Нижний Новгород', index: '603000', contactPhone: '+79990000000' });
  });

  it('books to a terminal with variant ДТ and no street', async () => {
    let body = '';
    server.use(http.post(URL_ORDER, async ({ request }) => ((body = await request.text()), xml(fixture('createOrder.response.xml')))));
    await adapter().book!({ ...req, pickupPointCode: 'GOJ' });
    const order = soapBody(body).createOrder.orders.order;
    expect(order.serviceVariant).toBe('ДТ');
    expect(order.receiverAddress.terminalCode).toBe('GOJ');
    expect(order.receiverAddress.street).toBeUndefined();
  });

  it('reports OrderPending as pending and finds it later with getOrderStatus', async () => {
    server.use(http.post(URL_ORDER, () => orderStatus('createOrder', '<orderNumberInternal>1901-200100-42389</orderNumberInternal><status>OrderPending</status>')));
    expect(await adapter().book!(req)).toEqual({ state: 'pending' });
    let body = '';
    server.use(
      http.post(URL_ORDER, async ({ request }) => (
        (body = await request.text()),
        orderStatus('getOrderStatus', '<orderNumberInternal>1901-200100-42389</orderNumberInternal><orderNum>RU019202656</orderNum><status>OK</status>')
      )),
    );
    expect(await adapter().findBooking!('1901-200100-42389', signal)).toEqual({ state: 'booked', courierId: 'RU019202656', trackNumber: 'RU019202656' });
    expect(soapBody(body).getOrderStatus.orderStatus.order).toEqual({ orderNumberInternal: '1901-200100-42389' });
  });

  it('returns null from findBooking when DPD does not know the order', async () => {
    server.use(http.post(URL_ORDER, () => orderStatus('getOrderStatus', '<orderNumberInternal>x</orderNumberInternal><status>OrderError</status><errorMessage>Заказ не найден</errorMessage>')));
    expect(await adapter().findBooking!('x', signal)).toBeNull();
  });

  it('returns OrderError as a rejected booking with DPD\'s reason', async () => {
    server.use(http.post(URL_ORDER, () => orderStatus('createOrder', '<orderNumberInternal>x</orderNumberInternal><status>OrderError</status><errorMessage>Не указан телефон получателя</errorMessage>')));
    expect(await adapter().book!(req)).toEqual({ state: 'rejected', message: 'DPD OrderError: Не указан телефон получателя' });
  });

  it('marks a booking timeout as ambiguous so the worker looks it up first', async () => {
    server.use(http.post(URL_ORDER, async () => (await delay(1000), xml(fixture('createOrder.response.xml')))));
    await expect(adapter().book!({ ...req, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ code: 'timeout', ambiguous: true });
  });

  it('maps faults and malformed answers', async () => {
    server.use(http.post(URL_ORDER, () => xml(soapFault(NS_ORDER, 'WSFault', 'auth-error', 'Ошибка авторизации'), 500)));
    await expect(adapter().book!(req)).rejects.toMatchObject({ code: 'auth' });
    server.use(http.post(URL_ORDER, () => orderStatus('createOrder', '<status>Weird</status>')));
    await expect(adapter().book!(req)).rejects.toMatchObject({ code: 'bad_response' });
    server.use(http.post(URL_ORDER, () => xml(soapResponse(NS_ORDER, 'createOrder', ''))));
    await expect(adapter().book!(req)).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('cancels by shipment id and DPD number; refuses CallDPD', async () => {
    let body = '';
    server.use(http.post(URL_ORDER, async ({ request }) => ((body = await request.text()), orderStatus('cancelOrder', '<orderNum>RU019202656</orderNum><status>Canceled</status>'))));
    await adapter().cancel!({ shipmentId: '1901-200100-42389', courierId: 'RU019202656' }, signal);
    expect(soapBody(body).cancelOrder.orders.cancel).toEqual({ orderNumberInternal: '1901-200100-42389', orderNum: 'RU019202656' });
    server.use(http.post(URL_ORDER, () => orderStatus('cancelOrder', '<orderNum>RU019202656</orderNum><status>CallDPD</status><errorMessage>Позвоните в DPD</errorMessage>')));
    await expect(adapter().cancel!({ shipmentId: 's', courierId: 'RU019202656' }, signal)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('dpd tracking (tracing getStatesByDPDOrder)', () => {
  it('asks by DPD order number and maps the real sample', async () => {
    let body = '';
    server.use(http.post(URL_TRACE, async ({ request }) => ((body = await request.text()), xml(fixture('getStatesByDPDOrder.response.xml')))));
    const out = await adapter().track!([{ shipmentId: '1901-200100-42389', courierId: 'RU019202656', trackNumber: 'RU019202656' }], signal);
    expect(soapBody(body).getStatesByDPDOrder.request).toEqual({ auth: { clientNumber: '1001027554', clientKey: 'KEY' }, dpdOrderNr: 'RU019202656' });
    expect(out).toEqual([
      { shipmentId: '1901-200100-42389', status: 'delivered', code: 'Delivered', description: 'Delivered to the recipient (Нижний Новгород)', at: '2019-07-18T08:58:00+03:00' },
    ]);
  });

  it('maps unknown states to unknown and a return delivery to returned', async () => {
    const state = (s: string, extra = '') => xml(soapResponse(NS_TRACE, 'getStatesByDPDOrder', `<return><docId>1</docId><resultComplete>true</resultComplete><states><dpdOrderNr>RU1</dpdOrderNr><newState>${s}</newState><transitionTime>2019-07-18T08:58:00</transitionTime>${extra}</states></return>`));
    server.use(http.post(URL_TRACE, () => state('Teleported')));
    expect((await adapter().track!([{ shipmentId: 's', trackNumber: 'RU1' }], signal))[0]).toMatchObject({ status: 'unknown', code: 'Teleported' });
    server.use(http.post(URL_TRACE, () => state('Delivered', '<isReturn>true</isReturn>')));
    expect((await adapter().track!([{ shipmentId: 's', trackNumber: 'RU1' }], signal))[0]).toMatchObject({ status: 'returned' });
  });

  it('skips an order DPD refuses and still fails on bad credentials', async () => {
    server.use(http.post(URL_TRACE, () => xml(soapFault(NS_TRACE, 'WSFault', 'no-data-found', 'Нет данных'), 500)));
    expect(await adapter().track!([{ shipmentId: 's', trackNumber: 'RU1' }], signal)).toEqual([]);
    server.use(http.post(URL_TRACE, () => xml(soapFault(NS_TRACE, 'WSFault', 'auth-error', 'Ошибка авторизации'), 500)));
    await expect(adapter().track!([{ shipmentId: 's', trackNumber: 'RU1' }], signal)).rejects.toMatchObject({ code: 'auth' });
  });
});
