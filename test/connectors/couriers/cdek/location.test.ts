import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, bookingRequest, fixture, quoteInput, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();

const MOSCOW = { code: 44, city: 'Москва', region: 'Москва', country_code: 'RU', payment_limit: -1 };

/** Knows Novosibirsk (630099) and Moscow (125009) by postcode or name; anything else is unknown. */
function cities() {
  const seen: Record<string, string>[] = [];
  server.use(
    http.get(`${BASE}/v2/location/cities`, ({ request }) => {
      const q = Object.fromEntries(new URL(request.url).searchParams);
      seen.push(q);
      if (q.postal_code === '630099' || q.city === 'Новосибирск') return HttpResponse.json(fixture('location-cities.response.json'));
      if (q.postal_code === '125009' || q.city === 'Москва') return HttpResponse.json([MOSCOW]);
      return HttpResponse.json([]);
    }),
  );
  return seen;
}

function tariffs() {
  const bodies: any[] = [];
  server.use(
    http.post(`${BASE}/v2/calculator/tarifflist`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(fixture('calculator-tarifflist.response.json'));
    }),
  );
  return bodies;
}

function orders() {
  const created: any[] = [];
  server.use(
    http.post(`${BASE}/v2/orders`, async ({ request }) => {
      created.push(await request.json());
      return HttpResponse.json(fixture('orders-get.response.json'), { status: 202 });
    }),
  );
  return created;
}

const NOWHERE = { country: 'RU', city: 'Нигдеград', postcode: '999999' };

describe('cdek locations with a configured sender city', () => {
  const ctx = useCdek();

  it('Should send the CDEK code on the destination as is, without a city lookup', async () => {
    tokenHandler(server);
    const lookups = cities();
    const bodies = tariffs();
    const out = await ctx.adapter.quote(quoteInput({ destination: { country: 'RU', city: 'Новосибирск', codes: { cdek: '270' } } }));
    expect(out.rates).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ from_location: { code: 44 }, to_location: { code: 270 } });
    expect(lookups).toEqual([]);
  });

  it('Should prefer the CDEK code on the warehouse address to senderCityCode', async () => {
    tokenHandler(server);
    cities();
    const bodies = tariffs();
    await ctx.adapter.quote(quoteInput({ origin: { country: 'RU', city: 'Санкт-Петербург', codes: { cdek: '137' } } }));
    expect(bodies[0].from_location).toEqual({ code: 137 });
  });

  it('Should send the street address when CDEK knows no such city, instead of giving up', async () => {
    tokenHandler(server);
    const lookups = cities();
    const bodies = tariffs();
    const out = await ctx.adapter.quote(quoteInput({ destination: { ...NOWHERE, line: 'ул. Ленина, 1' } }));
    expect(out.rates).toHaveLength(1);
    expect(bodies[0].to_location).toEqual({ country_code: 'RU', city: 'Нигдеград', postal_code: '999999', address: 'ул. Ленина, 1' });
    expect(lookups).toHaveLength(1);
  });

  it('Should still answer noService for an unknown place without a street address', async () => {
    tokenHandler(server);
    cities();
    const bodies = tariffs();
    const out = await ctx.adapter.quote(quoteInput({ destination: NOWHERE }));
    expect(out.noService).toContain('Нигдеград');
    expect(bodies).toEqual([]);
  });

  it('Should refuse a CDEK code that is not a city code, without calling CDEK', async () => {
    const tokens = tokenHandler(server);
    const lookups = cities();
    const err = await ctx.adapter.quote(quoteInput({ destination: { country: 'RU', city: 'Новосибирск', codes: { cdek: 'NSK27' } } })).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('NSK27');
    expect(lookups).toEqual([]);
    expect(tokens).toEqual([]);
  });

  it('Should book with the codes from both addresses, without lookups', async () => {
    tokenHandler(server);
    const lookups = cities();
    const created = orders();
    const req = bookingRequest();
    await ctx.adapter.book!({
      ...req,
      origin: { ...req.origin, codes: { cdek: '137' } },
      destination: { ...req.destination, codes: { cdek: '270' } },
    });
    expect(created[0].from_location).toMatchObject({ code: 137, address: 'Ленинградский пр-т, 4' });
    expect(created[0].to_location).toMatchObject({ code: 270, postal_code: '630099', address: 'ул. Блюхера, 32' });
    expect(lookups).toEqual([]);
  });
});

describe('cdek locations without a configured sender city', () => {
  const ctx = useCdek({ senderCityCode: undefined });

  it('Should look the warehouse city up by postcode once and serve it from the cache afterwards', async () => {
    tokenHandler(server);
    const lookups = cities();
    const bodies = tariffs();
    await ctx.adapter.quote(quoteInput());
    await ctx.adapter.quote(quoteInput());
    expect(bodies.map((b) => [b.from_location, b.to_location])).toEqual([
      [{ code: 44 }, { code: 270 }],
      [{ code: 44 }, { code: 270 }],
    ]);
    expect(lookups.map((q) => q.postal_code).sort()).toEqual(['125009', '630099']);
  });

  it('Should use the CDEK code on the warehouse address', async () => {
    tokenHandler(server);
    const lookups = cities();
    const bodies = tariffs();
    await ctx.adapter.quote(quoteInput({ origin: { country: 'RU', city: 'Москва', codes: { cdek: '44' } } }));
    expect(bodies[0].from_location).toEqual({ code: 44 });
    expect(lookups.map((q) => q.postal_code)).toEqual(['630099']);
  });

  it('Should send the warehouse street address when CDEK knows no such city', async () => {
    tokenHandler(server);
    cities();
    const bodies = tariffs();
    await ctx.adapter.quote(quoteInput({ origin: { ...NOWHERE, line: 'Промзона, 3' } }));
    expect(bodies[0].from_location).toEqual({ country_code: 'RU', city: 'Нигдеград', postal_code: '999999', address: 'Промзона, 3' });
  });

  it('Should ask for senderCityCode or a code on the warehouse when nothing locates it', async () => {
    tokenHandler(server);
    cities();
    tariffs();
    const err = await ctx.adapter.quote(quoteInput({ origin: NOWHERE })).catch((e) => e);
    expect(err).toMatchObject({ code: 'config' });
    expect(err.message).toContain('codes.cdek');
  });
});
