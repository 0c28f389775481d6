import { http, HttpResponse } from 'msw';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
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
