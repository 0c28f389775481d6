import { serve } from '@hono/node-server';
import { Hono } from 'hono';

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
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
