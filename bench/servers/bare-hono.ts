import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The baseline: a bare Hono hello-world on the same Node, same machine. */
const app = new Hono();
app.get('/', (c) => c.text('ok'));
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/echo', async (c) => c.json(await c.req.json()));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
