import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';

/** The baseline: a bare Hono hello-world on the same Node, same machine. */
const app = new Hono();
app.get('/', (c) => c.text('ok'));
app.get('/healthz', (c) => c.json({ status: 'ok' }));
// A JSON body in, `bytes` of JSON out: the HTTP work of a quote with none of the hub's.
const answers = new Map<number, string>();
app.post('/answer', async (c) => {
  await c.req.json();
  const bytes = Number(c.req.query('bytes'));
  let answer = answers.get(bytes);
  if (answer === undefined) answers.set(bytes, (answer = JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) })));
  return c.body(answer, 200, { 'content-type': 'application/json' });
});
// The least a quote service can do on this machine: read the JSON body, one Redis read (as a
// cache lookup), every courier at once over keep-alive connections, a JSON answer. With REDIS_URL.
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
const agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });
app.post('/fan-out', async (c) => {
  const { urls } = (await c.req.json()) as { urls: string[] };
  await redis?.get('bench:minimal-hub:cache');
  const answers = await Promise.all(urls.map(async (u) => (await request(u, { dispatcher: agent })).body.text()));
  return c.json({ answers: answers.length, bytes: answers.reduce((n, a) => n + a.length, 0) });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
