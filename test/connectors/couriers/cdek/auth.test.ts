import { delay, http, HttpResponse } from 'msw';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { cdek } from '../../../../src/connectors/couriers/cdek/index.js';
import { TOKEN_SAFETY_MARGIN_MS } from '../../../../src/connectors/couriers/cdek/client.js';
import { useMsw } from '../../../helpers/msw.js';
import { BASE, citiesHandler, fixture, quoteInput, tokenHandler, useCdek } from './_setup.js';

const server = useMsw();
const ctx = useCdek();

function tariffHandler(onAuth: (auth: string | null) => Response | undefined = () => undefined) {
  const auths: (string | null)[] = [];
  server.use(
    http.post(`${BASE}/v2/calculator/tarifflist`, ({ request }) => {
      const auth = request.headers.get('authorization');
      auths.push(auth);
      return onAuth(auth) ?? HttpResponse.json(fixture('calculator-tarifflist.response.json'));
    }),
  );
  return auths;
}

/** Token endpoint answering after `ms` from its `slowFrom`-th call on; returns the number of calls so far. */
function slowTokens(ms: number, slowFrom = 1) {
  let calls = 0;
  server.use(
    http.post(`${BASE}/v2/oauth/token`, async () => {
      const n = ++calls;
      if (n >= slowFrom) await delay(ms);
      return HttpResponse.json({ ...fixture('oauth-token.response.json'), access_token: `tok-${n}`, expires_in: 3600 });
    }),
  );
  return () => calls;
}

describe('cdek auth', () => {
  it('Should request a client_credentials token as a form and send it as a bearer', async () => {
    const tokens = tokenHandler(server);
    citiesHandler(server);
    const auths = tariffHandler();
    await ctx.adapter.quote(quoteInput());
    expect(tokens).toHaveLength(1);
    expect(Object.fromEntries(tokens[0]!)).toEqual({ grant_type: 'client_credentials', client_id: 'acct', client_secret: 'S3cr3t-value' });
    expect(auths).toEqual(['Bearer tok-1']);
  });

  it('Should cache the token: a second quote makes no token call', async () => {
    const tokens = tokenHandler(server);
    citiesHandler(server);
    const auths = tariffHandler();
    await ctx.adapter.quote(quoteInput());
    await ctx.adapter.quote(quoteInput());
    expect(tokens).toHaveLength(1);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-1']);
  });

  it('Should fetch a new token before the old one expires (expires_in minus the safety margin)', async () => {
    const tokens = tokenHandler(server);
    citiesHandler(server);
    const auths = tariffHandler();
    await ctx.adapter.quote(quoteInput());
    ctx.deps.clock.advance(3600_000 - TOKEN_SAFETY_MARGIN_MS + 1);
    await ctx.adapter.quote(quoteInput());
    expect(tokens).toHaveLength(2);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('Should keep using a token in its last third while a new one is fetched in the background', async () => {
    const tokenCalls = slowTokens(800, 2);
    citiesHandler(server);
    const auths = tariffHandler();
    await ctx.adapter.quote(quoteInput());
    ctx.deps.clock.advance(2500_000); // past two thirds of the hour, well before expiry
    const started = performance.now();
    await ctx.adapter.quote(quoteInput());
    expect(performance.now() - started).toBeLessThan(400);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    await vi.waitFor(() => expect(tokenCalls()).toBe(2));
    // Once the slow refresh lands, quotes use the new token without another token call.
    await vi.waitFor(async () => {
      await ctx.adapter.quote(quoteInput());
      expect(auths.at(-1)).toBe('Bearer tok-2');
    }, { timeout: 3000, interval: 100 });
    expect(tokenCalls()).toBe(2);
  });

  // Once with the city known (the tariff call is the first to need the token), once with the
  // token fetched inside the shared city lookup.
  for (const [what, destination] of [
    ['the shared token fetch', { country: 'RU', city: 'Новосибирск', codes: { cdek: '270' } }],
    ['the shared city lookup and token fetch', undefined],
  ] as const) {
    it(`Should not fail a second quote when the first gives up while ${what} runs`, async () => {
      const tokenCalls = slowTokens(300);
      citiesHandler(server);
      const auths = tariffHandler();
      const input = (ms: number) => quoteInput({ signal: AbortSignal.timeout(ms), ...(destination ? { destination } : {}) });
      const [impatient, patient] = await Promise.allSettled([ctx.adapter.quote(input(100)), ctx.adapter.quote(input(5000))]);
      expect(impatient).toMatchObject({ status: 'rejected', reason: { code: 'timeout', transient: true } });
      expect(patient).toMatchObject({ status: 'fulfilled', value: { rates: [expect.objectContaining({ service: '62' })] } });
      expect(tokenCalls()).toBe(1);
      expect(auths).toEqual(['Bearer tok-1']);
    });
  }

  it('Should drop the token on a 401, fetch a new one once and retry the call once', async () => {
    const tokens = tokenHandler(server);
    citiesHandler(server);
    const auths = tariffHandler((auth) => (auth === 'Bearer tok-1' ? HttpResponse.json({ errors: [{ code: 'v2_token_expired', message: 'Access token is expired' }] }, { status: 401 }) : undefined));
    const out = await ctx.adapter.quote(quoteInput());
    expect(out.rates).toHaveLength(1);
    expect(tokens).toHaveLength(2);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('Should give up with an auth error when the retried call is also refused', async () => {
    const tokens = tokenHandler(server);
    citiesHandler(server);
    const auths = tariffHandler(() => new HttpResponse('unauthorized', { status: 401 }));
    const err = await ctx.adapter.quote(quoteInput()).catch((e) => e);
    expect(err).toMatchObject({ code: 'auth', transient: false });
    expect(tokens).toHaveLength(2);
    expect(auths).toHaveLength(2);
  });

  it('Should report rejected credentials as auth without leaking the secret', async () => {
    server.use(http.post(`${BASE}/v2/oauth/token`, () => HttpResponse.json({ error: 'invalid_client', error_description: 'Bad credentials' }, { status: 401 })));
    const result = await ctx.adapter.test!(AbortSignal.timeout(2000));
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('invalid_client');
    expect(result.detail).not.toContain('S3cr3t-value');
  });

  it('Should pass test() when CDEK issues a token', async () => {
    tokenHandler(server);
    expect(await ctx.adapter.test!(AbortSignal.timeout(2000))).toEqual({ ok: true, detail: expect.stringContaining('CDEK') });
  });

  it('Should declare the secret and default to production, or the edu host in sandbox', async () => {
    expect(cdek.secretFields).toEqual(['clientSecret', 'webhookToken']);
    const { cdekBaseUrl } = await import('../../../../src/connectors/couriers/cdek/config.js');
    expect(cdekBaseUrl(cdek.configSchema.parse({ clientId: 'a', clientSecret: 'b' }))).toBe('https://api.cdek.ru');
    expect(cdekBaseUrl(cdek.configSchema.parse({ clientId: 'a', clientSecret: 'b', sandbox: true }))).toBe('https://api.edu.cdek.ru');
    expect(cdek.configSchema.safeParse({ clientId: '', clientSecret: 'b' }).success).toBe(false);
    const schema = z.toJSONSchema(cdek.configSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    expect(Object.values(schema.properties).every((p) => !!p.description)).toBe(true);
  });
});
