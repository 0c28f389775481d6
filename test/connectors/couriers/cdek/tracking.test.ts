import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CDEK_ORDER_STATUS, cdekTrackStatus } from '../../../../src/connectors/couriers/cdek/status.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, fixture, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();
const ctx = useCdek();
const UUID = 'b23e5e72-84d2-4fe8-94b9-052f5488b149';

describe('cdek track', () => {
  it('Should read the status history of the real sample, oldest first', async () => {
    tokenHandler(server);
    server.use(http.get(`${BASE}/v2/orders/${UUID}`, () => HttpResponse.json(fixture('orders-get.response.json'))));
    const out = await ctx.adapter.track!([{ shipmentId: 'shp_1', courierId: UUID }], AbortSignal.timeout(2000));
    expect(out).toEqual([
      { shipmentId: 'shp_1', status: 'booked', code: 'ACCEPTED', description: 'Принят, Офис СДЭК', at: '2026-03-05T21:47:21+00:00' },
      { shipmentId: 'shp_1', status: 'booked', code: 'CREATED', description: 'Создан, Офис СДЭК', at: '2026-03-05T21:47:22+00:00' },
    ]);
  });

  it('Should map transit, delivery and unknown codes, drop deleted ones, and look up refs without a uuid by number', async () => {
    tokenHandler(server);
    const body = fixture('orders-get.response.json');
    body.entity.statuses = [
      { code: 'DELIVERED', name: 'Вручен', date_time: '2026-03-09T10:00:00+00:00', city: 'Новосибирск' },
      { code: 'SOMETHING_NEW', name: 'Новый статус', date_time: '2026-03-08T10:00:00+00:00' },
      { code: 'SENT_TO_RECIPIENT_CITY', name: 'Отправлен в город-получатель', date_time: '2026-03-07T10:00:00+00:00', deleted: true },
      { code: 'RECEIVED_AT_SHIPMENT_WAREHOUSE', name: 'Принят на склад отправителя', date_time: '2026-03-06T10:00:00+00:00' },
    ];
    const queries: string[] = [];
    server.use(
      http.get(`${BASE}/v2/orders`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(body);
      }),
    );
    const out = await ctx.adapter.track!([{ shipmentId: 'shp_2', trackNumber: '1107009111' }, { shipmentId: 'shp_3' }], AbortSignal.timeout(2000));
    expect(queries).toEqual(['?cdek_number=1107009111', '?im_number=shp_3']);
    expect(out.filter((u) => u.shipmentId === 'shp_2').map((u) => [u.code, u.status])).toEqual([
      ['RECEIVED_AT_SHIPMENT_WAREHOUSE', 'in_transit'],
      ['SOMETHING_NEW', 'unknown'],
      ['DELIVERED', 'delivered'],
    ]);
  });

  it('Should skip shipments CDEK does not know and fail on a malformed answer or timeout', async () => {
    tokenHandler(server);
    server.use(http.get(`${BASE}/v2/orders/:uuid`, () => new HttpResponse(null, { status: 404 })));
    expect(await ctx.adapter.track!([{ shipmentId: 's', courierId: 'gone' }], AbortSignal.timeout(2000))).toEqual([]);
    server.use(http.get(`${BASE}/v2/orders/:uuid`, () => HttpResponse.json({ entity: { uuid: 'u', statuses: [{ code: 1 }] } })));
    expect(await ctx.adapter.track!([{ shipmentId: 's', courierId: 'u' }], AbortSignal.timeout(2000)).catch((e) => e)).toMatchObject({ code: 'bad_response' });
    server.use(http.get(`${BASE}/v2/orders/:uuid`, async () => (await delay(1000), HttpResponse.json({}))));
    expect(await ctx.adapter.track!([{ shipmentId: 's', courierId: 'u' }], AbortSignal.timeout(100)).catch((e) => e)).toMatchObject({ code: 'timeout' });
  });

  it('Should keep the status table total over the documented codes', () => {
    expect(cdekTrackStatus('NOT_DELIVERED')).toBe('returned');
    expect(cdekTrackStatus('REMOVED')).toBe('cancelled');
    expect(cdekTrackStatus('POSTOMAT_RECEIVED')).toBe('delivered');
    expect(cdekTrackStatus('nope')).toBe('unknown');
    expect(Object.values(CDEK_ORDER_STATUS)).not.toContain('unknown');
  });
});

describe('cdek cancel', () => {
  it('Should DELETE the order by uuid', async () => {
    tokenHandler(server);
    const deleted: string[] = [];
    server.use(
      http.delete(`${BASE}/v2/orders/:uuid`, ({ params }) => {
        deleted.push(String(params.uuid));
        return HttpResponse.json({ entity: { uuid: params.uuid }, requests: [{ type: 'DELETE', state: 'ACCEPTED' }] }, { status: 202 });
      }),
    );
    await ctx.adapter.cancel!({ shipmentId: 's', courierId: UUID }, AbortSignal.timeout(2000));
    expect(deleted).toEqual([UUID]);
  });

  it('Should find the uuid by shipment id when it is not known', async () => {
    tokenHandler(server);
    const deleted: string[] = [];
    server.use(
      http.get(`${BASE}/v2/orders`, () => HttpResponse.json(fixture('orders-get.response.json'))),
      http.delete(`${BASE}/v2/orders/:uuid`, ({ params }) => (deleted.push(String(params.uuid)), HttpResponse.json({ entity: { uuid: params.uuid }, requests: [{ state: 'ACCEPTED' }] }, { status: 202 }))),
    );
    await ctx.adapter.cancel!({ shipmentId: 's' }, AbortSignal.timeout(2000));
    expect(deleted).toEqual([UUID]);
  });

  it('Should refuse to cancel an order in a final status with the CDEK message', async () => {
    tokenHandler(server);
    server.use(http.delete(`${BASE}/v2/orders/:uuid`, () => HttpResponse.json({ requests: [{ state: 'INVALID', errors: [{ code: 'v2_entity_has_final_status', message: 'Operation is forbidden. Entity has final status DELIVERED' }] }] }, { status: 400 })));
    const err = await ctx.adapter.cancel!({ shipmentId: 's', courierId: UUID }, AbortSignal.timeout(2000)).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('final status');
  });
});
