import { http, HttpResponse, delay } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { novaPoshta } from '../../../../src/connectors/couriers/nova-poshta/index.js';
import type { BookingRequest, ShipmentRef } from '../../../../src/core/connectors/contract.js';
import { connectorDeps } from '../../../helpers/connector-deps.js';
import { useMsw } from '../../../helpers/msw.js';
import { testRedis } from '../../../helpers/redis.js';
import { fail, fixture, ok, type NpCall } from './helpers.js';

const server = useMsw();
const r = testRedis();
afterAll(() => r.cleanup());

const URL_NP = 'https://api.novaposhta.ua/v2.0/json/';
const config = novaPoshta.configSchema.parse({
  apiKey: 'KEY',
  senderCityRef: '8d5a980d-391c-11dd-90d9-001a92567626',
  senderRef: '6e9acced-d072-11e3-95eb-0050568046cd',
  senderAddressRef: '01ae2633-e1c2-11e3-8c4a-0050568002cf',
  contactSenderRef: '6e9acced-d072-11e3-95eb-0050568046ce',
  sendersPhone: '380600000000',
});
const adapter = () => novaPoshta.create(config, connectorDeps(r.redis, r.keys));
const signal = new AbortController().signal;

let calls: NpCall[];
beforeEach(() => (calls = []));
const api = (answer: (c: NpCall) => unknown) =>
  http.post(URL_NP, async ({ request }) => {
    const c = (await request.json()) as NpCall;
    calls.push(c);
    return HttpResponse.json(answer(c) as object);
  });

const req: BookingRequest = {
  shipmentId: 'shp_01',
  orderId: 'ord_1',
  service: 'WarehouseWarehouse',
  pickupPointCode: '1',
  origin: { country: 'UA', city: 'Київ' },
  recipient: { name: 'Іванов Іван Іванович', phone: '+38 (067) 123-45-67' },
  destination: { country: 'UA', city: 'Київ', region: 'Київська' },
  parcels: [{ weight: 2500, length: 30, width: 20, height: 10 }],
  items: [{ sku: 'A', name: 'Косметика', qty: 1, price: 320_000 }],
  declaredValue: 320_000,
  codAmount: 320_000,
  currency: 'UAH',
  signal,
};

describe('nova-poshta booking', () => {
  it('saves a waybill with the shipment id in InfoRegClientBarcodes and maps the real sample', async () => {
    server.use(api(() => fixture('save.response.json')));
    const out = await adapter().book!(req);
    expect(out).toEqual({ state: 'booked', courierId: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2', trackNumber: '20600000002545' });
    expect(calls[0]).toMatchObject({ modelName: 'InternetDocument', calledMethod: 'save' });
    expect(calls[0]!.methodProperties).toMatchObject({
      InfoRegClientBarcodes: 'shp_01',
      ServiceType: 'WarehouseWarehouse',
      Sender: config.senderRef,
      CitySender: config.senderCityRef,
      RecipientsPhone: '380671234567',
      RecipientCityName: 'Київ',
      RecipientAddressName: '1',
      Weight: '2.5',
      Cost: '3200',
      DateTime: '23.11.2026',
      BackwardDeliveryData: [{ PayerType: 'Recipient', CargoType: 'Money', RedeliveryString: '3200' }],
    });
  });

  it('returns Nova Poshta validation errors as a rejected booking, auth errors as failures', async () => {
    server.use(api(() => fail(['RecipientsPhone is invalid'], ['20000203648'])));
    expect(await adapter().book!(req)).toMatchObject({ state: 'rejected', message: expect.stringContaining('RecipientsPhone is invalid') });
    server.use(api(() => fail(['API key expired'], ['1'])));
    await expect(adapter().book!(req)).rejects.toMatchObject({ code: 'auth' });
  });

  it('refuses to book without the sender refs, naming them', async () => {
    const cfg = novaPoshta.configSchema.parse({ apiKey: 'k' });
    await expect(novaPoshta.create(cfg, connectorDeps(r.redis, r.keys)).book!(req)).rejects.toMatchObject({ code: 'config', message: expect.stringContaining('senderRef') });
  });

  it('marks a save timeout ambiguous', async () => {
    server.use(http.post(URL_NP, async () => (await delay(1000), HttpResponse.json({}))));
    await expect(adapter().book!({ ...req, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ code: 'timeout', ambiguous: true });
  });

  it('finds a booking in the document list by InfoRegClientBarcodes', async () => {
    server.use(api(() => ok([
      { Ref: 'aaa', IntDocNumber: '20400000000001', InfoRegClientBarcodes: 'other' },
      { Ref: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2', IntDocNumber: '20600000002545', InfoRegClientBarcodes: 'shp_01' },
    ])));
    expect(await adapter().findBooking!('shp_01', signal)).toEqual({ state: 'booked', courierId: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2', trackNumber: '20600000002545' });
    expect(calls[0]).toMatchObject({ modelName: 'InternetDocument', calledMethod: 'getDocumentList', methodProperties: { DateTimeFrom: '09.11.2026', DateTimeTo: '23.11.2026', GetFullList: '1' } });
    expect(await adapter().findBooking!('shp_missing', signal)).toBeNull();
  });

  it('cancels by deleting the waybill Ref', async () => {
    server.use(api(() => ok([{ Ref: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2' }])));
    await adapter().cancel!({ shipmentId: 'shp_01', courierId: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2' }, signal);
    expect(calls[0]).toMatchObject({ calledMethod: 'delete', methodProperties: { DocumentRefs: '157bb4f4-09e5-4bfb-8d3f-603661fb36b2' } });
    server.use(api(() => fail(['Document can not be deleted'], ['20000100069'])));
    await expect(adapter().cancel!({ shipmentId: 's', courierId: 'x' }, signal)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('nova-poshta tracking', () => {
  it('maps the real sample: not found → unknown, received → delivered with Kyiv time', async () => {
    server.use(api(() => fixture('getStatusDocuments.response.json')));
    const refs: ShipmentRef[] = [
      { shipmentId: 'a', trackNumber: '20400048799000' },
      { shipmentId: 'b', trackNumber: '20400048799001' },
    ];
    const out = await adapter().track!(refs, signal);
    expect(calls[0]).toMatchObject({
      modelName: 'TrackingDocument',
      calledMethod: 'getStatusDocuments',
      methodProperties: { Documents: [{ DocumentNumber: '20400048799000', Phone: '' }, { DocumentNumber: '20400048799001', Phone: '' }] },
    });
    expect(out).toEqual([
      { shipmentId: 'a', status: 'unknown', code: '3', description: 'Номер не найден', at: '2026-11-23T06:00:00.000Z' },
      { shipmentId: 'b', status: 'delivered', code: '9', description: 'Відправлення отримано', at: '2023-04-07T11:36:10+03:00' },
    ]);
  });

  it('batches 100 documents per call', async () => {
    server.use(api((c) => ok(c.methodProperties.Documents.map((d: { DocumentNumber: string }) => ({ Number: d.DocumentNumber, StatusCode: '5', Status: 'Прямує' })))));
    const refs = Array.from({ length: 230 }, (_, i) => ({ shipmentId: `s${i}`, trackNumber: String(20400000000000 + i) }));
    const out = await adapter().track!(refs, signal);
    expect(calls.map((c) => c.methodProperties.Documents.length)).toEqual([100, 100, 30]);
    expect(out).toHaveLength(230);
    expect(out.every((u) => u.status === 'in_transit')).toBe(true);
  });

  it('rejects documents without a status code as bad_response', async () => {
    server.use(api(() => ok([{ Number: '1' }])));
    await expect(adapter().track!([{ shipmentId: 's', trackNumber: '1' }], signal)).rejects.toMatchObject({ code: 'bad_response' });
  });
});
