import { Writable } from 'node:stream';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { parsePickupPointPage } from '../../../../src/connectors/couriers/cdek/pickup-points.js';
import { createLogger } from '../../../../src/core/logger.js';
import { PickupPoint } from '../../../../src/core/quotes/pickup-points.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, fixture, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();
const OFFICES: any[] = fixture('deliverypoints.response.json');

/** Serves `list(country)` in the pages the request asks for, as CDEK does; records each query. */
function offices(list: (country: string) => unknown[] = () => OFFICES, reply?: (page: number) => Response | Promise<Response> | undefined) {
  const queries: Record<string, string>[] = [];
  const auths: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/v2/deliverypoints`, async ({ request }) => {
      const q = Object.fromEntries(new URL(request.url).searchParams);
      queries.push(q);
      auths.push(request.headers.get('authorization'));
      const page = Number(q.page);
      const custom = await reply?.(page);
      if (custom) return custom;
      const size = Number(q.size);
      return HttpResponse.json(list(q.country_code!).slice(page * size, (page + 1) * size));
    }),
  );
  return { queries, auths };
}

describe('cdek pickup points, pages of 3', () => {
  const ctx = useCdek({}, { pickupPageSize: 3 });

  it('Should page through the country\'s offices from page 0 until a short page', async () => {
    tokenHandler(server);
    const { queries, auths } = offices();
    const points = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000));
    expect(queries).toEqual([0, 1, 2].map((page) => ({ country_code: 'RU', type: 'ALL', page: String(page), size: '3' })));
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
    // MSK305 only takes parcels in; SPB13 has no city and text coordinates.
    expect(points.map((p) => p.code)).toEqual(['NSK1', 'NSK27', 'NSK385', 'MSK2181', 'SPB2']);
  });

  it('Should map a staffed point with COD, one without, and a postamat to the hub\'s schema', async () => {
    tokenHandler(server);
    offices();
    const points = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000));
    const byCode = Object.fromEntries(points.map((p) => [p.code, p]));
    expect(byCode.NSK1).toEqual({
      code: 'NSK1',
      name: 'На Блюхера',
      address: { country: 'RU', region: 'Новосибирская область', city: 'Новосибирск', postcode: '630099', line: 'ул. Блюхера, 32', codes: { cdek: '270' } },
      location: { lat: 55.0125, lon: 82.9214 },
      type: 'pickup_point',
      workTime: 'Пн-Пт 10:00-20:00, Сб-Вс 10:00-18:00',
      codAvailable: true,
    });
    expect(byCode.NSK27).toMatchObject({ type: 'pickup_point', codAvailable: false });
    expect(byCode.NSK385).toMatchObject({ type: 'postamat', codAvailable: true, workTime: 'Пн-Вс 00:00-23:59', address: { city: 'Новосибирск', codes: { cdek: '270' } } });
    for (const p of points) expect(PickupPoint.safeParse(p).success).toBe(true);
  });

  it('Should leave a malformed office out with a warning naming it, and keep the rest', async () => {
    tokenHandler(server);
    offices();
    const lines: any[] = [];
    ctx.deps.logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const points = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000));
    expect(points).toHaveLength(5);
    const warn = lines.find((l) => l.level === 40);
    expect(warn).toMatchObject({ connectorId: 'cdek-1', malformed: 1 });
    expect(warn.examples[0]).toMatch(/^SPB13: location\./);
    expect(lines.find((l) => l.excluded)).toMatchObject({ excluded: 1 });
  });

  it('Should stop when CDEK ignores the page number and sends the same offices again', async () => {
    tokenHandler(server);
    const { queries } = offices(undefined, () => HttpResponse.json(OFFICES.slice(0, 3)));
    const points = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000));
    expect(queries).toHaveLength(2);
    expect(points.map((p) => p.code)).toEqual(['NSK1', 'NSK27', 'NSK385']);
  });

  it('Should fail the whole list when a later page fails, so the hub keeps its previous list', async () => {
    tokenHandler(server);
    offices(undefined, (page) => (page === 1 ? new HttpResponse('<html>502 Bad Gateway</html>', { status: 502 }) : undefined));
    expect(await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000)).catch((e) => e)).toMatchObject({ code: 'provider_error', transient: true });
  });

  it('Should report CDEK\'s refusal (400 with errors[]) as a permanent invalid_request', async () => {
    tokenHandler(server);
    offices(undefined, () => HttpResponse.json({ errors: [{ code: 'v2_bad_request', message: 'Invalid country_code' }] }, { status: 400 }));
    const err = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000)).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_request', transient: false });
    expect(err.message).toContain('Invalid country_code');
  });

  it('Should time out under the caller\'s deadline', async () => {
    tokenHandler(server);
    offices(undefined, async () => {
      await delay(1000);
      return HttpResponse.json([]);
    });
    expect(await ctx.adapter.pickupPoints!(AbortSignal.timeout(150)).catch((e) => e)).toMatchObject({ code: 'timeout', transient: true });
  });

  it('Should call an answer that is not a list of offices a bad_response', async () => {
    tokenHandler(server);
    offices(undefined, () => HttpResponse.json({ status: 'ok' }));
    expect(await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000)).catch((e) => e)).toMatchObject({ code: 'bad_response' });
  });
});

describe('cdek pickup points, other page sizes and countries', () => {
  const ctx = useCdek({ pickupPointCountries: ['RU', 'KZ'] }, { pickupPageSize: 7 });

  it('Should fetch every configured country and stop at an empty page when the list divides evenly', async () => {
    tokenHandler(server);
    const kz = { ...OFFICES[0], code: 'AST5', location: { ...OFFICES[0].location, country_code: 'KZ', region: 'Астана', city_code: 4756, city: 'Астана', postal_code: '010000' } };
    const { queries } = offices((country) => (country === 'RU' ? OFFICES : [kz]));
    const points = await ctx.adapter.pickupPoints!(AbortSignal.timeout(5000));
    expect(queries.map((q) => `${q.country_code}:${q.page}`)).toEqual(['RU:0', 'RU:1', 'KZ:0']);
    expect(points.find((p) => p.code === 'AST5')?.address).toMatchObject({ country: 'KZ', city: 'Астана', codes: { cdek: '4756' } });
    expect(points).toHaveLength(6);
  });

  it('Should default to Russia and refuse country names that are not ISO codes', async () => {
    const { CdekConfig } = await import('../../../../src/connectors/couriers/cdek/config.js');
    expect(CdekConfig.parse({ clientId: 'a', clientSecret: 'b' }).pickupPointCountries).toEqual(['RU']);
    expect(CdekConfig.safeParse({ clientId: 'a', clientSecret: 'b', pickupPointCountries: ['Russia'] }).success).toBe(false);
  });
});

describe('cdek pickup point mapping', () => {
  it('Should accept the single office the spec declares, and fall back to the address for a nameless one', () => {
    const { name: _name, ...nameless } = OFFICES[3];
    const page = parsePickupPointPage(nameless);
    expect(page.listed).toBe(1);
    expect(page.points[0]).toMatchObject({ code: 'MSK2181', name: 'Ленинградский пр-т, 4', codAvailable: true });
  });

  it('Should count an office of an unknown type as malformed and a closed one as excluded', () => {
    const page = parsePickupPointPage([{ ...OFFICES[0], type: 'DRONE' }, { ...OFFICES[1], status: 'CLOSED' }, OFFICES[2]]);
    expect(page.points.map((p) => p.code)).toEqual(['NSK385']);
    expect(page.malformed).toEqual(['NSK1: unknown office type DRONE']);
    expect(page.excluded).toBe(1);
  });
});
