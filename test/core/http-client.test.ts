import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttpClient, ensureOk } from '../../src/core/http/client.js';
import { ConnectorError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();
const client = createHttpClient({ logger: silentLogger });

describe('http client', () => {
  it('sends JSON and reads JSON', async () => {
    server.use(http.post('https://api.test/echo', async ({ request }) => HttpResponse.json({ got: await request.json() })));
    const res = await client.request({ url: 'https://api.test/echo', json: { a: 1 } });
    expect(res.json()).toEqual({ got: { a: 1 } });
  });

  it('turns a slow provider into a timeout marked ambiguous for a POST', async () => {
    server.use(http.post('https://api.test/slow', async () => { await delay(500); return HttpResponse.json({}); }));
    const err = await client.request({ url: 'https://api.test/slow', json: {}, timeoutMs: 50 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.code).toBe('timeout');
    expect(err.transient).toBe(true);
    expect(err.ambiguous).toBe(true);
  });

  it('reports a body that is not JSON as bad_response', async () => {
    server.use(http.get('https://api.test/html', () => HttpResponse.text('<html>oops</html>')));
    const res = await client.request({ url: 'https://api.test/html' });
    expect(() => res.json()).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });

  it('classifies statuses: 401 auth, 429 with Retry-After, 503 transient, 400 permanent', async () => {
    const cases: [number, string, boolean][] = [[401, 'auth', false], [429, 'rate_limited', true], [503, 'provider_error', true], [400, 'invalid_request', false]];
    for (const [status, code, transient] of cases) {
      server.use(http.get('https://api.test/s', () => new HttpResponse('nope', { status, headers: { 'retry-after': '7' } })));
      const res = await client.request({ url: 'https://api.test/s' });
      try {
        ensureOk(res, 'Test');
        expect.unreachable();
      } catch (e) {
        expect(e).toMatchObject({ code, transient });
        if (status === 429) expect((e as ConnectorError).retryAfterMs).toBe(7000);
      }
    }
  });

  it('never puts the query string (where tokens travel) into error messages', async () => {
    server.use(http.get('https://api.test/q', () => HttpResponse.error()));
    const err = await client.request({ url: 'https://api.test/q', query: { token: 'SECRET123' } }).catch((e) => e);
    expect(err.code).toBe('network');
    expect(err.message).not.toContain('SECRET123');
  });
});
