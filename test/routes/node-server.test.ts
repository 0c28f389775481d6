import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHub } from '../../src/server.js';
import { ADMIN_KEY, useTestHub } from '../helpers/hub.js';

/**
 * The app behind a real socket, as `svyazka serve` runs it (src/server.ts): headers and JSON
 * bodies are then read from Node's own request (src/core/http/node-request.ts), not through the
 * fetch objects that `app.request()` in the other route tests goes through, and identical quotes
 * are replayed in front of Hono (src/routes/quote-replay.ts).
 */
const t = useTestHub({ app: { bodyLimitBytes: 10_000 } });
let server: Server;
let base: string;
/** Requests that reached the Hono app. */
let honoCalls = 0;

beforeAll(async () => {
  const app = { fetch: (req: Request, env: unknown) => (honoCalls++, t.app.fetch(req, env)) };
  base = await new Promise<string>((res) => (server = serveHub(t.hub, app, { port: 0, hostname: '127.0.0.1' }, (port) => res(`http://127.0.0.1:${port}`))));
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

  it('replays an identical quote in front of the app: same bytes and headers, logged, cache hits counted', async () => {
    const body = JSON.stringify({ destination: { country: 'RU', city: 'Казань', postcode: '420000' }, parcels: [{ weight: 900, length: 20, width: 20, height: 20 }] });
    const first = await post('/v1/quotes', body);
    expect(first.status).toBe(200);
    const bytes = await first.text();
    // Remembered once built wholly from cached courier answers: from the second time on.
    expect(await (await post('/v1/quotes', body)).text()).toBe(bytes);
    const before = honoCalls;
    const hits = async () => (await t.hub.metrics.quoteCache.get()).values.filter((v) => v.labels.result === 'hit').reduce((n, v) => n + v.value, 0);
    const hitsBefore = await hits();
    const again = await post('/v1/quotes', body, { 'x-request-id': 'crm-replay-7' });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(bytes);
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(again.headers.get('x-request-id')).toBe('crm-replay-7');
    expect(honoCalls).toBe(before);
    expect(t.logs.some((l) => l.includes('crm-replay-7') && l.includes('"path":"/v1/quotes"') && l.includes('"status":200'))).toBe(true);
    expect(await hits()).toBe(hitsBefore + 1);
  });

  it('leaves everything but a replay with a good key to the app, which finds the body already read', async () => {
    const first = await post('/v1/quotes', quoteBody);
    expect(first.status).toBe(200);
    const { key } = await t.hub.apiKeys.create('orders only', ['orders'], new Date());
    const before = honoCalls;
    const forbidden = await post('/v1/quotes', quoteBody, { authorization: `Bearer ${key}` });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as any).code).toBe('missing_scope');
    const wrong = await post('/v1/quotes', quoteBody, { authorization: 'Bearer not-a-key' });
    expect(wrong.status).toBe(401);
    // Not remembered (a new weight): the app quotes it from the body the front read.
    const other = await post('/v1/quotes', quoteBody.replace('1200', '1300'));
    expect(other.status).toBe(200);
    expect(((await other.json()) as any).options[0].connectorId).toBe('own-courier');
    expect(honoCalls).toBe(before + 3);
  });

  it('survives a client that sends half a quote body and goes away', async () => {
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /v1/quotes HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${ADMIN_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${quoteBody.length + 50}\r\n\r\n${quoteBody.slice(0, 40)}`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const after = await post('/v1/quotes', quoteBody);
    expect(after.status).toBe(200);
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
