import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, useTestHub } from '../helpers/hub.js';

/**
 * The app behind a real @hono/node-server socket, as `svyazka serve` runs it: headers and JSON
 * bodies are then read from Node's own request (src/core/http/node-request.ts), not through the
 * fetch objects that `app.request()` in the other route tests goes through.
 */
const t = useTestHub({ app: { bodyLimitBytes: 10_000 } });
let server: ServerType;
let base: string;

beforeAll(async () => {
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const quoteBody = JSON.stringify({ destination: { country: 'RU', city: 'Москва', postcode: '101000' }, parcels: [{ weight: 1200, length: 30, width: 20, height: 10 }] });
const post = (path: string, body: string | Uint8Array | ReadableStream, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);
/** A body sent with Transfer-Encoding: chunked (no Content-Length). */
const chunked = (text: string) => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(text)); c.close(); } });

describe('the app on a Node socket', () => {
  it('quotes, and answers the same request again with the same options', async () => {
    const first = await post('/v1/quotes', quoteBody);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    const answer = (await first.json()) as any;
    expect(answer.options[0]).toMatchObject({ connectorId: 'own-courier', price: { amount: 35000, currency: 'RUB' } });
    for (let i = 0; i < 3; i++) {
      const again = await post('/v1/quotes', quoteBody);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(answer);
    }
  });

  it('gives every answer a request id, keeping one the caller sent', async () => {
    const mine = await post('/v1/quotes', quoteBody, { 'x-request-id': 'crm-call-42' });
    expect(mine.headers.get('x-request-id')).toBe('crm-call-42');
    const made = await fetch(`${base}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await post('/v1/quotes', '{"destination":', { 'x-request-id': 'bad body here' });
    const id = refused.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/); // not an id: spaces are not allowed
    expect(((await refused.json()) as any).requestId).toBe(id);
  });

  it('reads a body with a byte-order mark as fetch would, and a chunked one', async () => {
    expect((await post('/v1/quotes', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(quoteBody)]))).status).toBe(200);
    expect((await post('/v1/quotes', chunked(quoteBody))).status).toBe(200);
  });

  it('refuses malformed JSON, a missing key and an oversized body, by length or chunked', async () => {
    const bad = await post('/v1/quotes', '{"destination":');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await post('/v1/quotes', quoteBody, { authorization: '' })).status).toBe(401);
    const huge = JSON.stringify({ destination: { country: 'RU', city: 'Москва' }, parcels: [{ weight: 1, length: 1, width: 1, height: 1 }], note: 'x'.repeat(20_000) });
    const byLength = await post('/v1/quotes', huge);
    expect(byLength.status).toBe(413);
    expect(((await byLength.json()) as any).code).toBe('body_too_large');
    // Refused before any route, it is still logged with its request id.
    const id = byLength.headers.get('x-request-id')!;
    expect(t.logs.some((l) => l.includes(id) && l.includes('"status":413'))).toBe(true);
    expect((await post('/v1/quotes', chunked(huge))).status).toBe(413);
  });
});
