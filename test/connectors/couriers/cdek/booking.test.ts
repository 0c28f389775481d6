import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { splitCod } from '../../../../src/connectors/couriers/cdek/booking.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, bookingRequest, citiesHandler, fixture, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();
const ctx = useCdek();
const UUID = 'c2d74af8-24d0-4745-9273-bd22b069c780';

const accepted = () => HttpResponse.json(fixture('orders-create.response.json'), { status: 202 });
const withState = (state: string) => {
  const body = fixture('orders-get.response.json');
  body.entity.uuid = UUID;
  body.requests[0].state = state;
  return body;
};

/** POST /v2/orders answers `create`; each GET /v2/orders/{uuid} answers the next of `polls`. */
function orders(create: () => Response | Promise<Response>, polls: (() => Response)[]) {
  const created: any[] = [];
  const polled: string[] = [];
  server.use(
    http.post(`${BASE}/v2/orders`, async ({ request }) => {
      created.push(await request.json());
      return create();
    }),
    http.get(`${BASE}/v2/orders/:uuid`, ({ params }) => {
      polled.push(String(params.uuid));
      const next = polls[Math.min(polled.length - 1, polls.length - 1)];
      return next ? next() : HttpResponse.json(withState('ACCEPTED'));
    }),
  );
  return { created, polled };
}

describe('cdek book', () => {
  it('Should send the shipment id as the order number with tariff, recipient, locations and items', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const { created } = orders(accepted, [() => HttpResponse.json(withState('SUCCESSFUL'))]);
    await ctx.adapter.book!(bookingRequest());
    const body = created[0];
    expect(body).toMatchObject({
      type: 1,
      number: 'shp_01JD8X',
      tariff_code: 139,
      recipient: { name: 'Иван Иванов', phones: [{ number: '+79134637228' }], email: 'ivan@example.ru' },
      from_location: { code: 44, country_code: 'RU', address: 'Ленинградский пр-т, 4' },
      to_location: { code: 270, postal_code: '630099', address: 'ул. Блюхера, 32' },
    });
    expect(body.packages).toEqual([
      {
        number: 'shp_01JD8X-1',
        weight: 1400,
        length: 20,
        width: 15,
        height: 10,
        items: [
          { name: 'Чайник', ware_key: 'SKU-1', payment: { value: 0 }, cost: 1500, weight: 466, amount: 2 },
          { name: 'Кружка', ware_key: 'SKU-2', payment: { value: 0 }, cost: 500, weight: 466, amount: 1 },
        ],
      },
    ]);
    expect(body).not.toHaveProperty('delivery_recipient_cost');
  });

  it('Should collect COD per item plus the delivery charge, and use delivery_point for pickup points', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const { created } = orders(accepted, [() => HttpResponse.json(withState('SUCCESSFUL'))]);
    await ctx.adapter.book!(bookingRequest({ codAmount: 390000, pickupPointCode: 'NSK27' }));
    const body = created[0];
    expect(body.delivery_point).toBe('NSK27');
    expect(body).not.toHaveProperty('to_location');
    expect(body.packages[0].items.map((i: any) => i.payment.value)).toEqual([1500, 500]);
    expect(body.delivery_recipient_cost).toEqual({ value: 400 });
  });

  it('Should split a discounted COD so the total is exact', () => {
    const items = [
      { sku: 'a', name: 'a', qty: 3, price: 1000 },
      { sku: 'b', name: 'b', qty: 1, price: 333 },
    ];
    const { unit, delivery } = splitCod(items, 2000);
    expect(unit[0]! * 3 + unit[1]! + delivery).toBe(2000);
    expect(delivery).toBeGreaterThanOrEqual(0);
  });

  it('Should poll the accepted order until SUCCESSFUL and return the CDEK number as the track number', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const { polled } = orders(accepted, [() => HttpResponse.json(withState('ACCEPTED')), () => HttpResponse.json(withState('SUCCESSFUL'))]);
    const out = await ctx.adapter.book!(bookingRequest());
    expect(out).toEqual({ state: 'booked', courierId: UUID, trackNumber: '1107009111' });
    expect(polled).toEqual([UUID, UUID]);
  });

  it('Should return rejected with CDEK messages when the request becomes INVALID', async () => {
    tokenHandler(server);
    citiesHandler(server);
    orders(accepted, [() => HttpResponse.json(fixture('orders-get-invalid.response.json'))]);
    const out = await ctx.adapter.book!(bookingRequest());
    expect(out.state).toBe('rejected');
    expect(out.message).toContain('Recipient location is not recognized');
  });

  it('Should return pending with the uuid when CDEK is still processing after the last poll', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const { polled } = orders(accepted, [() => HttpResponse.json(withState('WAITING'))]);
    expect(await ctx.adapter.book!(bookingRequest())).toEqual({ state: 'pending', courierId: UUID });
    expect(polled).toHaveLength(3);
  });

  it('Should return pending, not fail, when a status check fails after CDEK accepted the order', async () => {
    tokenHandler(server);
    citiesHandler(server);
    orders(accepted, [() => new HttpResponse('oops', { status: 503 })]);
    expect(await ctx.adapter.book!(bookingRequest())).toEqual({ state: 'pending', courierId: UUID });
  });

  it('Should return the existing booking when CDEK says the number is already used', async () => {
    tokenHandler(server);
    citiesHandler(server);
    const dup = { ...fixture('orders-get-invalid.response.json') };
    dup.requests = [{ ...dup.requests[0], errors: [{ code: 'error_validate_im_dep_number_has_already_had_integration', message: 'already exists' }] }];
    orders(accepted, [() => HttpResponse.json(dup)]);
    const lookups: string[] = [];
    server.use(
      http.get(`${BASE}/v2/orders`, ({ request }) => {
        lookups.push(new URL(request.url).searchParams.get('im_number') ?? '');
        return HttpResponse.json(fixture('orders-get.response.json'));
      }),
    );
    expect(await ctx.adapter.book!(bookingRequest())).toEqual({ state: 'booked', courierId: 'b23e5e72-84d2-4fe8-94b9-052f5488b149', trackNumber: '1107009111' });
    expect(lookups).toEqual(['shp_01JD8X']);
  });

  it('Should return rejected for a synchronous validation error (HTTP 400 errors[])', async () => {
    tokenHandler(server);
    citiesHandler(server);
    orders(() => HttpResponse.json({ requests: [{ type: 'CREATE', state: 'INVALID', errors: [{ code: 'v2_field_is_empty', message: 'recipient.name is empty' }] }] }, { status: 400 }), []);
    const out = await ctx.adapter.book!(bookingRequest());
    expect(out).toMatchObject({ state: 'rejected', message: expect.stringContaining('recipient.name is empty') });
  });

  it('Should mark a timed-out create as ambiguous so the worker looks it up before retrying', async () => {
    tokenHandler(server);
    citiesHandler(server);
    orders(async () => {
      await delay(1000);
      return accepted();
    }, []);
    const err = await ctx.adapter.book!(bookingRequest({ signal: AbortSignal.timeout(150) })).catch((e) => e);
    expect(err).toMatchObject({ code: 'timeout', ambiguous: true, transient: true });
  });

  it('Should call a malformed create answer a bad_response', async () => {
    tokenHandler(server);
    citiesHandler(server);
    orders(() => HttpResponse.json({ entity: {} }, { status: 202 }), []);
    expect(await ctx.adapter.book!(bookingRequest()).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });
});

describe('cdek findBooking', () => {
  it('Should look the order up by im_number and map it', async () => {
    tokenHandler(server);
    const seen: URL[] = [];
    server.use(
      http.get(`${BASE}/v2/orders`, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json(fixture('orders-get.response.json'));
      }),
    );
    const out = await ctx.adapter.findBooking!('9622b56f', AbortSignal.timeout(2000));
    expect(out).toEqual({ state: 'booked', courierId: 'b23e5e72-84d2-4fe8-94b9-052f5488b149', trackNumber: '1107009111' });
    expect(seen[0]!.searchParams.get('im_number')).toBe('9622b56f');
  });

  it('Should return null for an unknown number (404 or v2_entity_not_found_im_number)', async () => {
    tokenHandler(server);
    server.use(http.get(`${BASE}/v2/orders`, () => HttpResponse.json({ requests: [{ state: 'INVALID', errors: [{ code: 'v2_entity_not_found_im_number', message: 'Entity is not found by number x' }] }] }, { status: 400 })));
    expect(await ctx.adapter.findBooking!('x', AbortSignal.timeout(2000))).toBeNull();
    server.use(http.get(`${BASE}/v2/orders`, () => new HttpResponse(null, { status: 404 })));
    expect(await ctx.adapter.findBooking!('x', AbortSignal.timeout(2000))).toBeNull();
  });
});
