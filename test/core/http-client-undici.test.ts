import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, ensureOk } from '../../src/core/http/client.js';
import { ConnectorError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';

// msw intercepts fetch only, so the undici transport (what `svyazka` runs) is tested against a
// real HTTP server on 127.0.0.1.
let server: Server;
let base = '';
const seen: { method: string; url: string; type?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
      const path = req.url!.split('?')[0];
      if (path === '/echo') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: JSON.parse(body) }));
      if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 500);
      if (path === '/moved') return void res.writeHead(302, { location: '/echo-get' }).end();
      if (path === '/echo-get') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"redirected":true}');
      if (path === '/busy') return void res.writeHead(429, { 'retry-after': '7', 'set-cookie': ['a=1', 'b=2'] }).end('slow down');
      if (path === '/html') return void res.writeHead(200).end('<html>oops</html>');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => {
  server.closeAllConnections();
  server.close(() => r());
}));

const client = createHttpClient({ logger: silentLogger, transport: 'undici' });

describe('http client over undici.request', () => {
  it('sends JSON and form bodies with their content types and reads the answer', async () => {
    const res = await client.request({ url: `${base}/echo`, json: { a: 'б' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ got: { a: 'б' } });
    expect(res.headers.get('content-type')).toBe('application/json');
    await client.request({ url: `${base}/form`, body: new URLSearchParams({ method: 'x', q: 'б' }) });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'method=x&q=%D0%B1' });
  });

  it('follows redirects as fetch does', async () => {
    const res = await client.request({ url: `${base}/moved`, query: { token: 'T' } });
    expect(res.json()).toEqual({ redirected: true });
  });

  it('resolves any status with its headers, so ensureOk classifies it (429 with Retry-After)', async () => {
    const res = await client.request({ url: `${base}/busy` });
    expect(res.status).toBe(429);
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(() => ensureOk(res, 'Test')).toThrow(expect.objectContaining({ code: 'rate_limited', retryAfterMs: 7000 }));
  });

  it('turns a slow provider into a timeout, ambiguous for a POST, and honours the caller signal', async () => {
    const err = await client.request({ url: `${base}/slow`, json: {}, timeoutMs: 50 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'timeout', transient: true, ambiguous: true });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 30);
    const started = performance.now();
    const cancelled = await client.request({ url: `${base}/slow`, signal: ctrl.signal }).catch((e) => e);
    expect(cancelled).toMatchObject({ code: 'timeout', ambiguous: false });
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('reports a refused connection as a network failure without the query string', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await client.request({ url: `http://127.0.0.1:${port}/q`, query: { token: 'SECRET123' } }).catch((e) => e);
    expect(err).toMatchObject({ code: 'network', transient: true });
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain('SECRET123');
  });

  it('reports a body that is not JSON as bad_response', async () => {
    const res = await client.request({ url: `${base}/html` });
    expect(() => res.json()).toThrow(expect.objectContaining({ code: 'bad_response' }));
  });
});
